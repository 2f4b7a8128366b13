/**
 * The two ways to answer an instance, both ending at the family's evaluator:
 *   instance → heuristic → solution → evaluate
 *   instance → formulate → compile → backend → decode → evaluate
 * The MIP gets the default heuristic's solution as its horizon/big-M source and warm
 * start, and never reports a worse solution than that incumbent.
 */
import { compile } from '../dsl/compile.js';
import { SchedlabError } from '../errors.js';
import { solveCanonical } from '../solve/solve.js';
import type { CanonicalModel } from '../canonical/canonical-model.js';
import type { SolveResult } from '../solvers/contract.js';
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

export interface MipOptions {
  solver?: string;
  /** Native options per backend, merged over the formulation's own. */
  solverOptions?: Record<string, Record<string, number | string | boolean>>;
  timeLimitSec?: number;
  relativeGap?: number;
  seed?: number;
  log?: (line: string) => void;
}

function mergeSolverOptions(
  own: MipOptions['solverOptions'],
  caller: MipOptions['solverOptions'],
): MipOptions['solverOptions'] {
  const merged: NonNullable<MipOptions['solverOptions']> = {};
  for (const source of [own ?? {}, caller ?? {}]) {
    for (const [backend, values] of Object.entries(source)) merged[backend] = { ...merged[backend], ...values };
  }
  return merged;
}

/** Share of the time limit the warm-start heuristic may use (at most 2 s). */
function heuristicBudgetSec(timeLimitSec: number | undefined): number {
  return Math.min(2, (timeLimitSec ?? 20) * 0.1);
}

/** True when the compiled model has an objective at all; without one a solver's 'optimal' proves feasibility only. */
function hasObjective(model: CanonicalModel): boolean {
  return model.colCost.some((cost) => cost !== 0);
}

/** Relative slack within which a solver's optimum counts as the evaluator's (the backends' optimality gap). */
export const solverOptimalityGap = 1e-6;

/**
 * True when the solver's optimum is the evaluator's objective: its bound (when it reports
 * one) lies within the solver's optimality gap of that objective. Otherwise the model
 * optimized something else, and its 'optimal' proves nothing about the answer.
 */
function provesObjective(result: SolveResult, objective: number): boolean {
  if (!Number.isFinite(objective)) return false;
  if (!Number.isFinite(result.bestBound)) return true;
  return Math.abs(objective - result.bestBound) <= solverOptimalityGap * Math.max(1, Math.abs(objective));
}

/**
 * False when a feasible answer beats the solver's bound (GLPK's "OPT" at 40 of a maximum
 * where 41 is feasible): a bound the evaluator refutes bounds nothing, and is dropped.
 */
export function boundHolds(family: AnyFamily, bound: number, evaluation: Evaluation): boolean {
  if (!evaluation.feasible || !Number.isFinite(bound)) return true;
  const slack = solverOptimalityGap * Math.max(1, Math.abs(evaluation.objective));
  return family.sense === 'min' ? bound <= evaluation.objective + slack : bound >= evaluation.objective - slack;
}

/**
 * The status of a run that optimized nothing: 'feasible' once a feasible solution is in
 * hand (that proves feasibility), otherwise the solver's termination ('infeasible' proves
 * there is none); a solver error stays 'error'.
 */
function feasibilityStatus(termination: SolveResult['termination'], evaluation: Evaluation): string {
  if (termination === 'error') return termination;
  return evaluation.feasible ? 'feasible' : termination;
}

/**
 * Formulate, solve and evaluate, warm-started from the default heuristic. On a
 * feasibility-only instance (`Family.optimizesObjective`) the status says 'feasible' or
 * 'infeasible' instead of 'optimal', and bound, gap and proven are left unset; a model
 * without objective is taken to prove only what the family's own bound proves.
 *
 * @example
 * ```ts
 * const result = await solveWithMip(family, instance, { solver: 'highs', timeLimitSec: 60 });
 * result.proven; // true when the MIP proved the evaluator's objective optimal
 * ```
 */
export async function solveWithMip(
  family: AnyFamily,
  instance: unknown,
  options: MipOptions = {},
): Promise<MethodResult> {
  const started = performance.now();
  const budget = heuristicBudgetSec(options.timeLimitSec);
  const start = family.heuristics.default
    ? runHeuristic(family, instance, 'default', { seed: options.seed ?? 1, timeLimitSec: budget })
    : undefined;
  const incumbent = start?.evaluation.feasible ? start.solution : undefined;
  const formulation = family.formulate(instance, incumbent === undefined ? {} : { incumbent });
  const model = compile(formulation.model);
  const warmStart = incumbent === undefined ? undefined : formulation.encode?.(incumbent);
  const elapsedSec = (performance.now() - started) / 1000;
  const result = await solveCanonical(model, {
    ...(options.solver ? { solver: options.solver } : {}),
    ...(options.timeLimitSec === undefined ? {} : { timeLimitSec: Math.max(0.1, options.timeLimitSec - elapsedSec) }),
    ...(options.relativeGap === undefined ? {} : { relativeGap: options.relativeGap }),
    ...(warmStart ? { warmStart } : {}),
    ...(options.log ? { log: options.log } : {}),
    solverOptions: mergeSolverOptions(formulation.solverOptions, options.solverOptions),
  });
  if (result.termination === 'infeasible' && incumbent !== undefined) {
    throw new SchedlabError(
      'internal',
      `the ${result.solver} MIP of family '${family.id}' was reported infeasible although the default heuristic found a feasible solution; the formulation is wrong`,
    );
  }
  const decoded = result.hasSolution ? formulation.decode(result.values) : undefined;
  const decodedEvaluation = decoded === undefined ? noSolution : family.evaluate(instance, decoded);
  const keepIncumbent =
    start !== undefined && incumbent !== undefined && isBetter(family, start.evaluation, decodedEvaluation);
  const evaluation = keepIncumbent ? start.evaluation : decodedEvaluation;
  const common = {
    method: `mip/${result.solver}`,
    objective: evaluation.objective,
    timeMs: performance.now() - started,
    provenInfeasible: result.termination === 'infeasible',
    evaluation,
    solution: keepIncumbent ? incumbent : decoded,
    ...(result.message ? { message: result.message } : {}),
  };
  if (!optimizesObjective(family, instance)) {
    return {
      ...common,
      status: feasibilityStatus(result.termination, evaluation),
      bound: Number.NaN,
      gap: Number.NaN,
      proven: false,
    };
  }
  // A model without objective (e.g. one whose horizon already fixes the makespan) proves
  // nothing about the objective by itself; the family's own bound still may.
  // Nor does a formulation whose numerics the solver's tolerances cannot certify
  // (`provable: false`): then only the family's own bound proves anything.
  const trusted = hasObjective(model) && formulation.provable !== false;
  const solverBound = trusted && boundHolds(family, result.bestBound, evaluation) ? result.bestBound : Number.NaN;
  const ownBound = combinedBound(family, instance, solverBound);
  const solverProof =
    trusted && result.termination === 'optimal' && !keepIncumbent && provesObjective(result, evaluation.objective);
  const proven = evaluation.feasible && (boundCloses(evaluation.objective, ownBound) || solverProof);
  // A proven optimum is its own bound: the solver certifies it within its optimality gap, so
  // a bound a rounding step below it (11.999999 for 12) would report 'optimal' with a gap.
  const bound = proven ? evaluation.objective : ownBound;
  const gap = evaluation.feasible ? relativeGap(evaluation.objective, bound) : Number.NaN;
  // 'optimal' is said only of a proven optimum; a solver's optimum that does not prove the
  // evaluator's objective (the solution kept was the heuristic's, the model's objective is
  // not the evaluator's) is a feasible solution, and one the evaluator rejects is a defect.
  const unproven = evaluation.feasible ? 'feasible' : 'error';
  const status = result.termination === 'optimal' && !proven ? unproven : result.termination;
  return { ...common, status, bound, gap, proven };
}
