/**
 * FlexSP's sequence blaster, two ways. `blast`: the batch sorted by length and cut into M contiguous
 * micro-batches, the cuts chosen by dynamic programming to minimize the sum of each
 * micro-batch's estimated time, the larger of its GPU-time over N (its sequences at their
 * cheapest fitting degree) and its longest sequence alone at its best degree, while each
 * micro-batch's tokens fit the cluster (N times the capacity). Sorting keeps sequences of
 * similar length together, which lets them share groups of one degree. `spread`: insertion
 * by the same estimate, which mixes short sequences in beside long ones.
 */
import type { SpCosts } from './costs.js';
import type { SequenceParallelInstance } from './instance.js';

/** Per sequence: GPU-time at its cheapest fitting degree, and time alone at its best degree (ms). */
function estimates(costs: SpCosts, i: number): { area: number; alone: number } {
  let area = Number.POSITIVE_INFINITY;
  let alone = Number.POSITIVE_INFINITY;
  costs.degrees.forEach((d, k) => {
    if (!costs.fits[k][i]) return;
    area = Math.min(area, d * costs.perSequenceMs[k][i]);
    alone = Math.min(alone, costs.perSequenceMs[k][i] + costs.latencyMs[k]);
  });
  return { area, alone };
}

/**
 * The batch spread over `microBatches` parts by insertion: sequences longest first, each into
 * the part whose estimated time (the larger of its GPU-time over N and its longest sequence
 * alone) grows least, among those whose tokens still fit. Unlike the contiguous cut this lets
 * short sequences fill the GPUs a long sequence leaves idle in its micro-batch. Undefined when
 * a sequence fits nowhere.
 *
 * @example
 * ```ts
 * spread(instance, spCosts(instance), 4);
 * ```
 */
export function spread(
  instance: SequenceParallelInstance,
  costs: SpCosts,
  microBatches: number,
): number[][] | undefined {
  const order = instance.lengths.map((_, i) => i).sort((a, b) => instance.lengths[b] - instance.lengths[a] || a - b);
  const parts = Array.from({ length: Math.min(microBatches, order.length) }, () => ({
    members: [] as number[],
    tokens: 0,
    area: 0,
    alone: 0,
  }));
  const limit = instance.gpus * instance.tokenCapacity;
  const estimate = (area: number, alone: number) => Math.max(area / instance.gpus, alone);
  for (const i of order) {
    const e = estimates(costs, i);
    let chosen = -1;
    let increase = Number.POSITIVE_INFINITY;
    parts.forEach((p, m) => {
      if (p.tokens + instance.lengths[i] > limit) return;
      const grow = estimate(p.area + e.area, Math.max(p.alone, e.alone)) - estimate(p.area, p.alone);
      if (grow < increase - 1e-12) [chosen, increase] = [m, grow];
    });
    if (chosen < 0) return undefined;
    const p = parts[chosen];
    p.members.push(i);
    p.tokens += instance.lengths[i];
    p.area += e.area;
    p.alone = Math.max(p.alone, e.alone);
  }
  return parts.map((p) => p.members).filter((members) => members.length > 0);
}

/** Steps the contiguous cut's dynamic program may take (about a second). */
export const maxDynamicProgramSteps = 1e8;

/**
 * The batch cut into `microBatches` parts, or undefined when no cut fits memory (or the dynamic
 * program would take more than `maxDynamicProgramSteps`).
 *
 * @example
 * ```ts
 * blast(instance, spCosts(instance), 4); // four lists of sequence indices, longest first
 * ```
 */
export function blast(
  instance: SequenceParallelInstance,
  costs: SpCosts,
  microBatches: number,
): number[][] | undefined {
  const order = instance.lengths.map((_, i) => i).sort((a, b) => instance.lengths[b] - instance.lengths[a] || a - b);
  const n = order.length;
  const est = order.map((i) => estimates(costs, i));
  const tokens = new Float64Array(n + 1);
  const area = new Float64Array(n + 1);
  order.forEach((i, p) => {
    tokens[p + 1] = tokens[p] + instance.lengths[i];
    area[p + 1] = area[p] + est[p].area;
  });
  const limit = instance.gpus * instance.tokenCapacity;
  const chunkCost = (a: number, b: number) =>
    tokens[b] - tokens[a] > limit
      ? Number.POSITIVE_INFINITY
      : Math.max((area[b] - area[a]) / instance.gpus, est[a].alone);
  const parts = Math.min(microBatches, n);
  // The dynamic program costs parts · n² steps; beyond a few seconds' worth, `spread` alone cuts.
  if (parts * n * n > maxDynamicProgramSteps) return undefined;
  const bounds = cheapestCuts(n, parts, chunkCost);
  return bounds?.map(([a, b]) => order.slice(a, b));
}

/**
 * Cut positions 0..n into `parts` non-empty contiguous chunks minimizing the sum of
 * `chunkCost(a, b)` (dynamic programming, O(parts · n²)); undefined when every cut costs infinity.
 */
function cheapestCuts(
  n: number,
  parts: number,
  chunkCost: (a: number, b: number) => number,
): [number, number][] | undefined {
  let best = Float64Array.from({ length: n + 1 }, (_, b) => (b === 0 ? 0 : Number.POSITIVE_INFINITY));
  const cuts: Int32Array[] = [];
  for (let m = 1; m <= parts; m++) {
    const next = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
    const from = new Int32Array(n + 1);
    for (let b = m; b <= n; b++) {
      for (let a = m - 1; a < b; a++) {
        const c = best[a] + chunkCost(a, b);
        if (c < next[b]) [next[b], from[b]] = [c, a];
      }
    }
    cuts.push(from);
    best = next;
  }
  if (!Number.isFinite(best[n])) return undefined;
  const chunks: [number, number][] = [];
  for (let m = parts, b = n; m >= 1; m--) {
    chunks.unshift([cuts[m - 1][b], b]);
    b = cuts[m - 1][b];
  }
  return chunks;
}
