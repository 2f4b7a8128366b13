/**
 * A plan under its traffic: the SLO report of one simulation at a rate, and the goodput (the
 * highest rate at which the attainment target holds). Shared by the evaluator and the methods,
 * so that a method judges its candidates exactly as the evaluator will.
 *
 * Methods size plans on a prefix of the request stream (`sampleRequests`), which keeps a
 * search step at a few tens of milliseconds at any trace length, then replay the whole stream
 * once for the plan they answer (`verdictOnTrace`); the evaluator always replays all of it.
 */
import type { ServingPlanInstance, ServingPlanSolution } from './instance.js';
import { resolved, simConfigOf, workloadOf } from './plan-space.js';
import { simulateServing } from './simulator/engine.js';
import { findGoodput } from './simulator/goodput.js';
import { sloReport, type SloReport } from './simulator/metrics.js';
import type { SimConfig, SimResult, Workload } from './simulator/types.js';

/**
 * Requests a method replays when it measures a capacity or sizes a plan: the first 5,000 of
 * the stream. Goodput on 5,000 requests was within 3% of that on 20,000 and 200,000 for every
 * shape of the 200,000-request Llama 3 70B instance of the limits bench.
 */
export const sampleRequests = 5_000;

/** What to replay: the first `requests` of the stream (all by default), until `deadline` at most. */
export type Replay = Pick<SimConfig, 'phase' | 'traceWindow' | 'deadline'> & { requests?: number };

/** The first `count` requests of a workload (views, no copy); the workload itself when it has no more. */
export function prefixOf(workload: Workload, count: number): Workload {
  if (workload.arrivalS.length <= count) return workload;
  return {
    arrivalS: workload.arrivalS.subarray(0, count),
    promptTokens: workload.promptTokens.subarray(0, count),
    outputTokens: workload.outputTokens.subarray(0, count),
  };
}

/** True when the instance's stream is longer than the methods' sample. */
export function isSampled(instance: ServingPlanInstance): boolean {
  return resolved(instance).unit.arrivalS.length > sampleRequests;
}

/**
 * One simulation of a plan at `rate`, with its report; `requests` replays a prefix only, and a
 * `deadline` may cut the run (`result.cut`, whose report is not a measurement).
 *
 * @example
 * ```ts
 * simulatePlan(instance, plan, 4, { requests: sampleRequests }).report.attainment;
 * ```
 */
export function simulatePlan(
  instance: ServingPlanInstance,
  plan: ServingPlanSolution,
  rate: number,
  replay: Replay = {},
): { result: SimResult; report: SloReport } {
  const { requests, ...extra } = replay;
  const workload = workloadOf(instance, rate);
  const replayed = requests === undefined ? workload : prefixOf(workload, requests);
  const started = performance.now();
  const result = simulateServing(replayed, simConfigOf(instance, plan, extra));
  const report = sloReport(result, instance.slo);
  if (!result.cut) noteReplayCost(instance, (performance.now() - started) / Math.max(1, replayed.arrivalS.length));
  return { result, report };
}

const msPerRequest = new WeakMap<ServingPlanInstance, number>();

/** Remembers the costliest replay per request seen on this instance (plans differ in cost). */
function noteReplayCost(instance: ServingPlanInstance, ms: number): void {
  msPerRequest.set(instance, Math.max(ms, msPerRequest.get(instance) ?? 0));
}

/**
 * Milliseconds a replay of the whole stream is expected to take, from the costliest replay
 * per request seen so far on this instance (0 before any).
 *
 * @example
 * ```ts
 * const leftMs = deadline - Date.now() - replayEstimateMs(instance); // time to search before the final replay
 * ```
 */
export function replayEstimateMs(instance: ServingPlanInstance): number {
  return (msPerRequest.get(instance) ?? 0) * resolved(instance).unit.arrivalS.length;
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

/** The SLO report of a plan on the methods' sample at the traffic's rate. */
export function sampleReport(instance: ServingPlanInstance, plan: ServingPlanSolution): SloReport {
  return simulatePlan(instance, plan, resolved(instance).rate, { requests: sampleRequests }).report;
}

/** Reports on the whole stream, per instance and plan object. */
const verdicts = new WeakMap<ServingPlanInstance, WeakMap<ServingPlanSolution, SloReport>>();

/**
 * The plan's report on the whole stream at the traffic's rate (what the evaluator will find),
 * or undefined when the deadline cut the replay or would have (`replayEstimateMs`).
 * Remembered per instance and plan object.
 *
 * @example
 * ```ts
 * const report = verdictOnTrace(instance, plan, Date.now() + 5000);
 * report && meetsTarget(instance, report); // undefined: not measured in time
 * ```
 */
export function verdictOnTrace(
  instance: ServingPlanInstance,
  plan: ServingPlanSolution,
  deadline: number,
): SloReport | undefined {
  let known = verdicts.get(instance);
  if (!known) {
    known = new WeakMap();
    verdicts.set(instance, known);
  }
  const hit = known.get(plan);
  if (hit) return hit;
  // A replay that cannot end by the deadline is not started (it would be cut, and wasted).
  if (Date.now() + replayEstimateMs(instance) > deadline) return undefined;
  const { result, report } = simulatePlan(instance, plan, resolved(instance).rate, { deadline });
  if (result.cut) return undefined;
  known.set(plan, report);
  return report;
}

/** Options of a goodput measurement: the prefix replayed and a deadline for the bisection. */
export interface GoodputReplay {
  requests?: number;
  deadline?: number;
}

/**
 * The plan's goodput in requests/s (bisection on the rate, 2% wide), for both phases or one
 * alone, on the first `requests` of the stream (all by default). Past `deadline` the bisection
 * stops at the highest rate it has seen meet the target.
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
  replay: GoodputReplay = {},
): { rate: number; simulations: number; requests: number } {
  const config = simConfigOf(instance, plan, { phase });
  const startRate = Math.max(instance.traffic.kind === 'synthetic' ? instance.traffic.rate : 1, 1e-6);
  const unit = workloadOf(instance, 1);
  const workload = replay.requests === undefined ? unit : prefixOf(unit, replay.requests);
  const found = findGoodput(
    workload,
    (replayed) => meetsTarget(instance, sloReport(simulateServing(replayed, config), instance.slo), phase),
    { startRate, tolerance: 0.02, maxSimulations: 30, ...(replay.deadline ? { deadline: replay.deadline } : {}) },
  );
  return { ...found, requests: workload.arrivalS.length };
}
