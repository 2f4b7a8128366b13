/**
 * How `capacity-plan` describes a plan and judges it: on the methods' sample first, then on the
 * whole stream when the deadline allows (`verdictOnTrace`), saying which of the two it was.
 */
import { isSampled, meetsTarget, sampleReport, sampleRequests, verdictOnTrace } from './assess.js';
import type { ServingPlanInstance, ServingPlanSolution } from './instance.js';
import { planGpus, resolved } from './plan-space.js';
import { formatCount } from '../../src/family/model-budget.js';

/** A plan in words: instances per role and shape, and its GPUs. */
export function describePlan(plan: ServingPlanSolution): string {
  const counts = new Map<string, number>();
  for (const p of plan.instances) {
    const key = `${p.role} TP${p.tp}${p.pp > 1 ? ` PP${p.pp}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return `${[...counts].map(([key, n]) => `${n} x ${key}`).join(', ')} (${planGpus(plan)} GPUs)`;
}

/** " of the first 5,000 requests" when the methods replay a sample of a longer stream, else nothing. */
export function sampleWords(instance: ServingPlanInstance): string {
  return isSampled(instance) ? ` of the first ${formatCount(sampleRequests)} requests` : '';
}

/**
 * Whether a plan meets the SLO, and how far that was measured: on the sample, then on the whole
 * stream when the deadline allows (`measured`; a replay the deadline cuts leaves the sample's word).
 */
export function judged(instance: ServingPlanInstance, plan: ServingPlanSolution, deadline: number) {
  if (!meetsTarget(instance, sampleReport(instance, plan))) return { meets: false, how: '', measured: true };
  if (!isSampled(instance)) return { meets: true, how: '', measured: true };
  const whole = verdictOnTrace(instance, plan, deadline);
  if (whole === undefined)
    return {
      meets: true,
      how: `${sampleWords(instance)} (not yet replayed on all ${streamLength(instance)}: no time left for it here)`,
      measured: false,
    };
  return { meets: meetsTarget(instance, whole), how: ` on all ${streamLength(instance)} requests`, measured: true };
}

export const streamLength = (instance: ServingPlanInstance): string =>
  formatCount(resolved(instance).unit.arrivalS.length);
