/**
 * Seconds of one transformer layer on one GPU for one microbatch, split into forward (F),
 * backward-for-inputs (B) and backward-for-weights (W), plus the layer's communication.
 * GEMMs go through the roofline with the small-GEMM efficiency; norms, activations and
 * residual adds are memory-bound streams; attention is either FlashAttention (scores stay
 * on chip, backward recomputes QK^T; `flash-attention.ts`) or a materialized softmax (scores
 * round-trip HBM).
 */
import { allGatherSeconds, allReduceSeconds, allToAllSeconds, type CommGroup } from './communication.js';
import type { GpuSpec } from './hardware.js';
import { attentionParams, isMoeLayer, kvWidth, queryWidth, type ModelSpec } from './llm.js';
import { flashAttentionSeconds } from './flash-attention.js';
import type { AttentionKernel } from './memory.js';
import { gemmSeconds, streamSeconds, type GemmShape } from './roofline.js';

/** What one GPU does for one layer. */
export interface LayerContext {
  gpu: GpuSpec;
  model: ModelSpec;
  /** Sequences per microbatch. */
  sequences: number;
  seqLength: number;
  tp: number;
  cp: number;
  ep: number;
  sp: boolean;
  attention: AttentionKernel;
  tpGroup: CommGroup;
  cpGroup: CommGroup;
  epGroup: CommGroup;
}

/** Seconds of one layer for one microbatch. */
export interface LayerSeconds {
  forwardS: number;
  backwardInputS: number;
  backwardWeightS: number;
  /** Forward of the attention core alone (what selective recomputation repeats). */
  attentionForwardS: number;
  /** Communication in the forward pass (repeated by full recomputation) and in the backward. */
  commForwardS: number;
  commBackwardS: number;
}

/**
 * Bytes a materialized softmax touches per score element, forward: read the scores and write
 * the probabilities (4); with dropout, read them again and write the output and a 1-byte mask (5).
 */
function materializedBytesPerScore(model: ModelSpec): number {
  return model.dropout ? 9 : 4;
}

function linearShapes(c: LayerContext, moe: boolean): GemmShape[] {
  const { model, tp } = c;
  const h = model.hiddenSize;
  const tokens = (c.sequences * c.seqLength) / c.cp;
  const shapes: GemmShape[] = model.mla
    ? [{ m: tokens, n: attentionParams(model) / h / tp, k: h }]
    : [
        { m: tokens, n: (queryWidth(model) + 2 * kvWidth(model)) / tp, k: h },
        { m: tokens, n: h, k: queryWidth(model) / tp },
      ];
  const upFactor = model.gatedMlp ? 2 : 1;
  const mlp = (m: number, f: number, batch = 1): GemmShape[] => [
    { m, n: (upFactor * f) / tp, k: h, batch },
    { m, n: h, k: f / tp, batch },
  ];
  if (!moe || !model.moe) return [...shapes, ...mlp(tokens, model.ffnHiddenSize)];
  const e = model.moe;
  const expertsHere = e.experts / c.ep;
  const tokensPerExpert = (tokens * e.topK * c.ep) / e.experts;
  shapes.push(...mlp(tokensPerExpert, e.expertFfnHiddenSize, expertsHere), { m: tokens, n: e.experts, k: h });
  if (e.sharedExperts > 0) shapes.push(...mlp(tokens, e.sharedExperts * e.sharedExpertFfnHiddenSize));
  return shapes;
}

/** Forward and backward seconds of the attention core (QK^T, softmax, AV). */
function attentionCoreSeconds(c: LayerContext): { forwardS: number; backwardS: number } {
  const { model } = c;
  const heads = model.heads / c.tp;
  const queries = c.seqLength / c.cp;
  const qkDim = queryWidth(model) / model.heads;
  const vDim = model.mla ? model.mla.vHeadDim : model.headDim;
  const batch = c.sequences * heads;
  if (c.attention === 'flash') {
    // Causal: the kernel skips the tiles above the diagonal (the FLOP accounting for MFU keeps
    // Megatron's full s^2 convention; this is time, so it counts what the kernel executes).
    return flashAttentionSeconds(c.gpu, { batch, queries, keys: c.seqLength, qkDim, vDim, causal: true });
  }
  const scores = gemmSeconds(c.gpu, { m: queries, n: c.seqLength, k: qkDim, batch });
  const context = gemmSeconds(c.gpu, { m: queries, n: vDim, k: c.seqLength, batch });
  const softmaxS = streamSeconds(c.gpu, batch * queries * c.seqLength * materializedBytesPerScore(model));
  return { forwardS: scores + context + softmaxS, backwardS: 2 * (scores + context + softmaxS) };
}

/** Memory-bound elementwise work per layer, forward (backward costs twice). */
function elementwiseForwardSeconds(c: LayerContext, moe: boolean): number {
  const { model } = c;
  const tokens = (c.sequences * c.seqLength) / c.cp;
  const h = model.hiddenSize;
  // Two norms (read + write 2h bytes each) and two residual adds (read two, write one: 6h
  // bytes each; 7h with dropout, which also writes a 1-byte mask).
  const residualBytes = model.dropout ? 7 : 6;
  const replicated = ((8 + 2 * residualBytes) * h * tokens) / (c.sp ? c.tp : 1);
  const perFfn = model.gatedMlp ? 6 : 4;
  let sharded = perFfn * model.ffnHiddenSize * tokens;
  if (moe && model.moe) {
    const e = model.moe;
    sharded =
      tokens * (e.topK * perFfn * e.expertFfnHiddenSize + e.sharedExperts * perFfn * e.sharedExpertFfnHiddenSize);
    sharded += 8 * e.topK * h * tokens * c.tp; // permute and unpermute copies, not sharded by TP
  }
  return streamSeconds(c.gpu, replicated + sharded / c.tp);
}

/** Communication of one layer's forward pass: TP, CP and EP collectives. */
function forwardCommSeconds(
  c: LayerContext,
  moe: boolean,
): { tpS: number; cpS: number; epS: number; gatherRedoS: number } {
  const { model } = c;
  const tokens = (c.sequences * c.seqLength) / c.cp;
  const activationBytes = 2 * tokens * model.hiddenSize;
  // Two all-reduces without SP, or two all-gather + reduce-scatter pairs with SP: same volume.
  const tpS = c.tp > 1 ? 2 * allReduceSeconds(activationBytes, c.tpGroup) : 0;
  // With SP the gathered inputs of the QKV and first MLP GEMMs are not kept: the backward
  // gathers them again for the weight gradients (Korthikanti et al. 2022, Section 4.2.2).
  const gatherRedoS = c.tp > 1 && c.sp ? 2 * allGatherSeconds(activationBytes, c.tpGroup) : 0;
  const kvBytes = (2 * 2 * tokens * c.cp * kvWidth(model)) / c.tp;
  const cpS = c.cp > 1 ? allGatherSeconds(kvBytes, c.cpGroup) : 0;
  let epS = 0;
  if (moe && model.moe && c.ep > 1) {
    const sendBytes = (tokens * model.moe.topK * model.hiddenSize * 2) / (c.sp ? c.tp : 1);
    epS = 2 * allToAllSeconds(sendBytes, c.epGroup); // dispatch and combine
  }
  return { tpS, cpS, epS, gatherRedoS };
}

/**
 * Seconds of layer `index` for one microbatch on one GPU.
 *
 * @example
 * ```ts
 * const s = layerSeconds(context, 0);
 * s.forwardS + s.backwardInputS + s.backwardWeightS; // compute of one layer, one microbatch
 * ```
 */
export function layerSeconds(c: LayerContext, index: number): LayerSeconds {
  const moe = isMoeLayer(c.model, index);
  const linearS = linearShapes(c, moe).reduce((sum, shape) => sum + gemmSeconds(c.gpu, shape), 0);
  const core = attentionCoreSeconds(c);
  const elementwiseS = elementwiseForwardSeconds(c, moe);
  const comm = forwardCommSeconds(c, moe);
  // Backward: TP and EP collectives mirror the forward (SP re-gathers two inputs); CP adds a
  // reduce-scatter of dK and dV.
  return {
    forwardS: linearS + core.forwardS + elementwiseS,
    backwardInputS: linearS + core.backwardS + 2 * elementwiseS,
    backwardWeightS: linearS,
    attentionForwardS: core.forwardS,
    commForwardS: comm.tpS + comm.cpS + comm.epS,
    commBackwardS: comm.tpS + comm.gatherRedoS + 2 * comm.cpS + comm.epS,
  };
}
