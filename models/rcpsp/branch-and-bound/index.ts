/**
 * 'branch-and-bound': the exact method of Demeulemeester and Herroelen (1992, 1997) for
 * the classic RCPSP (renewable resources of constant capacity, precedence, makespan).
 * It starts from the default heuristic's schedule (or the caller's incumbent) as the
 * upper bound and the better of `../bounds.ts`'s and `./bounds.ts`'s lower bounds, and searches for a shorter schedule with
 * `search.ts`; a search that runs to its end proves the best schedule optimal. Instances
 * with downtime, release dates, deadlines, disjunctive pairs or the feasibility objective
 * are refused with an 'unsupported' error that points to 'mip-descent'.
 */
import { SchedlabError } from '../../../src/errors.js';
import type { ExactAnswer } from '../../../src/family/contract.js';
import { lowerBound } from '../bounds.js';
import { evaluateRcpsp } from '../evaluate.js';
import { makespanOf } from '../generate-support.js';
import { heuristicStart } from '../heuristic-start.js';
import type { RcpspInstance, RcpspSolution } from '../instance.js';
import { rootBound } from './bounds.js';
import { checkSupported, compileProblem, expandStarts, oversizedActivity, type BnbProblem } from './compile.js';
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

/** The real activities one after the other in topological order: always feasible when every demand fits. */
function serialSchedule(instance: RcpspInstance, problem: BnbProblem): RcpspSolution {
  const starts = new Int32Array(problem.m);
  for (let k = 1; k < problem.m; k++) starts[k] = starts[k - 1] + problem.duration[k - 1];
  return { starts: expandStarts(instance, problem, starts) };
}

function startingSchedule(instance: RcpspInstance, problem: BnbProblem, options: BranchAndBoundOptions, limitSec: number): RcpspSolution {
  const candidates = options.incumbent === undefined ? [] : [options.incumbent];
  if (options.incumbent === undefined && problem.m > 0) {
    candidates.push(heuristicStart(instance, limitSec));
  }
  return candidates.find((c) => evaluateRcpsp(instance, c).feasible) ?? serialSchedule(instance, problem);
}

function reportOf(search: SearchResult, upper: number, lower: number, elapsedMs: number): string[] {
  return [
    `start: upper bound ${upper} (heuristic or incumbent), lower bound ${lower}`,
    `search: ${search.nodes} nodes, ${search.cutsets} cutsets stored${search.cutsetStoreFull ? ' (store full)' : ''}, ` +
      `${search.cutsetPrunes} cutset, ${search.leftShiftPrunes} left-shift and ${search.boundPrunes} bound prunes, ${Math.round(elapsedMs)} ms`,
    search.complete ? `result: makespan ${search.makespan} proven optimal` : `result: time limit, makespan ${search.makespan}, bound ${lower}`,
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
export async function branchAndBound(instance: RcpspInstance, options: BranchAndBoundOptions = {}): Promise<ExactAnswer<RcpspSolution>> {
  const started = performance.now();
  const limitSec = options.timeLimitSec ?? 60;
  checkSupported(instance);
  const problem = compileProblem(instance);
  const oversized = oversizedActivity(problem);
  if (oversized >= 0) {
    const id = instance.activities[problem.original[oversized]].id;
    return { solution: undefined, proven: true, report: [`activity '${id}' needs more of a resource than its capacity: no schedule exists`] };
  }
  const incumbent = startingSchedule(instance, problem, options, limitSec);
  const upper = makespanOf(instance, incumbent.starts);
  const lower = Math.max(lowerBound(instance), rootBound(problem));
  if (upper <= lower) return { solution: incumbent, proven: true, bound: upper, report: [`upper bound ${upper} equals the lower bound: optimal without search`] };
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
  const evaluation = evaluateRcpsp(instance, solution);
  if (!evaluation.feasible) {
    throw new SchedlabError('internal', `the branch and bound built an infeasible schedule for '${instance.name}': ${evaluation.violations[0].message}`);
  }
  const report = reportOf(search, upper, lower, performance.now() - started);
  return { solution, proven: search.complete, bound: search.complete ? evaluation.objective : lower, report };
}
