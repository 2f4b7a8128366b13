/**
 * The baselines: static SP at the smallest degree that fits the longest sequence (in batch
 * order, first-fit decreasing, best-fit decreasing), static SP at degree N, and the greedy
 * heterogeneous plan by length. `default` is the best of them by the cost tables, which time a
 * plan as the evaluator does; it is the MILPs' warm start.
 */
import type { Heuristic } from '../../src/family/contract.js';
import { spCosts } from './costs.js';
import { greedyByLength } from './heuristics/greedy.js';
import { fittingDegreeIndex, staticDecreasing, staticInOrder } from './heuristics/static.js';
import type { SequenceParallelInstance, SequenceParallelSolution } from './instance.js';
import { fewestMicroBatches, type Plan, planMs, toSolution } from './plan.js';

type SpHeuristic = Heuristic<SequenceParallelInstance, SequenceParallelSolution>;
type Planner = (instance: SequenceParallelInstance) => Plan;

const planners: Record<string, Planner> = {
  'static-fit': (instance) => staticInOrder(instance, fittingDegreeIndex(instance)),
  'static-n': (instance) => staticInOrder(instance, instance.degrees.length - 1),
  'static-ffd': (instance) => staticDecreasing(instance, spCosts(instance), fittingDegreeIndex(instance), false),
  'static-bfd': (instance) => staticDecreasing(instance, spCosts(instance), fittingDegreeIndex(instance), true),
  greedy: (instance) => greedyByLength(instance, spCosts(instance), fewestMicroBatches(instance)),
};

/**
 * The plan of the best baseline (the lowest step time by the cost tables) and its name.
 *
 * @example
 * ```ts
 * bestBaselinePlan(instance).name; // e.g. 'greedy'
 * ```
 */
export function bestBaselinePlan(instance: SequenceParallelInstance): { name: string; plan: Plan; ms: number } {
  const costs = spCosts(instance);
  let best: { name: string; plan: Plan; ms: number } | undefined;
  for (const [name, planner] of Object.entries(planners)) {
    const plan = planner(instance);
    const ms = planMs(costs, plan);
    if (!best || ms < best.ms) best = { name, plan, ms };
  }
  return best as { name: string; plan: Plan; ms: number };
}

const asHeuristic =
  (planner: Planner): SpHeuristic =>
  (instance) =>
    toSolution(instance, planner(instance));

/** Static SP at the smallest power of two that holds the longest sequence, batch order. */
export const staticFit: SpHeuristic = asHeuristic(planners['static-fit']);
/** Static SP at degree N (every GPU in one group), batch order. */
export const staticN: SpHeuristic = asHeuristic(planners['static-n']);
/** Static SP at the fitting degree, first-fit decreasing. */
export const staticFfd: SpHeuristic = asHeuristic(planners['static-ffd']);
/** Static SP at the fitting degree, best-fit decreasing. */
export const staticBfd: SpHeuristic = asHeuristic(planners['static-bfd']);
/** Greedy heterogeneous groups by length. */
export const greedy: SpHeuristic = asHeuristic(planners.greedy);

/**
 * The heuristics by name; `default` is the best baseline on each instance.
 *
 * @example
 * ```ts
 * const plan = sequenceParallelHeuristics.default(instance, { rng: Math.random, deadline: Date.now() + 1000 });
 * ```
 */
export const sequenceParallelHeuristics: Record<string, SpHeuristic> = {
  default: (instance) => toSolution(instance, bestBaselinePlan(instance).plan),
  'static-fit': staticFit,
  'static-n': staticN,
  'static-ffd': staticFfd,
  'static-bfd': staticBfd,
  greedy,
};
