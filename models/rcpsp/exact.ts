/**
 * Exact methods of the RCPSP family built on the time-indexed MIP.
 *
 * 'mip-descent': the heuristic's makespan UB is an upper bound, so the only open question
 * is whether some schedule ends by UB - 1. The method narrows the windows for horizon
 * UB - 1 by energetic reasoning and shaving (`formulation/energetic.ts`); when they are
 * empty, UB is proven optimal without a MIP. Otherwise HiGHS minimizes the makespan over
 * the schedules ending by UB - 1 (every window one period shorter than with horizon UB):
 * "infeasible" proves UB optimal, "optimal" proves the MIP's schedule optimal.
 */
import { compile } from '../../src/dsl/compile.js';
import type { ExactMethod } from '../../src/family/contract.js';
import { solve } from '../../src/solve/solve.js';
import { lowerBound } from './bounds.js';
import { unsupportedFeature } from './branch-and-bound/compile.js';
import { branchAndBound } from './branch-and-bound/index.js';
import { evaluateRcpsp } from './evaluate.js';
import { formulateRcpsp, rcpspSolverOptions, safeHorizon } from './formulation.js';
import { rcpspModelSizeAt } from './model-size.js';
import { assertBuildable, expectedBuildSec } from '../../src/family/model-budget.js';
import { makespanOf } from './generate-support.js';
import { heuristicStart } from './heuristic-start.js';
import type { RcpspInstance, RcpspSolution } from './instance.js';
import { exactInCoarsestPeriods } from './time-scale.js';

export interface MipDescentOptions {
  timeLimitSec?: number;
  /** A feasible schedule to start from; without one the default heuristic runs (1 s at most). */
  incumbent?: RcpspSolution;
  /** Native options per backend, over `rcpspSolverOptions`. */
  solverOptions?: Record<string, Record<string, number | string | boolean>>;
  /** Share of the time limit for shaving the windows (default 0.1). */
  shaveShare?: number;
  log?: (line: string) => void;
}

export interface MipDescentResult {
  solution: RcpspSolution | undefined;
  proven: boolean;
  bound?: number;
  /** How the answer was settled: 'windows' (shaving refuted UB - 1), 'mip', or 'open'. */
  provenBy: 'windows' | 'mip' | 'open';
  /** The horizon of the MIP that ran (UB - 1), or undefined when none ran. */
  horizon?: number;
  size?: { rows: number; cols: number };
}

/** The horizon `formulateRcpsp` takes without a start schedule. */
function chosenHorizon(instance: RcpspInstance): number {
  return Math.min(instance.horizon ?? Infinity, safeHorizon(instance));
}

function startingSchedule(
  instance: RcpspInstance,
  options: MipDescentOptions,
  limitSec: number,
): RcpspSolution | undefined {
  const candidate = options.incumbent ?? heuristicStart(instance, limitSec);
  return evaluateRcpsp(instance, candidate).feasible ? candidate : undefined;
}

/**
 * Proves the heuristic's makespan optimal or finds a better schedule, as described in the
 * file header; falls back to the plain MIP when no feasible start or no makespan objective exists.
 *
 * @example
 * ```ts
 * const result = await mipDescent(instance, { timeLimitSec: 60 });
 * result.proven; // true when result.solution is optimal
 * ```
 */
export async function mipDescent(instance: RcpspInstance, options: MipDescentOptions = {}): Promise<MipDescentResult> {
  const started = performance.now();
  const limitSec = options.timeLimitSec ?? 60;
  const incumbent = startingSchedule(instance, options, limitSec);
  const isMakespan = instance.objective === 'makespan';
  const upper = incumbent !== undefined && isMakespan ? makespanOf(instance, incumbent.starts) : undefined;
  const known = lowerBound(instance);
  if (upper !== undefined && upper <= known)
    return { solution: incumbent, proven: true, bound: upper, provenBy: 'windows' };
  // The model is refused when it cannot be built, and not built when its build would outlast the limit.
  const estimate = rcpspModelSizeAt(instance, upper === undefined ? chosenHorizon(instance) : upper - 1);
  assertBuildable('rcpsp', estimate);
  if (expectedBuildSec(estimate) > limitSec - (performance.now() - started) / 1000)
    return { solution: incumbent, proven: false, bound: known, provenBy: 'open' };
  const shaveMs = 1000 * limitSec * (options.shaveShare ?? 0.1);
  const mip = formulateRcpsp(instance, upper === undefined ? { shaveMs } : { horizon: upper - 1, shaveMs });
  if (upper !== undefined && mip.windows.empty)
    return { solution: incumbent, proven: true, bound: upper, provenBy: 'windows' };
  const canonical = compile(mip.model);
  const size = { rows: canonical.numRows, cols: canonical.numCols };
  const elapsedSec = (performance.now() - started) / 1000;
  const result = await solve(canonical, {
    solver: 'highs',
    timeLimitSec: Math.max(0.1, limitSec - elapsedSec),
    solverOptions: { highs: { ...rcpspSolverOptions.highs, ...options.solverOptions?.highs } },
    ...(options.log ? { log: options.log } : {}),
  });
  const decoded = result.hasSolution ? mip.decode(result.values) : undefined;
  const better = decoded !== undefined && evaluateRcpsp(instance, decoded).feasible ? decoded : undefined;
  const solution = better ?? incumbent;
  const solverBound = Number.isFinite(result.bestBound) ? Math.ceil(result.bestBound - 1e-6) : -Infinity;
  if (result.termination === 'infeasible')
    return {
      solution,
      proven: upper !== undefined || solution === undefined,
      bound: upper,
      provenBy: 'mip',
      horizon: mip.horizon,
      size,
    };
  if (result.termination === 'optimal' && better !== undefined)
    return {
      solution: better,
      proven: true,
      bound: makespanOf(instance, better.starts),
      provenBy: 'mip',
      horizon: mip.horizon,
      size,
    };
  // The MIP's bound covers the schedules ending by UB - 1 only; the incumbent's makespan caps it.
  const bound = Math.max(
    known,
    mip.windows.endEarliest,
    upper === undefined ? solverBound : Math.min(upper, solverBound),
  );
  const value = solution === undefined ? Infinity : makespanOf(instance, solution.starts);
  return { solution, proven: isMakespan && bound >= value, bound, provenBy: 'open', horizon: mip.horizon, size };
}

/**
 * The strongest exact method for an instance, what `schedlab solve` runs without `--method`:
 * branch and bound for the classic RCPSP (release dates and deadlines included), which
 * proves all of j30 where the MIP leaves files open, and mip-descent for the extensions it
 * does not handle (downtime, disjunctive pairs, the feasibility objective).
 *
 * @example
 * ```ts
 * strongestRcpspMethod(readSm(text)); // 'branch-and-bound'
 * ```
 */
export function strongestRcpspMethod(instance: RcpspInstance): 'branch-and-bound' | 'mip-descent' {
  return unsupportedFeature(instance) === undefined ? 'branch-and-bound' : 'mip-descent';
}

/** The family's exact methods (the `exact` entry of `models/rcpsp/index.ts`). */
/** Both run on the instance in its coarsest periods (time-scale.ts), which is exact. */
export const rcpspExact: Record<string, ExactMethod<RcpspInstance, RcpspSolution>> = {
  'mip-descent': exactInCoarsestPeriods({
    solve: async (instance, options) => {
      const { solution, proven, bound } = await mipDescent(instance, options);
      return { solution, proven, ...(bound === undefined ? {} : { bound }) };
    },
  }),
  // Demeulemeester-Herroelen branch and bound (classic RCPSP only): see branch-and-bound/index.ts.
  'branch-and-bound': exactInCoarsestPeriods({ solve: (instance, options) => branchAndBound(instance, options) }),
};
