/**
 * Memory per GPU: model states (weights, gradients, optimizer) and activations.
 *
 * Model states follow Rajbhandari et al. 2020 (ZeRO): mixed-precision Adam keeps 2 bytes of
 * BF16 weights, 2 of gradients and 12 of FP32 master weights, momentum and variance per
 * parameter (16 in all); ZeRO-1/2/3 shard the optimizer, then gradients, then weights over
 * the data-parallel ranks. Megatron's distributed optimizer keeps FP32 gradients and shards
 * the 12 optimizer bytes: 6 + 12/d bytes per parameter (Megatron-LM docs).
 *
 * Activations follow Korthikanti et al. 2022 (Section 4): per layer
 * `sbh(34 + 5as/h)` bytes unparallelized, `sbh(10 + 24/t + 5as/(ht))` with tensor parallelism,
 * `sbh/t (34 + 5as/h)` with sequence parallelism, the `5as/h` term dropped by selective
 * recomputation and `2sbh` (over t with SP) kept under full recomputation. The code
 * generalizes the same bookkeeping to GQA, gated MLPs, MoE and FlashAttention.
 */
import { isMoeLayer, kvWidth, queryWidth, type ModelSpec } from './llm.js';

/** Recomputation policy. */
export type Recompute = 'none' | 'selective' | 'full';
/** How attention stores its score matrix. */
export type AttentionKernel = 'flash' | 'materialized';

/** Model-state bytes per parameter kind. */
export interface ModelStateBytes {
  weightBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
}

/**
 * Model-state bytes of `params` parameters replicated over `dp` ranks under ZeRO stage
 * `stage` (0-3) with mixed-precision Adam, or Megatron's distributed optimizer.
 *
 * @example
 * ```ts
 * // ZeRO paper, Figure 1: 7.5B parameters on 64 GPUs.
 * const s = modelStateBytes(7.5e9, 64, 1); // weights 15 GB + grads 15 GB + optimizer 1.41 GB
 * ```
 */
export function modelStateBytes(
  params: number,
  dp: number,
  stage: number,
  distributedOptimizer = false,
): ModelStateBytes {
  if (distributedOptimizer && stage <= 1) {
    return { weightBytes: 2 * params, gradientBytes: 4 * params, optimizerBytes: (12 * params) / dp };
  }
  return {
    weightBytes: (2 * params) / (stage >= 3 ? dp : 1),
    gradientBytes: (2 * params) / (stage >= 2 ? dp : 1),
    optimizerBytes: (12 * params) / (stage >= 1 ? dp : 1),
  };
}

/**
 * Korthikanti et al. 2022 closed form for one GPT layer (bytes): `s` sequence, `b` microbatch,
 * `h` hidden, `a` heads, `t` tensor-parallel degree.
 *
 * @example
 * ```ts
 * korthikantiLayerBytes({ s: 2048, b: 1, h: 12288, a: 96, t: 1 }, 'none', false); // sbh(34 + 5as/h)
 * ```
 */
export function korthikantiLayerBytes(
  c: { s: number; b: number; h: number; a: number; t: number },
  recompute: Recompute,
  sp: boolean,
): number {
  const sbh = c.s * c.b * c.h;
  const scores = (5 * c.a * c.s) / c.h;
  if (recompute === 'full') return sp ? (2 * sbh) / c.t : 2 * sbh;
  const attention = recompute === 'selective' ? 0 : scores / c.t;
  return sp ? sbh * (34 / c.t + attention) : sbh * (10 + 24 / c.t + attention);
}

/** Options that decide activation memory. */
export interface ActivationOptions {
  tp: number;
  /** Sequence parallelism shards the norm and dropout activations over TP. */
  sp: boolean;
  cp: number;
  recompute: Recompute;
  attention: AttentionKernel;
}

/** Bytes of the MLP part that lives inside the tensor-parallel region, per token. */
function mlpShardedBytesPerToken(spec: ModelSpec, moe: boolean): number {
  const perFfn = spec.gatedMlp ? 6 : 4; // gate+up+product, or activation input+output, in BF16
  if (!moe || !spec.moe) return perFfn * spec.ffnHiddenSize;
  const m = spec.moe;
  const routed = m.topK * (perFfn * m.expertFfnHiddenSize + 2 * spec.hiddenSize); // plus permuted expert input
  const shared = m.sharedExperts * perFfn * m.sharedExpertFfnHiddenSize;
  return routed + shared + 4 * m.experts; // FP32 router logits
}

/**
 * Activation bytes one layer keeps for the backward pass, per GPU, for `sequences` sequences
 * of `seqLength` tokens.
 *
 * @example
 * ```ts
 * const gpt = gptSpec('g', { layers: 1, hiddenSize: 12288, heads: 96 });
 * layerActivationBytes(gpt, 0, 1, 2048, { tp: 1, sp: false, cp: 1, recompute: 'none', attention: 'materialized' });
 * // = 2048 * 12288 * (34 + 5 * 96 * 2048 / 12288)
 * ```
 */
export function layerActivationBytes(
  spec: ModelSpec,
  index: number,
  sequences: number,
  seqLength: number,
  o: ActivationOptions,
): number {
  const tokens = (sequences * seqLength) / o.cp;
  const h = spec.hiddenSize;
  const replicatedShard = o.sp ? o.tp : 1;
  if (o.recompute === 'full') return (2 * tokens * h) / replicatedShard;
  // Norm inputs (4h), inputs of the QKV and first MLP GEMMs (4h), and with dropout the two
  // 1-byte masks of the residual dropouts (2h).
  const replicated = ((spec.dropout ? 10 : 8) * tokens * h) / replicatedShard;
  const contextWidth = spec.mla ? spec.heads * spec.mla.vHeadDim : queryWidth(spec);
  const keyWidth = spec.mla ? queryWidth(spec) : kvWidth(spec);
  const attention = 2 * tokens * (queryWidth(spec) + keyWidth + kvWidth(spec) + contextWidth);
  const mlp = tokens * mlpShardedBytesPerToken(spec, isMoeLayer(spec, index));
  return replicated + (attention + mlp) / o.tp + scoreBytes(spec, sequences, seqLength, o);
}

/**
 * Bytes of the attention score matrices (the softmax output, and with dropout its mask and
 * output: 5 bytes per score, else 2), or FlashAttention's FP32 row statistics. Flash keeps no
 * scores whatever the recomputation, so selective recomputation changes nothing under it.
 */
function scoreBytes(spec: ModelSpec, sequences: number, seqLength: number, o: ActivationOptions): number {
  const queries = seqLength / o.cp;
  if (o.attention === 'flash') return (4 * sequences * spec.heads * queries) / o.tp;
  if (o.recompute === 'selective') return 0;
  return ((spec.dropout ? 5 : 2) * sequences * spec.heads * queries * seqLength) / o.tp;
}

/**
 * Activation bytes of the output layer on the last pipeline stage: FP32 logits for the
 * vocabulary-parallel cross-entropy plus the final norm's input.
 *
 * @example
 * ```ts
 * logitsActivationBytes(getModelPreset('llama3-8b'), 1, 8192, 1, 1);
 * ```
 */
export function logitsActivationBytes(
  spec: ModelSpec,
  sequences: number,
  seqLength: number,
  tp: number,
  cp: number,
): number {
  const tokens = (sequences * seqLength) / cp;
  return (4 * tokens * spec.vocabSize) / tp + (4 * tokens * spec.hiddenSize) / tp;
}

/**
 * Microbatches whose activations the first pipeline stage holds at its peak, in closed form for
 * an even layout (`stagePeakActivations` in `pipeline-stages.ts` follows any stage and layout).
 * 1F1B and ZB-H1 hold `min(p, m)`; GPipe all `m`; the interleaved schedule with `v` model
 * chunks holds `p (1 + (p-1)/(p v))` microbatch-stages' worth (Korthikanti et al. 2022, 4.2.3).
 *
 * @example
 * ```ts
 * inFlightMicrobatches('1f1b', 8, 64, 1); // 8
 * ```
 */
export function inFlightMicrobatches(
  schedule: string,
  pp: number,
  microbatches: number,
  virtualStages: number,
): number {
  if (pp <= 1) return 1;
  if (schedule === 'gpipe') return microbatches;
  const base = Math.min(pp, microbatches);
  if (schedule === 'interleaved') return base * (1 + (pp - 1) / (pp * virtualStages));
  return base;
}
