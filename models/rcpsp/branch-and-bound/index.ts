/**
 * 'branch-and-bound': the exact method of Demeulemeester and Herroelen (1992, 1997) for
 * the RCPSP with renewable resources of constant capacity, precedence, release dates,
 * deadlines and the makespan objective. It starts from the default heuristic's schedule
 * (or the caller's incumbent) as the upper bound when that schedule is feasible — the
 * heuristic may miss a deadline — and the better of `../bounds.ts`'s and `./bounds.ts`'s
 * lower bounds, and searches for a shorter schedule with `search.ts`; a search that runs
 * to its end proves the best schedule optimal, or, when it finds none, that no schedule
 * exists. Instances with downtime, disjunctive pairs or the feasibility objective are
 * refused with an 'unsupported' error that points to 'mip-descent'.
 */
import { SchedlabError } from '../../../src/errors.js';
import type { ExactAnswer } from '../../../src/family/contract.js';
import { lowerBound } from '../bounds.js';
import { evaluateRcpsp } from '../evaluate.js';
import { makespanOf } from '../generate-support.js';
import { heuristicStart } from '../heuristic-start.js';
import type { RcpspInstance, RcpspSolution } from '../instance.js';
import { rootBound } from './bounds.js';
import {
  checkSupported,
  compileProblem,
  emptyWindow,
  expandStarts,
  oversizedActivity,
  type BnbProblem,
} from './compile.js';
import { DhSearch, type SearchResult } from './search.js';

export interface BranchAndBoundOptions {
  /** Seconds for the whole method, heuristic included (default 60). */
  timeLimitSec?: number;
  /** A feasible schedule to start from; without one the default heuristic runs (1 s, or 10 % of the limit, at most). */
  incumbent?: RcpspSolution;
  /** Explored states the cutset store keeps at most (default 3 million, about 150 MB). */
  maxCutsets?: number;
  /** For tests: switch the dominance rules off. */
  cutsetRule?: boolean;
  leftShiftRule?: boolean;
  separationRule?: boolean;
}

const defaultMaxCutsets = 3_000_000;

/**
 * The real activities one after the other in topological order, each at its release at the
 * earliest: feasible when every demand fits, unless it misses a deadline.
 */
function serialSchedule(instance: RcpspInstance, problem: BnbProblem): RcpspSolution {
  const starts = new Int32Array(problem.m);
  for (let k = 0; k < problem.m; k++)
    starts[k] = Math.max(problem.release[k], k === 0 ? 0 : starts[k - 1] + problem.duration[k - 1]);
  return { starts: expandStarts(instance, problem, starts) };
}

/** The first evaluator-feasible one of the incumbent (or heuristic) and the serial schedule; only such a schedule may serve as the upper bound. */
function startingSchedule(
  instance: RcpspInstance,
  problem: BnbProblem,
  options: BranchAndBoundOptions,
  limitSec: number,
): RcpspSolution | undefined {
  const candidates = options.incumbent === undefined ? [] : [options.incumbent];
  if (options.incumbent === undefined && problem.m > 0) {
    candidates.push(heuristicStart(instance, limitSec));
  }
  candidates.push(serialSchedule(instance, problem));
  return candidates.find((c) => evaluateRcpsp(instance, c).feasible);
}

/**
 * A makespan that some optimal schedule does not exceed, if any schedule exists: shifting
 * activities left while possible gives a schedule in which each starts at a release or at
 * another's finish, so each finish is a release plus a chain of distinct durations.
 */
/**
 * The most activities the search takes on: it keeps an m x m exclusion matrix (25 MB at
 * 5,000) and its bounds grow with m²; beyond, the answer is the start schedule and its bound.
 */
export const maxSearchActivities = 5_000;

/** Share of the time limit the exclusive cliques of the energy bound may take. */
const cliqueShare = 0.1;

/** The heuristic start and the lower bound, for an instance too large to search. */
function startOnly(instance: RcpspInstance, limitSec: number): ExactAnswer<RcpspSolution> {
  const start = heuristicStart(instance, limitSec);
  const feasible = evaluateRcpsp(instance, start).feasible;
  const bound = lowerBound(instance);
  const makespan = makespanOf(instance, start.starts);
  const proven = feasible && makespan <= bound;
  return {
    solution: feasible ? start : undefined,
    proven,
    bound: proven ? makespan : bound,
    report: [
      `${instance.activities.length} activities, more than the ${maxSearchActivities} the search takes on (its exclusion matrix grows with their square): the start schedule, ${feasible ? `makespan ${makespan}` : 'infeasible'}, lower bound ${bound}`,
    ],
  };
}

function horizonLimit(instance: RcpspInstance): number {
  return instance.activities.reduce(
    (sum, a) => sum + a.duration,
    Math.max(0, ...instance.activities.map((a) => a.release)),
  );
}

function reportOf(search: SearchResult, upper: number | undefined, lower: number, elapsedMs: number): string[] {
  const found = search.starts !== undefined || upper !== undefined;
  return [
    upper === undefined
      ? `start: no feasible start schedule (a deadline), lower bound ${lower}`
      : `start: upper bound ${upper} (heuristic or incumbent), lower bound ${lower}`,
    `search: ${search.nodes} nodes, ${search.cutsets} cutsets stored${search.cutsetStoreFull ? ' (store full)' : ''}, ` +
      `${search.cutsetPrunes} cutset, ${search.leftShiftPrunes} left-shift and ${search.boundPrunes} bound prunes, ${Math.round(elapsedMs)} ms`,
    !found
      ? search.complete
        ? 'result: no schedule meets every deadline (search complete)'
        : `result: time limit, no schedule found, bound ${lower}`
      : search.complete
        ? `result: makespan ${search.makespan} proven optimal`
        : `result: time limit, makespan ${search.makespan}, bound ${lower}`,
  ];
}

/**
 * Solves a classic RCPSP instance exactly, or returns the best schedule and a bound at the time limit.
 *
 * @example
 * ```ts
 * const answer = await branchAndBound(readSm(text), { timeLimitSec: 10 });
 * answer.proven; // true when answer.solution is optimal
 * ```
 */
export async function branchAndBound(
  instance: RcpspInstance,
  options: BranchAndBoundOptions = {},
): Promise<ExactAnswer<RcpspSolution>> {
  const started = performance.now();
  const limitSec = options.timeLimitSec ?? 60;
  checkSupported(instance);
  if (instance.activities.length > maxSearchActivities) return startOnly(instance, limitSec);
  const problem = compileProblem(instance, started + 1000 * limitSec * cliqueShare);
  const oversized = oversizedActivity(problem);
  if (oversized >= 0) {
    const id = instance.activities[problem.original[oversized]].id;
    return {
      solution: undefined,
      proven: true,
      report: [`activity '${id}' needs more of a resource than its capacity: no schedule exists`],
    };
  }
  const empty = emptyWindow(instance);
  if (empty >= 0) {
    const a = instance.activities[empty];
    return {
      solution: undefined,
      proven: true,
      report: [
        `activity '${a.id}' cannot meet its deadline, or its successors', after its release and its predecessors: no schedule exists`,
      ],
    };
  }
  const incumbent = startingSchedule(instance, problem, options, limitSec);
  // Without a feasible start, the search looks for any schedule up to the horizon limit: finding none proves that none exists.
  const upper = incumbent === undefined ? horizonLimit(instance) + 1 : makespanOf(instance, incumbent.starts);
  const lower = Math.max(lowerBound(instance), rootBound(problem));
  if (incumbent !== undefined && upper <= lower)
    return {
      solution: incumbent,
      proven: true,
      bound: upper,
      report: [`upper bound ${upper} equals the lower bound: optimal without search`],
    };
  const search = new DhSearch(problem, {
    upperBound: upper,
    lowerBound: lower,
    deadline: started + 1000 * limitSec,
    maxCutsets: options.maxCutsets ?? defaultMaxCutsets,
    ...(options.cutsetRule === undefined ? {} : { cutsetRule: options.cutsetRule }),
    ...(options.leftShiftRule === undefined ? {} : { leftShiftRule: options.leftShiftRule }),
    ...(options.separationRule === undefined ? {} : { separationRule: options.separationRule }),
  }).run();
  const solution = search.starts === undefined ? incumbent : { starts: expandStarts(instance, problem, search.starts) };
  const report = reportOf(search, incumbent === undefined ? undefined : upper, lower, performance.now() - started);
  if (solution === undefined) {
    // A complete search below the horizon limit found nothing: no schedule exists.
    return { solution: undefined, proven: search.complete, ...(search.complete ? {} : { bound: lower }), report };
  }
  const evaluation = evaluateRcpsp(instance, solution);
  if (!evaluation.feasible) {
    throw new SchedlabError(
      'internal',
      `the branch and bound built an infeasible schedule for '${instance.name}': ${evaluation.violations[0].message}`,
    );
  }
  return { solution, proven: search.complete, bound: search.complete ? evaluation.objective : lower, report };
}
