/**
 * Static sequence parallelism: one SP degree for every sequence of the step, as DeepSpeed-
 * Ulysses and Megatron-LM's context parallelism run it. The N GPUs form N/d groups of d; each
 * group packs sequences up to d times the token capacity; groups of N/d form a micro-batch.
 *
 * - in order (`static-fit`, `static-n`): the batch dealt round-robin over the N/d groups as a
 *   data-parallel loader does, each group packing its share by next fit;
 * - first-fit / best-fit decreasing (`static-ffd`, `static-bfd`): sequences sorted by length
 *   and packed by the classic bin-packing rules; the packed groups sorted by time and cut into
 *   micro-batches of N/d, which puts slow groups together (sorting then cutting minimizes a sum
 *   of per-chunk maxima for chunks of a fixed size).
 */
import { groupMs, type SpCosts } from '../costs.js';
import type { SequenceParallelInstance } from '../instance.js';
import { type Plan, tokensOf } from '../plan.js';

/** Index of the smallest degree that holds the longest sequence alone. */
export function fittingDegreeIndex(instance: SequenceParallelInstance): number {
  const longest = Math.max(...instance.lengths);
  const k = instance.degrees.findIndex((d) => longest <= d * instance.tokenCapacity);
  return k < 0 ? instance.degrees.length - 1 : k;
}

/** Next fit: sequences in the given order fill one bin until the next would overflow it. */
function nextFit(instance: SequenceParallelInstance, order: number[], capacity: number): number[][] {
  const bins: number[][] = [];
  let tokens = Number.POSITIVE_INFINITY;
  for (const i of order) {
    const l = instance.lengths[i];
    if (tokens + l > capacity) {
      bins.push([]);
      tokens = 0;
    }
    bins[bins.length - 1].push(i);
    tokens += l;
  }
  return bins;
}

/** First fit (or best fit: the fullest bin that still takes it) over sequences longest first. */
function decreasingFit(instance: SequenceParallelInstance, capacity: number, best: boolean): number[][] {
  const order = instance.lengths.map((_, i) => i).sort((a, b) => instance.lengths[b] - instance.lengths[a] || a - b);
  const bins: number[][] = [];
  const used: number[] = [];
  for (const i of order) {
    const l = instance.lengths[i];
    let chosen = -1;
    for (let b = 0; b < bins.length; b++) {
      if (used[b] + l > capacity) continue;
      if (chosen < 0 || (best && used[b] > used[chosen])) chosen = b;
      if (!best) break;
    }
    if (chosen < 0) {
      bins.push([]);
      used.push(0);
      chosen = bins.length - 1;
    }
    bins[chosen].push(i);
    used[chosen] += l;
  }
  return bins;
}

/** Cut groups of degree index k into micro-batches of N/d groups each. */
function chunk(instance: SequenceParallelInstance, k: number, bins: number[][]): Plan {
  const perMicroBatch = instance.gpus / instance.degrees[k];
  const plan: Plan = [];
  for (let start = 0; start < bins.length; start += perMicroBatch)
    plan.push(bins.slice(start, start + perMicroBatch).map((sequences) => ({ k, sequences })));
  return plan;
}

/**
 * Static SP at degree index k as a data-parallel loader runs it: the batch dealt in order over
 * the N/d groups (data-parallel ranks), each group packing its share into micro-batches by
 * next fit; micro-batch m runs the m-th pack of every group.
 */
export function staticInOrder(instance: SequenceParallelInstance, k: number): Plan {
  const ranks = instance.gpus / instance.degrees[k];
  const shares: number[][] = Array.from({ length: ranks }, () => []);
  instance.lengths.forEach((_, i) => shares[i % ranks].push(i));
  const packs = shares.map((share) => nextFit(instance, share, instance.degrees[k] * instance.tokenCapacity));
  const microBatches = Math.max(...packs.map((p) => p.length));
  return Array.from({ length: microBatches }, (_, m) =>
    packs.filter((p) => m < p.length).map((p) => ({ k, sequences: p[m] })),
  );
}

/** Static SP at degree index k with FFD or BFD packing, slow groups together. */
export function staticDecreasing(instance: SequenceParallelInstance, costs: SpCosts, k: number, best: boolean): Plan {
  const bins = decreasingFit(instance, instance.degrees[k] * instance.tokenCapacity, best);
  const time = bins.map((b) => groupMs(costs, k, b));
  const order = bins
    .map((_, b) => b)
    .sort((a, b) => time[b] - time[a] || tokensOf(instance, bins[b]) - tokensOf(instance, bins[a]));
  return chunk(
    instance,
    k,
    order.map((b) => bins[b]),
  );
}
