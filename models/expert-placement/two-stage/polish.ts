/**
 * 'two-stage-mip': the two-stage ILP for a third of the time limit, then the single-stage MIP
 * (exact on the MoE time) warm-started from the better of its answer and the best baseline,
 * for the rest. Where the MIP applies (no redundant slots, few enough pair variables) its
 * bound is a bound on the evaluator's objective, so the gap is the MIP's and a closed gap is a
 * proof; elsewhere it is the two-stage method alone.
 */
import { compile } from '../../../src/dsl/index.js';
import { solveCanonical } from '../../../src/solve/solve.js';
import { expertPlacementLowerBound } from '../bounds.js';
import { evaluateExpertPlacement } from '../evaluate.js';
import {
  formulateExpertPlacement,
  singleStageAssignmentLimit,
  singleStageAssignments,
  singleStagePairLimit,
  singleStagePairs,
} from '../formulation.js';
import type { ExpertPlacementInstance, ExpertPlacementSolution } from '../instance.js';
import { solveTwoStage, type TwoStageReport } from './solve.js';

/** True when the single-stage MIP takes the instance. */
export function singleStageApplies(instance: ExpertPlacementInstance): boolean {
  return (
    instance.redundantSlots === 0 &&
    singleStageAssignments(instance) <= singleStageAssignmentLimit &&
    singleStagePairs(instance) <= singleStagePairLimit
  );
}

/** What the combined run found: the answer, a valid bound, and the lines of its report. */
export interface PolishedAnswer {
  solution: ExpertPlacementSolution;
  objective: number;
  bound: number;
  twoStage: TwoStageReport;
  mip?: { termination: string; objective: number; bound: number; seconds: number };
}

/**
 * Two-stage, then the MIP from its answer.
 *
 * @example
 * ```ts
 * const answer = await solveTwoStageThenMip(instance, { timeLimitSec: 30 });
 * answer.bound <= answer.objective; // true
 * ```
 */
export async function solveTwoStageThenMip(
  instance: ExpertPlacementInstance,
  options: { timeLimitSec?: number } = {},
): Promise<PolishedAnswer> {
  const started = performance.now();
  const limitSec = options.timeLimitSec ?? 60;
  const applies = singleStageApplies(instance);
  const twoStage = await solveTwoStage(instance, { timeLimitSec: applies ? limitSec / 3 : limitSec });
  const own = {
    solution: twoStage.solution,
    objective: twoStage.objective,
    bound: expertPlacementLowerBound(instance),
    twoStage,
  };
  if (!applies) return own;
  const formulation = formulateExpertPlacement(instance);
  const warmStart = formulation.encode?.({ placement: twoStage.solution.placement });
  const leftSec = Math.max(0.1, limitSec - (performance.now() - started) / 1000);
  const mipStarted = performance.now();
  const result = await solveCanonical(compile(formulation.model), {
    timeLimitSec: leftSec,
    ...(warmStart ? { warmStart } : {}),
  });
  const mip = {
    termination: result.termination,
    objective: result.objective,
    bound: result.bestBound,
    seconds: (performance.now() - mipStarted) / 1000,
  };
  const bound = Number.isFinite(result.bestBound) ? Math.max(own.bound, result.bestBound) : own.bound;
  if (!result.hasSolution) return { ...own, bound, mip };
  const decoded = formulation.decode(result.values);
  const evaluation = evaluateExpertPlacement(instance, decoded);
  const better = evaluation.feasible && evaluation.objective < own.objective;
  return { ...own, bound, mip, ...(better ? { solution: decoded, objective: evaluation.objective } : {}) };
}
