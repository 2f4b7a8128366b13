/**
 * A model with no columns needs no solver: every row's activity is 0, so the model is
 * feasible exactly when every row's bounds contain 0, and its objective is the constant.
 * Backends answer such a model here, before any solver sees it, because the solvers
 * themselves do not: HiGHS answers status "empty" and glpk.js aborts its WASM module
 * (`glp_add_cols: ncs = 0`).
 */
import type { CanonicalModel } from '../canonical/canonical-model.js';
import { resultWithoutSolution, type SolveResult } from './contract.js';

/** The first row whose bounds exclude 0, or -1 when every row admits activity 0. */
function rowExcludingZero(model: CanonicalModel): number {
  for (let i = 0; i < model.numRows; i++) {
    if (!(model.rowLower[i] <= 0 && model.rowUpper[i] >= 0)) return i;
  }
  return -1;
}

/**
 * The result for a model without columns, or undefined when the model has columns.
 *
 * @example
 * ```ts
 * const answer = emptyModelResult('highs', model, performance.now());
 * if (answer) return answer; // optimal with the objective constant, or infeasible
 * ```
 */
export function emptyModelResult(solver: string, model: CanonicalModel, started: number): SolveResult | undefined {
  if (model.numCols > 0) return undefined;
  const timeMs = performance.now() - started;
  const bad = rowExcludingZero(model);
  if (bad >= 0) {
    const bounds = `[${model.rowLower[bad]}, ${model.rowUpper[bad]}]`;
    return resultWithoutSolution(
      solver,
      'infeasible',
      timeMs,
      `the model has no columns and row '${model.rowName(bad)}' needs activity in ${bounds}, which excludes 0`,
    );
  }
  const objective = model.objectiveConstant;
  return {
    solver,
    termination: 'optimal',
    hasSolution: true,
    objective,
    bestBound: objective,
    gap: 0,
    values: new Float64Array(0),
    // Zero duals are an optimal dual solution: there is no column whose reduced cost they could make nonzero.
    rowDuals: new Float64Array(model.numRows),
    reducedCosts: new Float64Array(0),
    timeMs,
    message: 'the model has no columns; its objective is the constant',
  };
}
