/**
 * The two ways to answer an instance, both ending at the family's evaluator:
 *   instance → heuristic → solution → evaluate
 *   instance → formulate → compile → backend → decode → evaluate
 * The MIP gets the default heuristic's solution as its horizon/big-M source and warm
 * start, and never reports a worse solution than that incumbent.
 */
import { SchedlabError } from '../errors.js';
import { boundCloses, relativeGap } from '../solvers/contract.js';
import { seededRandom } from '../util/random.js';
import type { AnyFamily, Evaluation } from './contract.js';

/**
 * One method's answer to one instance, objective and feasibility from the evaluator;
 * `S` is the family's solution type (`unknown` for a family whose type is erased).
 */
export interface MethodResult<S = unknown> {
  method: string;
  /**
   * The solver's termination for MIP methods, except that 'optimal' is said only of a proven
   * optimum (else 'feasible'); 'feasible' / 'infeasible' for heuristics; 'error'.
   */
  status: string;
  objective: number;
  /**
   * Best proven bound: the MIP's, or the family's lower bound, whichever is tighter; the
   * objective itself once proven; NaN when unknown and for a feasibility-only instance.
   */
  bound: number;
  /** NaN when unknown, and for a feasibility-only instance. */
  gap: number;
  timeMs: number;
  /** True when the objective is proven optimal; never for a feasibility-only instance. */
  proven: boolean;
  /** True when the method proved that the instance has no feasible solution. */
  provenInfeasible: boolean;
  evaluation: Evaluation;
  /** The solution the evaluator scored; undefined when the method found none. */
  solution: S | undefined;
  message?: string;
  /** How an exact method reached its answer, line by line (see `ExactAnswer.report`). */
  report?: string[];
}

export interface HeuristicOptions {
  seed?: number;
  timeLimitSec?: number;
}

export const noSolution: Evaluation = { feasible: false, objective: Number.NaN, violations: [], metrics: {} };

/**
 * False when the instance asks only for a feasible solution (`Family.optimizesObjective`):
 * then nothing optimizes the evaluator's objective, so no bound, gap or optimum is claimed.
 */
export function optimizesObjective(family: AnyFamily, instance: unknown): boolean {
  return family.optimizesObjective?.(instance) ?? true;
}

/** The family's lower bound (or upper bound for max) combined with a solver's bound. */
export function combinedBound(family: AnyFamily, instance: unknown, solverBound: number): number {
  const own = family.lowerBound?.(instance);
  if (own === undefined || !Number.isFinite(own)) return solverBound;
  if (!Number.isFinite(solverBound)) return own;
  return family.sense === 'min' ? Math.max(own, solverBound) : Math.min(own, solverBound);
}

/** True when `a` is a better answer than `b`: feasible first, then the objective. */
export function isBetter(family: AnyFamily, a: Evaluation, b: Evaluation): boolean {
  if (a.feasible !== b.feasible) return a.feasible;
  if (!Number.isFinite(b.objective)) return Number.isFinite(a.objective);
  return family.sense === 'min' ? a.objective < b.objective : a.objective > b.objective;
}

/**
 * Run a named heuristic with a seeded random source and a deadline, then evaluate.
 *
 * @example
 * ```ts
 * const result = runHeuristic(family, instance, 'default', { seed: 1, timeLimitSec: 1 });
 * ```
 */
export function runHeuristic(
  family: AnyFamily,
  instance: unknown,
  name: string,
  options: HeuristicOptions = {},
): MethodResult {
  const heuristic = family.heuristics[name];
  if (!heuristic)
    throw new SchedlabError(
      'input',
      `family '${family.id}' has no heuristic '${name}'; it has: ${Object.keys(family.heuristics).join(', ')}`,
    );
  const started = performance.now();
  const deadline = Date.now() + (options.timeLimitSec ?? 1) * 1000;
  const solution = heuristic(instance, { rng: seededRandom(options.seed ?? 1), deadline });
  const timeMs = performance.now() - started;
  const evaluation = family.evaluate(instance, solution);
  const bound = optimizesObjective(family, instance) ? combinedBound(family, instance, Number.NaN) : Number.NaN;
  const gap = evaluation.feasible ? relativeGap(evaluation.objective, bound) : Number.NaN;
  return {
    method: name,
    status: evaluation.feasible ? 'feasible' : 'infeasible',
    objective: evaluation.objective,
    bound,
    gap,
    timeMs,
    proven: evaluation.feasible && boundCloses(evaluation.objective, bound),
    provenInfeasible: false,
    evaluation,
    solution,
  };
}

/** Relative slack within which a solver's optimum counts as the evaluator's (the backends' optimality gap). */
export const solverOptimalityGap = 1e-6;

/**
 * False when a feasible answer beats the solver's bound (GLPK's "OPT" at 40 of a maximum
 * where 41 is feasible): a bound the evaluator refutes bounds nothing, and is dropped.
 */
export function boundHolds(family: AnyFamily, bound: number, evaluation: Evaluation): boolean {
  if (!evaluation.feasible || !Number.isFinite(bound)) return true;
  const slack = solverOptimalityGap * Math.max(1, Math.abs(evaluation.objective));
  return family.sense === 'min' ? bound <= evaluation.objective + slack : bound >= evaluation.objective - slack;
}

export { solveWithMip, type MipOptions } from './run-mip.js';
