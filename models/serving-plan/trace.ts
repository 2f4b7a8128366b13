/**
 * The Chrome trace of a plan (`schedlab evaluate FILE PLAN --trace OUT`): a short window of
 * its simulation at the traffic's rate, from a quarter into the stream, long enough for about
 * 50 arrivals (at most 20,000 spans).
 */
import { simulatePlan } from './assess.js';
import type { ServingPlanInstance, ServingPlanSolution } from './instance.js';
import { resolved, simConfigOf, workloadOf } from './plan-space.js';
import { servingChromeTrace } from './simulator/chrome.js';

/**
 * The trace as JSON text.
 *
 * @example
 * ```ts
 * writeFileSync('plan.trace.json', servingPlanTrace(instance, plan));
 * ```
 */
export function servingPlanTrace(instance: ServingPlanInstance, solution: ServingPlanSolution): string {
  const { rate } = resolved(instance);
  const arrivals = workloadOf(instance, rate).arrivalS;
  const startS = arrivals[Math.floor(arrivals.length / 4)] ?? 0;
  const window = { startS, endS: startS + 50 / rate };
  const { result } = simulatePlan(instance, solution, rate, { traceWindow: window });
  return JSON.stringify(servingChromeTrace(simConfigOf(instance, solution).instances, result.trace));
}
