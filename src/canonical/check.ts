import type { CanonicalModel } from './canonical-model.js';

/** Objective value c'x + constant of a point. */
export function objectiveValue(model: CanonicalModel, values: ArrayLike<number>): number {
  let total = model.objectiveConstant;
  for (let j = 0; j < model.numCols; j++) total += model.colCost[j] * values[j];
  return total;
}

/** Row activities A x of a point. */
export function rowActivities(model: CanonicalModel, values: ArrayLike<number>): Float64Array {
  const activity = new Float64Array(model.numRows);
  for (let i = 0; i < model.numRows; i++) {
    let sum = 0;
    for (let k = model.rowStart[i]; k < model.rowStart[i + 1]; k++) sum += model.value[k] * values[model.colIndex[k]];
    activity[i] = sum;
  }
  return activity;
}

/** The worst violation of a point, by kind, in absolute terms scaled by 1 + |bound|. */
export interface PointViolation {
  bound: number;
  row: number;
  integrality: number;
  /** The largest of the three. */
  max: number;
}

/** How far `value` lies outside [lower, upper], relative to 1 + max(|bound|, `size`). */
function beyond(value: number, lower: number, upper: number, size = 0): number {
  if (value < lower) return (lower - value) / (1 + Math.max(Math.abs(lower), size));
  if (value > upper) return (value - upper) / (1 + Math.max(Math.abs(upper), size));
  return 0;
}

/** Sum of |a_ij x_j| of each row: a row with big terms (a big-M) is judged relative to them. */
function rowMagnitudes(model: CanonicalModel, values: ArrayLike<number>): Float64Array {
  const size = new Float64Array(model.numRows);
  for (let i = 0; i < model.numRows; i++) {
    for (let k = model.rowStart[i]; k < model.rowStart[i + 1]; k++)
      size[i] += Math.abs(model.value[k] * values[model.colIndex[k]]);
  }
  return size;
}

/**
 * How far a point is from satisfying the model: bounds, rows and integrality. Bounds are
 * measured relative to their size (1e6 <= x is judged like 1 <= x); rows relative to the
 * larger of their bound and their terms, so `x - 1e6 z <= 0` with z off by a solver's
 * integrality tolerance is not called a violation.
 */
export function pointViolation(model: CanonicalModel, values: ArrayLike<number>): PointViolation {
  let bound = 0;
  let integrality = 0;
  for (let j = 0; j < model.numCols; j++) {
    const x = values[j];
    if (!Number.isFinite(x)) return { bound: Infinity, row: Infinity, integrality: Infinity, max: Infinity };
    bound = Math.max(bound, beyond(x, model.colLower[j], model.colUpper[j]));
    if (model.colInteger[j]) integrality = Math.max(integrality, Math.abs(x - Math.round(x)));
  }
  const activity = rowActivities(model, values);
  const size = rowMagnitudes(model, values);
  let row = 0;
  for (let i = 0; i < model.numRows; i++)
    row = Math.max(row, beyond(activity[i], model.rowLower[i], model.rowUpper[i], size[i]));
  return { bound, row, integrality, max: Math.max(bound, row, integrality) };
}

/** True when the point satisfies the model within `tolerance` (relative, see `pointViolation`). */
export function isFeasiblePoint(model: CanonicalModel, values: ArrayLike<number>, tolerance = 1e-6): boolean {
  return values.length === model.numCols && pointViolation(model, values).max <= tolerance;
}
