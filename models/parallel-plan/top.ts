/**
 * The top-k plans of an instance from code: the best-first enumeration's k fastest plans that
 * fit, each with its estimate. (From the command line, `data.top` in the instance sets k and
 * the solution's `alternatives` list the runner-ups.)
 */
import type { TrainEstimate } from '../../src/perf/train-estimate.js';
import type { ParallelPlanInstance, Plan } from './instance.js';
import { predictPlan } from './predict.js';
import { searchPlans } from './search.js';

/**
 * The `k` fastest plans that fit, fastest first, and whether the list is proven (the search
 * ran out before `timeLimitSec`).
 *
 * @example
 * ```ts
 * const { plans } = topPlans(instance, 5);
 * plans.map((p) => p.estimate.tflopsPerGpu);
 * ```
 */
export function topPlans(
  instance: ParallelPlanInstance,
  k: number,
  timeLimitSec = 10,
): { plans: { plan: Plan; estimate: TrainEstimate }[]; proven: boolean } {
  const result = searchPlans(instance, { top: k, deadline: Date.now() + timeLimitSec * 1000 });
  const plans = result.best.flatMap(({ plan }) => {
    const estimate = predictPlan(instance, plan);
    return estimate ? [{ plan, estimate }] : [];
  });
  return { plans, proven: result.exhausted };
}
