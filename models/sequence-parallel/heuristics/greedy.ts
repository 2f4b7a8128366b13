/**
 * Greedy by length, with a degree per group (the heterogeneous plans FlexSP looks for, built
 * greedily). Within one micro-batch, for a target time T: sequences longest first, each into
 * the first open group that still has memory for it and stays within T, else into a new group
 * of the smallest degree that holds it within T; the target holds when the groups need at most
 * N GPUs. Bisection on T finds the smallest target that holds. The batch is cut into
 * micro-batches both ways of the blaster (`blaster.ts`) for the fewest micro-batches memory
 * allows and the next two counts, and the fastest plan is kept.
 */
import { blast, spread } from '../blaster.js';
import { groupMs, type SpCosts } from '../costs.js';
import type { SequenceParallelInstance } from '../instance.js';
import { type Plan, type PlannedGroup, planMs, tokensOf } from '../plan.js';

/** Sequences of one micro-batch packed into groups each within `target` ms, or undefined when N GPUs do not suffice. */
export function packUnderTarget(
  instance: SequenceParallelInstance,
  costs: SpCosts,
  sequences: readonly number[],
  target: number,
): PlannedGroup[] | undefined {
  const order = [...sequences].sort((a, b) => instance.lengths[b] - instance.lengths[a] || a - b);
  const groups: (PlannedGroup & { ms: number; tokens: number })[] = [];
  let gpus = 0;
  for (const i of order) {
    const l = instance.lengths[i];
    const open = groups.find(
      (g) =>
        g.tokens + l <= instance.degrees[g.k] * instance.tokenCapacity && g.ms + costs.perSequenceMs[g.k][i] <= target,
    );
    if (open) {
      open.sequences.push(i);
      open.ms += costs.perSequenceMs[open.k][i];
      open.tokens += l;
      continue;
    }
    const k = costs.degrees.findIndex(
      (_, k) => costs.fits[k][i] && costs.latencyMs[k] + costs.perSequenceMs[k][i] <= target,
    );
    if (k < 0 || gpus + instance.degrees[k] > instance.gpus) return undefined;
    gpus += instance.degrees[k];
    groups.push({ k, sequences: [i], ms: costs.latencyMs[k] + costs.perSequenceMs[k][i], tokens: l });
  }
  return groups.map(({ k, sequences: s }) => ({ k, sequences: s }));
}

/**
 * The smallest target (to a relative 1e-3) that `packUnderTarget` meets, with its groups. The
 * whole micro-batch in one group of the largest degree is the fallback and the first upper end
 * of the bisection: it fits whenever the part's tokens fit the cluster, which first fit into
 * small groups may not manage. Undefined when not even that fits.
 */
export function packMicroBatch(
  instance: SequenceParallelInstance,
  costs: SpCosts,
  sequences: readonly number[],
): PlannedGroup[] | undefined {
  const top = costs.degrees.length - 1;
  const whole = [{ k: top, sequences: [...sequences] }];
  const fitsWhole = tokensOf(instance, sequences) <= instance.degrees[top] * instance.tokenCapacity;
  const loose =
    costs.latencyMs[top] +
    sequences.reduce((sum, i) => sum + costs.perSequenceMs[0][i] + costs.perSequenceMs[top][i], 0);
  const candidates = [fitsWhole ? whole : undefined, packUnderTarget(instance, costs, sequences, loose)];
  let best = candidates.filter((c) => c !== undefined).sort((a, b) => groupsMs(costs, a) - groupsMs(costs, b))[0];
  if (!best) return undefined;
  let high = groupsMs(costs, best);
  let low = 0;
  while (high - low > 1e-3 * high) {
    const mid = (low + high) / 2;
    const groups = packUnderTarget(instance, costs, sequences, mid);
    if (groups) [best, high] = [groups, groupsMs(costs, groups)];
    else low = mid;
  }
  return best;
}

function groupsMs(costs: SpCosts, groups: PlannedGroup[]): number {
  return Math.max(0, ...groups.map((g) => groupMs(costs, g.k, g.sequences)));
}

/**
 * The faster of the two blaster cuts into m micro-batches, each packed by `packMicroBatch`, as
 * parts (lists of sequences) and plan; undefined when neither cut packs.
 *
 * @example
 * ```ts
 * packedCut(instance, spCosts(instance), 3)?.length; // 3 (or fewer when parts come out empty)
 * ```
 */
export function packedCut(instance: SequenceParallelInstance, costs: SpCosts, m: number): Plan | undefined {
  let best: Plan | undefined;
  for (const cut of [blast, spread]) {
    const parts = cut(instance, costs, m);
    const plan = parts?.map((part) => packMicroBatch(instance, costs, part));
    if (!plan || plan.some((groups) => groups === undefined)) continue;
    const full = plan as Plan;
    if (!best || planMs(costs, full) < planMs(costs, best)) best = full;
  }
  return best;
}

/**
 * The greedy plan.
 *
 * @example
 * ```ts
 * const plan = greedyByLength(instance, spCosts(instance));
 * ```
 */
export function greedyByLength(instance: SequenceParallelInstance, costs: SpCosts, fewest: number): Plan {
  let best: Plan | undefined;
  for (let m = fewest; m <= Math.min(fewest + 2, instance.lengths.length); m++) {
    const plan = packedCut(instance, costs, m);
    if (plan && (!best || planMs(costs, plan) < planMs(costs, best))) best = plan;
  }
  // Each sequence alone in its own micro-batch at its smallest fitting degree always fits.
  return best ?? instance.lengths.map((_, i) => [{ k: costs.fits.findIndex((row) => row[i]), sequences: [i] }]);
}
