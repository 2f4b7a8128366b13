/**
 * Greedy by length, with a degree per group (the heterogeneous plans FlexSP looks for, built
 * greedily): sequences longest first, each put where it lengthens the step least, either into
 * a group that still has memory for it or into a new group of the smallest degree that holds
 * it, in a micro-batch with enough free GPUs; a new micro-batch only when nothing else fits.
 * Then each micro-batch spends its free GPUs on its slowest group, doubling its degree while
 * that makes it faster.
 */
import { groupMs, smallestFittingDegree, type SpCosts } from '../costs.js';
import type { SequenceParallelInstance } from '../instance.js';
import { type Plan, type PlannedGroup, tokensOf } from '../plan.js';

interface Option {
  mb: number;
  /** Group index in the micro-batch, or -1 for a new group. */
  group: number;
  increase: number;
}

const mbTime = (costs: SpCosts, groups: PlannedGroup[]) =>
  Math.max(0, ...groups.map((g) => groupMs(costs, g.k, g.sequences)));
const freeGpus = (instance: SequenceParallelInstance, groups: PlannedGroup[]) =>
  instance.gpus - groups.reduce((sum, g) => sum + instance.degrees[g.k], 0);

/** The cheapest place for sequence i in the plan so far, if any. */
function bestOption(instance: SequenceParallelInstance, costs: SpCosts, plan: Plan, i: number): Option | undefined {
  const k0 = smallestFittingDegree(costs, i);
  let best: Option | undefined;
  const consider = (option: Option) => {
    if (!best || option.increase < best.increase - 1e-12) best = option;
  };
  plan.forEach((groups, mb) => {
    const before = mbTime(costs, groups);
    groups.forEach((g, group) => {
      if (tokensOf(instance, g.sequences) + instance.lengths[i] > instance.degrees[g.k] * instance.tokenCapacity)
        return;
      const after = groupMs(costs, g.k, [...g.sequences, i]);
      consider({ mb, group, increase: Math.max(before, after) - before });
    });
    if (freeGpus(instance, groups) >= instance.degrees[k0])
      consider({ mb, group: -1, increase: Math.max(before, groupMs(costs, k0, [i])) - before });
  });
  return best;
}

/** Double the slowest group's degree while free GPUs allow and it gets faster. */
function spendFreeGpus(instance: SequenceParallelInstance, costs: SpCosts, groups: PlannedGroup[]): void {
  for (;;) {
    const times = groups.map((g) => groupMs(costs, g.k, g.sequences));
    const slowest = times.indexOf(Math.max(...times));
    const g = groups[slowest];
    const next = instance.degrees.findIndex((d) => d === 2 * instance.degrees[g.k]);
    if (next < 0 || freeGpus(instance, groups) < instance.degrees[g.k]) return;
    if (groupMs(costs, next, g.sequences) >= times[slowest]) return;
    groups[slowest] = { k: next, sequences: g.sequences };
  }
}

/**
 * The greedy plan.
 *
 * @example
 * ```ts
 * const plan = greedyByLength(instance, spCosts(instance));
 * const part = greedyByLength(instance, spCosts(instance), [0, 3, 5]); // only these sequences
 * ```
 */
export function greedyByLength(
  instance: SequenceParallelInstance,
  costs: SpCosts,
  sequences: readonly number[] = instance.lengths.map((_, i) => i),
): Plan {
  const order = [...sequences].sort((a, b) => instance.lengths[b] - instance.lengths[a] || a - b);
  const plan: Plan = [];
  for (const i of order) {
    const option = bestOption(instance, costs, plan, i);
    if (!option) plan.push([{ k: smallestFittingDegree(costs, i), sequences: [i] }]);
    else if (option.group < 0) plan[option.mb].push({ k: smallestFittingDegree(costs, i), sequences: [i] });
    else plan[option.mb][option.group].sequences.push(i);
  }
  for (const groups of plan) spendFreeGpus(instance, costs, groups);
  return plan;
}
