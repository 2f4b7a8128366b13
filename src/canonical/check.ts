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

function beyond(value: number, lower: number, upper: number): number {
  if (value < lower) return (lower - value) / (1 + Math.abs(lower));
  if (value > upper) return (value - upper) / (1 + Math.abs(upper));
  return 0;
}

/**
 * How far a point is from satisfying the model: bounds, rows and integrality, each
 * measured relative to the size of the bound (so 1e6 <= x is judged like 1 <= x).
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
  let row = 0;
  for (let i = 0; i < model.numRows; i++) row = Math.max(row, beyond(activity[i], model.rowLower[i], model.rowUpper[i]));
  return { bound, row, integrality, max: Math.max(bound, row, integrality) };
}

/** True when the point satisfies the model within `tolerance` (relative, see `pointViolation`). */
export function isFeasiblePoint(model: CanonicalModel, values: ArrayLike<number>, tolerance = 1e-6): boolean {
  return values.length === model.numCols && pointViolation(model, values).max <= tolerance;
}
