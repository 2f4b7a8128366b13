/**
 * A family's exact method (`Family.exact`: DP, branch and bound, a MIP scheme of its
 * own) run and scored like every other method: the solution goes to the family's
 * evaluator, and the method's claim of optimality counts only when the evaluator
 * accepts its solution and the instance asks for an optimum at all.
 */
import { SchedlabError } from '../errors.js';
import { boundCloses, relativeGap } from '../solvers/contract.js';
import type { AnyFamily, Evaluation } from './contract.js';
import {
  boundHolds,
  combinedBound,
  noSolution,
  solverOptimalityGap,
  optimizesObjective,
  type MethodResult,
} from './run.js';

export interface ExactOptions {
  timeLimitSec?: number;
}

/**
 * 'optimal' for a proven optimum, 'infeasible' for a proof that there is no solution,
 * 'feasible' for a solution without proof (and for any feasible solution of a
 * feasibility-only instance), 'unknown' when it found nothing, and 'error' when the method
 * returned a solution the evaluator rejects (a defect of the method, not a property of the
 * instance: the CLI exits 1).
 */
function exactStatus(hasSolution: boolean, proven: boolean, evaluation: Evaluation): string {
  if (!hasSolution) return proven ? 'infeasible' : 'unknown';
  if (!evaluation.feasible) return 'error';
  return proven ? 'optimal' : 'feasible';
}

/** True when a method's claimed bound (if any) lies within the solvers' optimality gap of the objective. */
function boundAgrees(objective: number, bound: number | undefined): boolean {
  if (bound === undefined || !Number.isFinite(bound)) return true;
  return Math.abs(objective - bound) <= solverOptimalityGap * Math.max(1, Math.abs(objective));
}

/**
 * Run the exact method `name` of the family on an instance, then evaluate its solution.
 *
 * @example
 * ```ts
 * const result = await runExact(family, instance, 'mip-descent', { timeLimitSec: 60 });
 * result.proven; // true when the evaluator's objective is proven optimal
 * ```
 */
export async function runExact(
  family: AnyFamily,
  instance: unknown,
  name: string,
  options: ExactOptions = {},
): Promise<MethodResult> {
  const method = family.exact && Object.hasOwn(family.exact, name) ? family.exact[name] : undefined;
  if (!method)
    throw new SchedlabError(
      'input',
      `family '${family.id}' has no exact method '${name}'; it has: ${Object.keys(family.exact ?? {}).join(', ') || 'none'}`,
    );
  const started = performance.now();
  const answer = await method.solve(
    instance,
    options.timeLimitSec === undefined ? {} : { timeLimitSec: options.timeLimitSec },
  );
  const timeMs = performance.now() - started;
  const hasSolution = answer.solution !== undefined;
  const evaluation = hasSolution ? family.evaluate(instance, answer.solution) : noSolution;
  const optimizes = optimizesObjective(family, instance);
  // A proof of optimality whose own bound stays off the objective proves nothing.
  const provenOptimal =
    optimizes && answer.proven && evaluation.feasible && boundAgrees(evaluation.objective, answer.bound);
  // A claimed bound that the method's own feasible answer beats bounds nothing.
  const claimed =
    answer.bound !== undefined && boundHolds(family, answer.bound, evaluation) ? answer.bound : Number.NaN;
  const ownBound = optimizes ? combinedBound(family, instance, claimed) : Number.NaN;
  const proven = provenOptimal || (evaluation.feasible && boundCloses(evaluation.objective, ownBound));
  // A proven optimum is its own bound, so 'optimal' never comes with a gap.
  const bound = proven ? evaluation.objective : ownBound;
  const gap = evaluation.feasible ? relativeGap(evaluation.objective, bound) : Number.NaN;
  const provenInfeasible = !hasSolution && answer.proven;
  return {
    method: name,
    status: exactStatus(hasSolution, proven || provenInfeasible, evaluation),
    objective: evaluation.objective,
    bound,
    gap,
    timeMs,
    proven,
    provenInfeasible,
    evaluation,
    solution: answer.solution,
    ...(answer.report ? { report: answer.report } : {}),
    ...(hasSolution && !evaluation.feasible
      ? {
          message: `the exact method '${name}' returned a solution the evaluator rejects (${evaluation.violations[0]?.message ?? 'no detail'}); please report it with the instance`,
        }
      : {}),
  };
}
