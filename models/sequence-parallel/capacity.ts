/**
 * The token capacity of one GPU: the memory left after the model states, over the activation
 * bytes one token of a sequence shard keeps. Model states are sharded ZeRO-3 style over all N
 * GPUs (FlexSP trains with ZeRO-3 data parallelism across the cluster); 10% of the memory is
 * kept back for the allocator, NCCL buffers and kernel workspaces (an assumption, as is usual
 * for such planners).
 */
import type { ClusterSpec } from '../../src/perf/hardware.js';
import { totalParams, type ModelSpec } from '../../src/perf/llm.js';
import { layerActivationBytes, modelStateBytes, type Recompute } from '../../src/perf/memory.js';
import { activationBytesPerToken } from '../../src/perf/ulysses.js';

/** Share of GPU memory planners may fill. */
export const usableMemoryShare = 0.9;

export interface CapacityInfo {
  /** Tokens one GPU holds (floor); below 1 when the model states leave no room. */
  tokens: number;
  bytesPerToken: number;
  stateBytes: number;
  usableBytes: number;
}

/**
 * Tokens per GPU from memory. Under full recomputation one layer's whole activations are
 * rebuilt at a time, so they are added to the checkpoints.
 *
 * @example
 * ```ts
 * derivedTokenCapacity(getModelPreset('llama3-8b'), makeCluster('h100', 64), 64, 'none').tokens;
 * ```
 */
export function derivedTokenCapacity(
  model: ModelSpec,
  cluster: ClusterSpec,
  gpus: number,
  recompute: Recompute,
): CapacityInfo {
  const states = modelStateBytes(totalParams(model), gpus, 3);
  const stateBytes = states.weightBytes + states.gradientBytes + states.optimizerBytes;
  const full = { tp: 1, sp: false, cp: 1, recompute: 'none' as const, attention: 'flash' as const };
  const working = recompute === 'full' ? layerActivationBytes(model, 0, 1, 1, full) : 0;
  const bytesPerToken = activationBytesPerToken(model, recompute) + working;
  const usableBytes = cluster.gpu.hbmBytes * usableMemoryShare;
  return { tokens: Math.floor((usableBytes - stateBytes) / bytesPerToken), bytesPerToken, stateBytes, usableBytes };
}
