/**
 * The last line of defence between a backend and the user: every solution any backend
 * returns is checked against the model, and its objective recomputed from the values.
 * A point that breaks the model turns the result into an `error`, whatever the
 * backend said (highs-js before 1.15.1, for one, returned wrong "optimal" answers).
 */
import type { CanonicalModel } from '../canonical/canonical-model.js';
import { objectiveValue, pointViolation } from '../canonical/check.js';
import type { SolveResult } from '../solvers/contract.js';
import { relativeGap } from '../solvers/contract.js';

/** Relative violation above which a reported solution is rejected. */
export const solutionTolerance = 1e-5;

export function verifiedResult(model: CanonicalModel, result: SolveResult): SolveResult {
  if (!result.hasSolution) return result;
  const violation = result.values.length === model.numCols ? pointViolation(model, result.values).max : Infinity;
  if (!(violation <= solutionTolerance)) {
    return {
      ...result,
      termination: 'error',
      hasSolution: false,
      objective: Number.NaN,
      gap: Number.NaN,
      values: new Float64Array(0),
      message:
        `${result.solver} returned a point that violates the model by ${violation.toExponential(2)} (relative); the result was discarded. ${result.message ?? ''}`.trim(),
    };
  }
  const objective = objectiveValue(model, result.values);
  return {
    ...result,
    objective,
    gap: Number.isNaN(result.bestBound) ? result.gap : relativeGap(objective, result.bestBound),
  };
}
