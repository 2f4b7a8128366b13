/**
 * The ILP's horizon H: every pass ends by H in the schedules it models, so H must hold an
 * optimal schedule (else the "proven" optimum is only optimal among schedules ending by H),
 * and a small H gives small time windows and big-Ms.
 */
import { allPasses, duration, scheduleSpans, timeOrders } from './graph.js';
import { deviceOfStage, stageCount, type PipelineInstance, type PipelineSolution } from './instance.js';

/**
 * A horizon that provably holds a schedule of span at most `span` (any orders): take the
 * earliest times that keep every span within it, shifted so that the device of stage 0 starts
 * at 0 (every pass waits, through its F chain, for a forward on stage 0, so that device starts
 * first and the shift keeps every time ≥ 0). For adjacent stages s, s+1 on devices d ≠ d' and
 * any microbatch j, d' starts by F_j@(s+1), which precedes B_j@(s+1), T_comm and B_j@s, all
 * inside d's span: a_d' ≤ a_d + span − (T_F(s+1) + T_B(s+1) + T_comm + T_B(s)). Walking the
 * stages from 0 bounds every device's start a_d; every pass ends by max a_d + span.
 *
 * @example
 * ```ts
 * provenSpanHorizon(instance, scheduleSpans(instance, incumbent, timeOrders(instance, incumbent)).cost);
 * ```
 */
export function provenSpanHorizon(instance: PipelineInstance, span: number): number {
  const start = new Array<number>(instance.devices).fill(Number.NaN);
  start[deviceOfStage(instance, 0)] = 0;
  for (let s = 0; s + 1 < stageCount(instance); s++) {
    const [d, next] = [deviceOfStage(instance, s), deviceOfStage(instance, s + 1)];
    if (!Number.isNaN(start[next])) continue;
    const held = instance.forward[s + 1] + instance.backwardInput[s + 1] + instance.comm + instance.backwardInput[s];
    start[next] = start[d] + Math.max(0, span - held);
  }
  return Math.max(...start) + span;
}

/**
 * The default horizon (the incumbent is the ILP's warm start). Makespan objective: the incumbent's makespan (nothing better ends
 * later). Span objective: a span-optimal schedule has span ≤ the incumbent's (S), so
 * `provenSpanHorizon(S)` holds one; the incumbent's makespan plus (p−1)(T_F + T_comm) — the
 * horizon this used before, which is not proven — is kept as a floor so the warm start (its
 * ASAP ends) always fits. test/models/pipeline/ilp-horizon.test.ts compares both with a far
 * larger horizon.
 */
export function defaultHorizon(instance: PipelineInstance, incumbent: PipelineSolution | undefined): number {
  const slack = (instance.devices - 1) * (Math.max(...instance.forward) + instance.comm);
  if (incumbent) {
    const timing = timeOrders(instance, incumbent);
    if (timing.ok && instance.objective === 'makespan') return timing.makespan;
    if (timing.ok)
      return Math.max(
        timing.makespan + slack,
        provenSpanHorizon(instance, scheduleSpans(instance, incumbent, timing).cost),
      );
  }
  // Everything in sequence always fits.
  return (
    allPasses(instance).reduce((t, pass) => t + duration(instance, pass), 0) +
    2 * stageCount(instance) * instance.comm * instance.microbatches
  );
}
