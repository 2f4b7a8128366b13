/**
 * A plan as the planners build it: per micro-batch, groups given by a degree index (into the
 * instance's degrees) and their sequences, not yet on GPUs. `toSolution` places the groups
 * (`placement.ts`); `planMs` is the step time the planners' cost tables give it, which is what
 * the evaluator finds for the placed solution.
 */
import { groupMs, type SpCosts } from './costs.js';
import type { SequenceParallelInstance, SequenceParallelSolution } from './instance.js';
import { placeGroups } from './placement.js';

export interface PlannedGroup {
  /** Index into `instance.degrees`. */
  k: number;
  sequences: number[];
}

export type Plan = PlannedGroup[][];

/** Step time of a plan in ms: the slowest group of each micro-batch, summed. */
export function planMs(costs: SpCosts, plan: Plan): number {
  let total = 0;
  for (const mb of plan) total += Math.max(0, ...mb.map((g) => groupMs(costs, g.k, g.sequences)));
  return total;
}

/** The plan with its groups on GPUs; empty groups and micro-batches dropped. */
export function toSolution(instance: SequenceParallelInstance, plan: Plan): SequenceParallelSolution {
  const microBatches = plan
    .map((mb) => placeGroups(mb.map((g) => ({ degree: instance.degrees[g.k], sequences: g.sequences }))))
    .filter((groups) => groups.length > 0)
    .map((groups) => ({ groups }));
  return { microBatches };
}

/** The solution's groups as degree indices (the inverse of `toSolution`, for warm starts). */
export function toPlan(instance: SequenceParallelInstance, solution: SequenceParallelSolution): Plan {
  return solution.microBatches.map((mb) =>
    mb.groups.map((g) => ({ k: instance.degrees.indexOf(g.degree), sequences: [...g.sequences] })),
  );
}

/** Tokens of a list of sequences. */
export function tokensOf(instance: SequenceParallelInstance, sequences: readonly number[]): number {
  let total = 0;
  for (const i of sequences) total += instance.lengths[i];
  return total;
}

/** The fewest micro-batches memory allows: all tokens over N times the capacity. */
export function fewestMicroBatches(instance: SequenceParallelInstance): number {
  const tokens = instance.lengths.reduce((a, b) => a + b, 0);
  return Math.max(1, Math.ceil(tokens / (instance.gpus * instance.tokenCapacity)));
}
