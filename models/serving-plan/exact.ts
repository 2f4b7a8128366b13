/**
 * `capacity-plan`: the capacity MIP (`formulation.ts`) solved by HiGHS, every answer re-checked
 * by a full simulation at the traffic's rate, warm-started from the default heuristic's plan.
 * Where the simulation misses the SLO the MIP was promised, the capacity of the phase that misses
 * most is scaled down by the shortfall; where it serves more than promised (many instances
 * share load better than the sum of single-instance capacities says), every capacity is scaled
 * up by that ratio to look for a smaller plan; then the MIP is solved again (at most 6 rounds).
 * The report says, round by round, the MIP's plan, the simulated attainment and the capacity the
 * model promised against the simulated goodput. The best plan is then shrunk (or, without one,
 * the last grown) instance by instance by simulation. Never claims optimality: capacities are
 * measured, not exact.
 */
import { compile } from '../../src/dsl/compile.js';
import type { ExactAnswer, ExactMethod } from '../../src/family/contract.js';
import { solve } from '../../src/solve/solve.js';
import { seededRandom } from '../../src/util/random.js';
import { meetsTarget, planGoodput, simulatePlan } from './assess.js';
import { shapeCapacities } from './capacity.js';
import { formulateServingPlan } from './formulation.js';
import { portfolio } from './heuristics.js';
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

/** The rate the MIP's capacity model promises a plan: the smallest phase's sum of measured capacities. */
function modelCapacity(
  instance: ServingPlanInstance,
  plan: ServingPlanSolution,
  factor: Partial<Record<InstanceRole, number>>,
): number {
  const byRole = new Map<InstanceRole, number>();
  for (const p of plan.instances) {
    const measured = shapeCapacities(instance, p.role).find((c) => c.shape.tp === p.tp && c.shape.pp === p.pp);
    const rate = (measured?.rate ?? 0) * (factor[p.role] ?? 1);
    byRole.set(p.role, (byRole.get(p.role) ?? 0) + rate);
  }
  return Math.min(...byRole.values());
}

/** The MIP's capacity model of the plan against the simulated goodput. */
function compareWithSimulation(
  instance: ServingPlanInstance,
  plan: ServingPlanSolution,
  factor: Partial<Record<InstanceRole, number>>,
): { promised: number; simulated: number; line: string } {
  const promised = modelCapacity(instance, plan, factor);
  const simulated = planGoodput(instance, plan).rate;
  const line = `capacity model: ${promised.toPrecision(4)} req/s; full simulation: goodput ${simulated.toPrecision(4)} req/s (${(simulated / promised).toFixed(2)}x the model)`;
  return { promised, simulated, line };
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

/** The state of the rounds: factors on the measured capacities, the best plan meeting the SLO, the report. */
interface Search {
  instance: ServingPlanInstance;
  rate: number;
  deadline: number;
  factor: Partial<Record<InstanceRole, number>>;
  report: string[];
  best?: ServingPlanSolution;
  last?: ServingPlanSolution;
}

/**
 * One round on the MIP's plan; false to stop. A plan that meets the SLO becomes the best; when
 * the simulation serves more than the model promised, every capacity is scaled up by that ratio
 * (at most 2x) to look for a smaller plan. A plan that misses scales down the phase that misses.
 */
function judgeRound(search: Search, plan: ServingPlanSolution, round: number): boolean {
  const { instance, rate, factor, report } = search;
  const outcome = simulatePlan(instance, plan, rate).report;
  const line = `round ${round}: MIP plan ${describePlan(plan)}; simulation at ${rate.toPrecision(4)} req/s: attainment ${(100 * outcome.attainment).toFixed(1)}% (TTFT ${(100 * outcome.ttftAttainment).toFixed(1)}%, TPOT ${(100 * outcome.tpotAttainment).toFixed(1)}%)`;
  if (meetsTarget(instance, outcome)) {
    const smaller = !search.best || planGpus(plan) < planGpus(search.best);
    if (smaller) search.best = plan;
    const comparison = compareWithSimulation(instance, plan, factor);
    report.push(
      `${line}: meets the SLO${smaller ? '' : `, no smaller than the best so far (${planGpus(search.best as ServingPlanSolution)} GPUs)`}`,
      comparison.line,
    );
    const ratio = Math.min(2, comparison.simulated / comparison.promised);
    if (ratio < 1.05) return false;
    for (const role of roles) factor[role] = (factor[role] ?? 1) * ratio;
    return true;
  }
  if (search.best) {
    report.push(`${line}: misses the SLO; the best plan so far stays`);
    return false;
  }
  const miss = shortfall(plan, outcome, instance.slo.attainment);
  factor[miss.role] = (factor[miss.role] ?? 1) * miss.factor;
  report.push(
    `${line}: the MIP's ${miss.role} capacity was optimistic; scaled to ${(factor[miss.role] ?? 1).toFixed(3)} of the measured`,
  );
  return true;
}

const roles: InstanceRole[] = ['colocated', 'prefill', 'decode'];

/** The default heuristic's plan, when it meets the SLO, is the best so far (the MIP's rounds look for a smaller one). */
function warmStart(search: Search): void {
  const { instance, rate, deadline, report } = search;
  const start = portfolio(instance, { rng: seededRandom(1), deadline });
  if (!meetsTarget(instance, simulatePlan(instance, start, rate).report)) return;
  search.best = start;
  report.push(`start: the default heuristic's plan ${describePlan(start)} meets the SLO`);
}

/** The best plan, shrunk (or, without one, the last plan grown) by simulation. */
function finish(search: Search): ExactAnswer<ServingPlanSolution> {
  const { instance, rate, deadline, report } = search;
  const start = search.best ?? search.last;
  const sized = start ? grown(instance, start, deadline) : undefined;
  const meets = sized !== undefined && meetsTarget(instance, simulatePlan(instance, sized, rate).report);
  const solution = meets && (!search.best || planGpus(sized) < planGpus(search.best)) ? sized : search.best;
  if (solution && solution !== search.best)
    report.push(`${search.best ? 'shrunk' : 'grown'} by simulation to ${describePlan(solution)}`);
  if (!solution)
    report.push(
      `no plan found that meets the SLO at ${rate.toPrecision(4)} req/s within the budget${sized ? ` (the largest tried: ${describePlan(sized)})` : ''}`,
    );
  return { solution, proven: false, report };
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
    const search: Search = { instance, rate: resolved(instance).rate, deadline, factor: {}, report: [] };
    warmStart(search);
    let previous = '';
    for (let round = 1; round <= maxRounds && Date.now() < deadline; round++) {
      const plan = await solveRound(instance, search.factor, (deadline - Date.now()) / 1000 / 2);
      if (!plan || plan.instances.length === 0 || describePlan(plan) === previous) break;
      previous = describePlan(plan);
      search.last = plan;
      if (!judgeRound(search, plan, round)) break;
    }
    return finish(search);
  },
};

/** The exact methods by name. */
export const servingPlanExact = { 'capacity-plan': capacityPlan };
