/**
 * A plan under its traffic: the SLO report of one simulation at a rate, and the goodput (the
 * highest rate at which the attainment target holds). Shared by the evaluator and the methods,
 * so that a method judges its candidates exactly as the evaluator will.
 */
import type { ServingPlanInstance, ServingPlanSolution } from './instance.js';
import { simConfigOf, workloadOf } from './plan-space.js';
import { simulateServing } from './simulator/engine.js';
import { findGoodput } from './simulator/goodput.js';
import { sloReport, type SloReport } from './simulator/metrics.js';
import type { SimConfig, SimResult } from './simulator/types.js';

/** One simulation of a plan at `rate`, with its report. */
export function simulatePlan(
  instance: ServingPlanInstance,
  plan: ServingPlanSolution,
  rate: number,
  extra: Pick<SimConfig, 'phase' | 'traceWindow'> = {},
): { result: SimResult; report: SloReport } {
  const result = simulateServing(workloadOf(instance, rate), simConfigOf(instance, plan, extra));
  return { result, report: sloReport(result, instance.slo) };
}

/** True when the attainment target holds for the phase simulated ('both' asks both limits). */
export function meetsTarget(
  instance: ServingPlanInstance,
  report: SloReport,
  phase: SimConfig['phase'] = 'both',
): boolean {
  const share =
    phase === 'prefill' ? report.ttftAttainment : phase === 'decode' ? report.tpotAttainment : report.attainment;
  return share >= instance.slo.attainment;
}

/**
 * The plan's goodput in requests/s (bisection on the rate, 2% wide), for both phases or one alone.
 *
 * @example
 * ```ts
 * planGoodput(instance, plan).rate; // requests/s at which the attainment target still holds
 * ```
 */
export function planGoodput(
  instance: ServingPlanInstance,
  plan: ServingPlanSolution,
  phase: SimConfig['phase'] = 'both',
): { rate: number; simulations: number } {
  const config = simConfigOf(instance, plan, { phase });
  const startRate = Math.max(instance.traffic.kind === 'synthetic' ? instance.traffic.rate : 1, 1e-6);
  return findGoodput(
    workloadOf(instance, 1),
    (workload) => meetsTarget(instance, sloReport(simulateServing(workload, config), instance.slo), phase),
    { startRate, tolerance: 0.02, maxSimulations: 30 },
  );
}
