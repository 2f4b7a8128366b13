/**
 * FLOP counts of a transformer, following Megatron's accounting (Narayanan et al. 2021,
 * Section 5.1): a multiply-add is 2 FLOPs, attention counts the full s x s score matrix
 * (no causal halving), and the backward pass costs twice the forward. Backward is split into
 * B (gradients of inputs) and W (gradients of weights) as in zero-bubble pipelining
 * (Qi et al. 2024): for a linear layer F = B = W; attention's score and context products
 * have no weights, so their whole backward (2F) is B.
 */
import { activeParams, attentionParams, isMoeLayer, layerParams, mlpParams, type ModelSpec } from './llm.js';

/** Forward FLOPs of one layer for one microbatch, split by kind. */
export interface LayerFlops {
  /** Weight GEMMs: projections, MLP or experts, router. */
  linearFlops: number;
  /** Weightless attention products QK^T and AV. */
  attentionFlops: number;
}

/** Forward, backward-for-inputs and backward-for-weights FLOPs. */
export interface FbwFlops {
  forwardFlops: number;
  backwardInputFlops: number;
  backwardWeightFlops: number;
}

/** Parameters of layer `index` that one token multiplies with (top-k experts only). */
export function activeLayerParams(spec: ModelSpec, index: number): number {
  if (!isMoeLayer(spec, index) || !spec.moe) return layerParams(spec, false).dense;
  return layerParams(spec, true).dense + spec.moe.topK * mlpParams(spec, spec.moe.expertFfnHiddenSize);
}

/** Per-head widths of the score (q.k) and context (v) products. */
function attentionHeadDims(spec: ModelSpec): { qk: number; v: number } {
  if (spec.mla) return { qk: spec.mla.qkNopeHeadDim + spec.mla.qkRopeHeadDim, v: spec.mla.vHeadDim };
  return { qk: spec.headDim, v: spec.headDim };
}

/**
 * Forward FLOPs of layer `index` for `sequences` sequences of `seqLength` tokens.
 *
 * @example
 * ```ts
 * // GPT layer: 24 b s h^2 + 4 b s^2 h.
 * const f = layerForwardFlops(gptSpec('g', { layers: 1, hiddenSize: 1024, heads: 16 }), 0, 1, 2048);
 * f.linearFlops + f.attentionFlops; // 24*2048*1024**2 + 4*2048**2*1024
 * ```
 */
export function layerForwardFlops(spec: ModelSpec, index: number, sequences: number, seqLength: number): LayerFlops {
  const tokens = sequences * seqLength;
  const dims = attentionHeadDims(spec);
  return {
    linearFlops: 2 * tokens * activeLayerParams(spec, index),
    attentionFlops: 2 * sequences * seqLength * seqLength * spec.heads * (dims.qk + dims.v),
  };
}

/**
 * Split a layer's forward FLOPs into F, B and W.
 *
 * @example
 * ```ts
 * splitFbw({ linearFlops: 10, attentionFlops: 2 }); // { forwardFlops: 12, backwardInputFlops: 14, backwardWeightFlops: 10 }
 * ```
 */
export function splitFbw(layer: LayerFlops): FbwFlops {
  return {
    forwardFlops: layer.linearFlops + layer.attentionFlops,
    backwardInputFlops: layer.linearFlops + 2 * layer.attentionFlops,
    backwardWeightFlops: layer.linearFlops,
  };
}

/**
 * Forward FLOPs of the output layer (logits) for `tokens` tokens.
 *
 * @example
 * ```ts
 * logitsForwardFlops(gptSpec('g', { layers: 1, hiddenSize: 1024, heads: 16 }), 2048); // 2*2048*1024*51200
 * ```
 */
export function logitsForwardFlops(spec: ModelSpec, tokens: number): number {
  return 2 * tokens * spec.hiddenSize * spec.vocabSize;
}

/**
 * Model FLOPs of one training step (forward + backward, no recomputation): what MFU counts.
 *
 * @example
 * ```ts
 * const flops = trainingStepModelFlops(getModelPreset('llama3-8b'), 1024, 8192);
 * ```
 */
export function trainingStepModelFlops(spec: ModelSpec, globalBatch: number, seqLength: number): number {
  let forward = logitsForwardFlops(spec, globalBatch * seqLength);
  for (let index = 0; index < spec.layers; index++) {
    const layer = layerForwardFlops(spec, index, globalBatch, seqLength);
    forward += layer.linearFlops + layer.attentionFlops;
  }
  return 3 * forward;
}

/**
 * Forward FLOPs of all layers (no logits) for one microbatch, split by kind.
 *
 * @example
 * ```ts
 * const f = modelLayersForwardFlops(getModelPreset('mixtral-8x7b'), 1, 4096);
 * ```
 */
export function modelLayersForwardFlops(spec: ModelSpec, sequences: number, seqLength: number): LayerFlops {
  const total: LayerFlops = { linearFlops: 0, attentionFlops: 0 };
  for (let index = 0; index < spec.layers; index++) {
    const layer = layerForwardFlops(spec, index, sequences, seqLength);
    total.linearFlops += layer.linearFlops;
    total.attentionFlops += layer.attentionFlops;
  }
  return total;
}

/**
 * FLOPs per iteration as Narayanan et al. 2021 (eq. 3) count them for a GPT model, with full
 * activation recomputation: `96 B s l h^2 (1 + s/(6h) + V/(16 l h))`.
 *
 * @example
 * ```ts
 * narayananFlopsPerIteration({ batch: 512, seqLength: 2048, layers: 24, hiddenSize: 2304, vocabSize: 51200 });
 * ```
 */
export function narayananFlopsPerIteration(c: {
  batch: number;
  seqLength: number;
  layers: number;
  hiddenSize: number;
  vocabSize: number;
}): number {
  const h = c.hiddenSize;
  return (
    96 * c.batch * c.seqLength * c.layers * h * h * (1 + c.seqLength / (6 * h) + c.vocabSize / (16 * c.layers * h))
  );
}

/** The classic `6 N` FLOPs per token estimate with N the active parameters, for comparison. */
export function sixNFlopsPerToken(spec: ModelSpec): number {
  return 6 * activeParams(spec);
}

/** Attention projection FLOPs per token, forward (exported for the serving model). */
export function attentionProjectionFlopsPerToken(spec: ModelSpec): number {
  return 2 * attentionParams(spec);
}
