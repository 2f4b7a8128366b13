/**
 * `capacity-plan`: the capacity MIP (`formulation.ts`) solved by HiGHS, every answer re-checked
 * by a full simulation at the traffic's rate. Where the simulation misses the SLO the MIP was
 * promised, the capacity of the phase that misses most is scaled down by the shortfall and the
 * MIP solved again (at most 6 rounds); the report says, round by round, where the MIP's
 * capacity model and the simulation disagree. A plan still short after the rounds is grown
 * instance by instance by simulation. Never claims optimality: capacities are measured, not exact.
 */
import { compile } from '../../src/dsl/compile.js';
import type { ExactMethod } from '../../src/family/contract.js';
import { solve } from '../../src/solve/solve.js';
import { meetsTarget, simulatePlan } from './assess.js';
import { formulateServingPlan } from './formulation.js';
import type { ServingPlanInstance, ServingPlanSolution } from './instance.js';
import { placeGroups, sizeToTraffic, type InstanceGroup } from './placement.js';
import { planGpus, resolved } from './plan-space.js';
import type { SloReport } from './simulator/metrics.js';
import type { InstanceRole } from './simulator/types.js';

const maxRounds = 6;

function describePlan(plan: ServingPlanSolution): string {
  const counts = new Map<string, number>();
  for (const p of plan.instances) {
    const key = `${p.role} TP${p.tp}${p.pp > 1 ? ` PP${p.pp}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return `${[...counts].map(([key, n]) => `${n} x ${key}`).join(', ')} (${planGpus(plan)} GPUs)`;
}

/** The role whose limit the simulation misses most, and how far the attainment fell short. */
function shortfall(
  plan: ServingPlanSolution,
  report: SloReport,
  target: number,
): { role: InstanceRole; factor: number } {
  if (plan.instances.some((p) => p.role === 'colocated'))
    return { role: 'colocated', factor: Math.max(0.5, Math.min(0.95, report.attainment / target)) };
  const prefillWorse = report.ttftAttainment <= report.tpotAttainment;
  const attained = prefillWorse ? report.ttftAttainment : report.tpotAttainment;
  return { role: prefillWorse ? 'prefill' : 'decode', factor: Math.max(0.5, Math.min(0.95, attained / target)) };
}

/** Grows a plan's groups (by role and shape) by simulation until it meets the SLO or the budget is full. */
function grown(
  instance: ServingPlanInstance,
  plan: ServingPlanSolution,
  deadline: number,
): ServingPlanSolution | undefined {
  const groups: InstanceGroup[] = [];
  for (const p of plan.instances) {
    const group = groups.find((g) => g.role === p.role && g.shape.tp === p.tp && g.shape.pp === p.pp);
    if (group) group.count++;
    else groups.push({ role: p.role, shape: { tp: p.tp, pp: p.pp }, count: 1 });
  }
  if (groups.length === 0) return undefined;
  const build = (counts: number[]) =>
    placeGroups(
      instance,
      groups.map((g, k) => ({ ...g, count: counts[k] })),
    );
  const grow = (report: SloReport) => {
    const role = report.ttftAttainment <= report.tpotAttainment ? 'prefill' : 'decode';
    return Math.max(
      0,
      groups.findIndex((g) => g.role === role),
    );
  };
  return sizeToTraffic(
    instance,
    resolved(instance).rate,
    groups.map((g) => g.count),
    build,
    grow,
    deadline,
  );
}

async function solveRound(
  instance: ServingPlanInstance,
  factor: Partial<Record<InstanceRole, number>>,
  limitSec: number,
) {
  const formulation = formulateServingPlan(instance, { capacityFactor: factor });
  const result = await solve(compile(formulation.model), { solver: 'highs', timeLimitSec: Math.max(0.1, limitSec) });
  return result.hasSolution ? formulation.decode(result.values) : undefined;
}

/**
 * The re-checked capacity plan.
 *
 * @example
 * ```ts
 * const answer = await servingPlanExact['capacity-plan'].solve(instance, { timeLimitSec: 30 });
 * answer.report; // one line per round: the MIP's plan and what the simulation says of it
 * ```
 */
export const capacityPlan: ExactMethod<ServingPlanInstance, ServingPlanSolution> = {
  async solve(instance, options) {
    const deadline = Date.now() + 1000 * (options.timeLimitSec ?? 60);
    const rate = resolved(instance).rate;
    const factor: Partial<Record<InstanceRole, number>> = {};
    const report: string[] = [];
    let last: ServingPlanSolution | undefined;
    for (let round = 1; round <= maxRounds && Date.now() < deadline; round++) {
      const plan = await solveRound(instance, factor, (deadline - Date.now()) / 1000 / 2);
      if (!plan || plan.instances.length === 0) break;
      last = plan;
      const outcome = simulatePlan(instance, plan, rate).report;
      const line = `round ${round}: MIP plan ${describePlan(plan)}; simulation at ${rate.toPrecision(4)} req/s: attainment ${(100 * outcome.attainment).toFixed(1)}% (TTFT ${(100 * outcome.ttftAttainment).toFixed(1)}%, TPOT ${(100 * outcome.tpotAttainment).toFixed(1)}%)`;
      if (meetsTarget(instance, outcome)) {
        report.push(`${line}: meets the SLO`);
        return { solution: plan, proven: false, report };
      }
      const miss = shortfall(plan, outcome, instance.slo.attainment);
      factor[miss.role] = (factor[miss.role] ?? 1) * miss.factor;
      report.push(
        `${line}: the MIP's ${miss.role} capacity was optimistic; scaled to ${(factor[miss.role] ?? 1).toFixed(3)} of the measured`,
      );
    }
    const repaired = last ? grown(instance, last, deadline) : undefined;
    if (!repaired || !meetsTarget(instance, simulatePlan(instance, repaired, rate).report)) {
      report.push(
        `no plan found that meets the SLO at ${rate.toPrecision(4)} req/s within the budget${repaired ? ` (the largest tried: ${describePlan(repaired)})` : ''}`,
      );
      return { solution: undefined, proven: false, report };
    }
    report.push(`grown by simulation to ${describePlan(repaired)}`);
    return { solution: repaired, proven: false, report };
  },
};

/** The exact methods by name. */
export const servingPlanExact = { 'capacity-plan': capacityPlan };
