/**
 * Costs of Ulysses-style sequence parallelism (Jacobs et al. 2023, DeepSpeed-Ulysses) for
 * variable-length sequences, per sequence, so that a group's time is the sum over the
 * sequences it holds plus a fixed latency: what lets a planner's MILP use the same numbers an
 * evaluator computes. A group of degree d splits each of its sequences into d shards of
 * tokens; before attention an all-to-all turns token shards into head shards (q, k, v), after
 * it another turns them back (the output); the backward pass mirrors both.
 *
 * Compute per sequence of l tokens on each of the d GPUs, forward plus backward:
 * - weight GEMMs `3 · 2 · l · (active layer parameters) / d` per layer, plus the logits, at the
 *   GPU's large-GEMM rate (packing makes the token dimension thousands long, where the
 *   small-GEMM factor of `roofline.ts` is within 1% of 1; taking it at 1 keeps a group's time
 *   linear in its sequences);
 * - FlashAttention of the whole sequence over `heads / d` heads (`flash-attention.ts`,
 *   causal); degrees above the head count are taken as an even split of the work, as hybrid
 *   Ulysses-ring schemes (USP) achieve;
 * - memory-bound norms, activations and residual adds, `l / d` tokens' worth (backward twice).
 *
 * Communication: four all-to-alls per layer forward and four backward, each rank sending
 * `l / d` tokens of the q, k, v or output width in BF16 (`communication.ts`, intra- and
 * inter-node parts in parallel, on the links the group's GPUs actually span).
 */
import { allToAllSeconds, type CommGroup } from './communication.js';
import { flashAttentionSeconds } from './flash-attention.js';
import { activeLayerParams } from './flops.js';
import type { GpuSpec } from './hardware.js';
import { kvWidth, queryWidth, type ModelSpec } from './llm.js';
import { layerActivationBytes, logitsActivationBytes, type Recompute } from './memory.js';
import { streamSeconds } from './roofline.js';

/** All-to-all calls per layer per step: q, k, v and output, forward and backward. */
export const ulyssesAllToAllsPerLayer = 8;

/** Seconds of one sequence's compute on each GPU of a group of `degree`, forward plus backward. */
export function ulyssesComputeSeconds(model: ModelSpec, gpu: GpuSpec, length: number, degree: number): number {
  if (length <= 0) return 0;
  const shard = length / degree;
  let linearFlops = 2 * length * model.hiddenSize * model.vocabSize;
  for (let index = 0; index < model.layers; index++) linearFlops += 2 * length * activeLayerParams(model, index);
  const linearS = (3 * linearFlops) / degree / (gpu.bf16FlopsPerS * gpu.gemmEfficiency);
  const qkDim = queryWidth(model) / model.heads;
  const vDim = model.mla ? model.mla.vHeadDim : model.headDim;
  const attention = flashAttentionSeconds(gpu, {
    batch: model.heads / degree,
    queries: length,
    keys: length,
    qkDim,
    vDim,
    causal: true,
  });
  const h = model.hiddenSize;
  const elementwiseBytes = shard * (20 * h + (model.gatedMlp ? 6 : 4) * model.ffnHiddenSize);
  const perLayerS = attention.forwardS + attention.backwardS + 3 * streamSeconds(gpu, elementwiseBytes);
  return linearS + model.layers * perLayerS;
}

/** Bytes one rank sends in the all-to-alls of one layer, forward plus backward, for `tokens` tokens of its shard. */
export function ulyssesAllToAllBytes(model: ModelSpec, tokens: number): number {
  return 2 * tokens * 2 * (2 * queryWidth(model) + 2 * kvWidth(model));
}

/** An all-to-all's cost split into its fixed latency and its seconds per byte each rank sends (it is affine in the bytes). */
export function allToAllCost(group: CommGroup): { latencyS: number; secondsPerByte: number } {
  if (group.size <= 1) return { latencyS: 0, secondsPerByte: 0 };
  const probe = 1e9;
  const one = allToAllSeconds(probe, group);
  const two = allToAllSeconds(2 * probe, group);
  const secondsPerByte = (two - one) / probe;
  return { latencyS: Math.max(0, one - secondsPerByte * probe), secondsPerByte };
}

/**
 * Seconds one sequence adds to a group of `degree` laid out as `group`: its compute plus its
 * share of the all-to-all bytes (the group's latency is counted once, `ulyssesGroupLatencySeconds`).
 *
 * @example
 * ```ts
 * const group = groupOn(makeCluster('h100', 64), 8, 1);
 * ulyssesSequenceSeconds(getModelPreset('llama3-8b'), getGpu('h100'), 32768, group);
 * ```
 */
export function ulyssesSequenceSeconds(model: ModelSpec, gpu: GpuSpec, length: number, group: CommGroup): number {
  const compute = ulyssesComputeSeconds(model, gpu, length, group.size);
  const bytes = model.layers * ulyssesAllToAllBytes(model, length / group.size);
  return compute + bytes * allToAllCost(group).secondsPerByte;
}

/** The fixed latency of a group's all-to-alls in one step (zero for a group of one GPU). */
export function ulyssesGroupLatencySeconds(model: ModelSpec, group: CommGroup): number {
  return model.layers * ulyssesAllToAllsPerLayer * allToAllCost(group).latencyS;
}

/**
 * Activation bytes per token kept for the backward pass, over all layers and the logits
 * (`memory.ts`, FlashAttention, no tensor parallelism): what a GPU holds per token of its shard.
 *
 * @example
 * ```ts
 * activationBytesPerToken(getModelPreset('llama3-8b'), 'full');
 * ```
 */
export function activationBytesPerToken(model: ModelSpec, recompute: Recompute): number {
  let bytes = logitsActivationBytes(model, 1, 1, 1, 1);
  const options = { tp: 1, sp: false, cp: 1, recompute, attention: 'flash' as const };
  for (let index = 0; index < model.layers; index++) bytes += layerActivationBytes(model, index, 1, 1, options);
  return bytes;
}
