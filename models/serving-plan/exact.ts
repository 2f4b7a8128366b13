/**
 * `capacity-plan`: the capacity MIP (`formulation.ts`) solved by HiGHS, every answer re-checked
 * by simulation at the traffic's rate, warm-started from the default heuristic's plan.
 * Where the simulation misses the SLO the MIP was promised, the capacity of the phase that misses
 * most is scaled down by the shortfall; where it serves more than promised (many instances
 * share load better than the sum of single-instance capacities says), every capacity is scaled
 * up by that ratio to look for a smaller plan; then the MIP is solved again (at most 6 rounds).
 * The report says, round by round, the MIP's plan, the simulated attainment and the capacity the
 * model promised against the simulated goodput. The best plan is then shrunk (or, without one,
 * the last grown) instance by instance by simulation. Never claims optimality: capacities are
 * measured, not exact.
 *
 * One deadline: the warm start gets the first half of the time limit, the MIP rounds end at 70%
 * (earlier when the final replay of the whole stream needs the time), the rest is for the final plan. Rounds simulate the methods' sample (`sampleRequests`); the
 * plan answered always meets the SLO on the whole stream: when the time limit cut its replay,
 * that one replay is finished after the limit (the report says so).
 */
import { compile } from '../../src/dsl/compile.js';
import type { ExactAnswer, ExactMethod } from '../../src/family/contract.js';
import { solve } from '../../src/solve/solve.js';
import { seededRandom } from '../../src/util/random.js';
import { meetsTarget, planGoodput, replayEstimateMs, sampleReport, sampleRequests, verdictOnTrace } from './assess.js';
import { describePlan, judged, sampleWords, streamLength } from './plan-checks.js';
import { shapeCapacities } from './capacity.js';
import { formulateServingPlan } from './formulation.js';
import { portfolio } from './heuristics.js';
import type { ServingPlanInstance, ServingPlanSolution } from './instance.js';
import { placeGroups, sizeToTraffic, type InstanceGroup } from './placement.js';
import { planGpus, resolved } from './plan-space.js';
import type { SloReport } from './simulator/metrics.js';
import type { InstanceRole } from './simulator/types.js';

const maxRounds = 6;

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

/**
 * The MIP's capacity model of the plan against the simulated goodput (on the methods' sample);
 * undefined when the deadline left no time to measure it.
 */
function compareWithSimulation(
  instance: ServingPlanInstance,
  plan: ServingPlanSolution,
  factor: Partial<Record<InstanceRole, number>>,
  deadline: number,
): { promised: number; simulated: number; line: string } | undefined {
  const promised = modelCapacity(instance, plan, factor);
  const goodput = planGoodput(instance, plan, 'both', { requests: sampleRequests, deadline });
  if (goodput.simulations === 0 || Date.now() > deadline) return undefined;
  const simulated = goodput.rate;
  const line = `capacity model: ${promised.toPrecision(4)} req/s; simulation${sampleWords(instance)}: goodput ${simulated.toPrecision(4)} req/s (${(simulated / promised).toFixed(2)}x the model)`;
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
  // Capacities were measured by the warm start, or are measured here (on the sample, bounded).
  const formulation = formulateServingPlan(instance, { capacityFactor: factor });
  const result = await solve(compile(formulation.model), { solver: 'highs', timeLimitSec: Math.max(0.1, limitSec) });
  return result.hasSolution ? formulation.decode(result.values) : undefined;
}

/** The state of the rounds: factors on the measured capacities, the best plan meeting the SLO, the report. */
interface Search {
  instance: ServingPlanInstance;
  rate: number;
  /** When the MIP rounds stop, so that the final replay of the whole stream has time left. */
  roundsEnd: number;
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
  const outcome = sampleReport(instance, plan);
  const line = `round ${round}: MIP plan ${describePlan(plan)}; simulation${sampleWords(instance)} at ${rate.toPrecision(4)} req/s: attainment ${(100 * outcome.attainment).toFixed(1)}% (TTFT ${(100 * outcome.ttftAttainment).toFixed(1)}%, TPOT ${(100 * outcome.tpotAttainment).toFixed(1)}%)`;
  if (meetsTarget(instance, outcome)) {
    const smaller = !search.best || planGpus(plan) < planGpus(search.best);
    if (smaller) search.best = plan;
    report.push(
      `${line}: meets the SLO${smaller ? '' : `, no smaller than the best so far (${planGpus(search.best as ServingPlanSolution)} GPUs)`}`,
    );
    const comparison = compareWithSimulation(instance, plan, factor, search.roundsEnd);
    if (!comparison) return false;
    report.push(comparison.line);
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

/**
 * The fewest-GPU plan of these that meets the SLO on the whole stream. One the deadline left
 * measured on the sample only is replayed in full now, past the deadline: an answer is never
 * one measured on a prefix (the stated overhead of `solve`: one replay of the stream).
 */
function verifiedChoice(search: Search, plans: ServingPlanSolution[]) {
  const { instance, deadline, report } = search;
  const meeting = plans
    .map((plan) => ({ plan, ...judged(instance, plan, deadline) }))
    .filter((candidate) => candidate.meets)
    .sort((a, b) => planGpus(a.plan) - planGpus(b.plan));
  for (const candidate of meeting) {
    if (candidate.measured) return candidate;
    const whole = verdictOnTrace(instance, candidate.plan, Number.POSITIVE_INFINITY) as SloReport;
    const how = ` on all ${streamLength(instance)} requests (replayed in full at the end)`;
    if (meetsTarget(instance, whole)) return { ...candidate, how };
    report.push(`${describePlan(candidate.plan)} met the SLO${sampleWords(instance)} but misses it on all of them`);
  }
  return undefined;
}

/** The default heuristic's plan, when it meets the SLO, is the best so far (the MIP's rounds look for a smaller one). */
function warmStart(search: Search, deadline: number): void {
  const { instance, report } = search;
  const start = portfolio(instance, { rng: seededRandom(1), deadline });
  const verdict = judged(instance, start, deadline);
  if (!verdict.meets) return;
  search.best = start;
  report.push(`start: the default heuristic's plan ${describePlan(start)} meets the SLO${verdict.how}`);
}

/**
 * The answer: the best plan and the best plan shrunk (or, without one, the last plan grown) by
 * simulation, whichever of them meets the SLO on the whole stream with fewer GPUs; none when
 * neither does.
 */
function finish(search: Search): ExactAnswer<ServingPlanSolution> {
  const { instance, rate, deadline, report } = search;
  const start = search.best ?? search.last;
  // Sizing stops where the final replay of the whole stream would no longer fit before the deadline.
  const sized = start ? grown(instance, start, deadline - replayEstimateMs(instance)) : undefined;
  const chosen = verifiedChoice(
    search,
    [sized, search.best].filter((plan): plan is ServingPlanSolution => plan !== undefined),
  );
  if (chosen && chosen.plan === sized)
    report.push(`${search.best ? 'shrunk' : 'grown'} by simulation to ${describePlan(chosen.plan)}`);
  if (chosen) report.push(`answer: ${describePlan(chosen.plan)} meets the SLO${chosen.how}`);
  else
    report.push(
      `no plan found that meets the SLO at ${rate.toPrecision(4)} req/s within the budget${sized ? ` (the largest tried: ${describePlan(sized)})` : ''}`,
    );
  if (Date.now() > deadline) report.push('stopped at the time limit');
  return { solution: chosen?.plan, proven: false, report };
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
    const started = Date.now();
    const limitMs = 1000 * (options.timeLimitSec ?? 60);
    const at = (share: number) => started + share * limitMs;
    const search: Search = {
      instance,
      rate: resolved(instance).rate,
      roundsEnd: at(0.7),
      deadline: at(1),
      factor: {},
      report: [],
    };
    warmStart(search, at(0.5));
    // The rounds leave time for the final replay of the whole stream (`verifiedChoice`).
    search.roundsEnd = Math.min(search.roundsEnd, search.deadline - 1.5 * replayEstimateMs(instance));
    let previous = '';
    for (let round = 1; round <= maxRounds && Date.now() < search.roundsEnd; round++) {
      const plan = await solveRound(instance, search.factor, (search.roundsEnd - Date.now()) / 1000 / 2);
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
