/**
 * The heuristics of the expert-placement family: the baselines of `heuristics/baselines.ts`
 * and `default`, which runs them all and keeps the one the evaluator scores best (ties to the
 * earlier in the record's order). Each is pure and synchronous.
 */
import type { Heuristic } from '../../src/family/contract.js';
import { evaluateExpertPlacement } from './evaluate.js';
import { contiguous, eplb, lpt, roundRobin, routingAware } from './heuristics/baselines.js';
import type { ExpertPlacementInstance, ExpertPlacementSolution } from './instance.js';

type PlacementHeuristic = Heuristic<ExpertPlacementInstance, ExpertPlacementSolution>;

/** The baselines by name, in the order `default` tries them. */
export const baselines: Record<string, (instance: ExpertPlacementInstance) => ExpertPlacementSolution> = {
  contiguous,
  'round-robin': roundRobin,
  lpt,
  eplb,
  'routing-aware': routingAware,
};

/**
 * The best baseline by the evaluator's MoE time, and its name.
 *
 * @example
 * ```ts
 * bestBaseline(instance).name; // e.g. 'routing-aware'
 * ```
 */
export function bestBaseline(instance: ExpertPlacementInstance): {
  name: string;
  solution: ExpertPlacementSolution;
  objective: number;
} {
  let best: { name: string; solution: ExpertPlacementSolution; objective: number } | undefined;
  for (const [name, run] of Object.entries(baselines)) {
    const solution = run(instance);
    const evaluation = evaluateExpertPlacement(instance, solution);
    if (evaluation.feasible && (best === undefined || evaluation.objective < best.objective))
      best = { name, solution, objective: evaluation.objective };
  }
  if (best === undefined)
    throw new Error('no baseline placement is feasible; the instance checks should have refused this instance');
  return best;
}

/**
 * The family's heuristics; `default` is the best of the baselines.
 *
 * @example
 * ```ts
 * const placement = expertPlacementHeuristics.eplb(instance, { rng: Math.random, deadline: Date.now() + 1000 });
 * ```
 */
export const expertPlacementHeuristics: Record<string, PlacementHeuristic> = {
  default: (instance) => bestBaseline(instance).solution,
  ...Object.fromEntries(
    Object.entries(baselines).map(([name, run]) => [name, (instance: ExpertPlacementInstance) => run(instance)]),
  ),
};
