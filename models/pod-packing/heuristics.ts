/**
 * The baselines: the default kube-scheduler with each scoring strategy, with and without
 * DefaultPreemption, and first-fit-decreasing packers. `default` runs them all and keeps
 * the best by the evaluator's objective (placements lexicographic by tier, then disruption).
 */
import type { Heuristic } from '../../src/family/contract.js';
import { evaluatePodPacking } from './evaluate.js';
import type { PodPackingInstance, PodPackingSolution } from './instance.js';
import { firstFitDecreasing, repackDecreasing } from './heuristics/first-fit.js';
import { kubeScheduler } from './heuristics/kube-scheduler.js';

export { kubeScheduler, selectNode, type KubeSchedulerOptions } from './heuristics/kube-scheduler.js';
export { firstFitDecreasing, repackDecreasing } from './heuristics/first-fit.js';

type PodHeuristic = Heuristic<PodPackingInstance, PodPackingSolution>;

const baselines: Record<string, PodHeuristic> = {
  'kube-scheduler': (instance) => kubeScheduler(instance),
  'kube-scheduler-no-preemption': (instance) => kubeScheduler(instance, { preemption: false }),
  'kube-scheduler-most-allocated': (instance) => kubeScheduler(instance, { strategy: 'MostAllocated' }),
  'kube-scheduler-ratio': (instance) => kubeScheduler(instance, { strategy: 'RequestedToCapacityRatio' }),
  'first-fit-decreasing': (instance) => firstFitDecreasing(instance),
  'repack-decreasing': (instance) => repackDecreasing(instance),
};

/**
 * Every baseline, keeping the feasible solution with the highest objective (the
 * kube-scheduler first, so it wins ties); past the deadline, none after the first feasible one.
 *
 * @example
 * ```ts
 * const best = bestBaseline(instance, { rng: seededRandom(1), deadline: Date.now() + 1000 });
 * ```
 */
export const bestBaseline: PodHeuristic = (instance, context) => {
  let best: { solution: PodPackingSolution; objective: number } | undefined;
  for (const heuristic of Object.values(baselines)) {
    if (best !== undefined && Date.now() >= context.deadline) break;
    const solution = heuristic(instance, context);
    const evaluation = evaluatePodPacking(instance, solution);
    if (evaluation.feasible && (best === undefined || evaluation.objective > best.objective))
      best = { solution, objective: evaluation.objective };
  }
  return best?.solution ?? { assignment: instance.pods.map((pod) => pod.node ?? -1) };
};

/** Heuristics by name; `default` is the best of the others. */
export const podPackingHeuristics: Record<string, PodHeuristic> = { default: bestBaseline, ...baselines };
