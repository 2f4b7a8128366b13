/**
 * Pure translation between a `CanonicalModel` and javascript-lp-solver's JSON model.
 *
 * javascript-lp-solver knows only non-negative variables (or fully free ones, its
 * `unrestricted`), so every column is written as x = offset + sign * y with y >= 0:
 * - a finite lower bound l: x = l + y, and a finite upper bound u adds the row y <= u - l;
 * - only an upper bound u: x = u - y;
 * - no bound: y is unrestricted and x = y;
 * - a fixed column (l = u) is no variable at all, only a constant.
 * Integer columns use ceil(l) / floor(u), so the shifted variable is integer too. Rows then
 * move by the constant part of their columns; a row left with no variable is checked here,
 * because the solver would not see it.
 */
import { isMip, type CanonicalModel } from '../../canonical/canonical-model.js';
import { objectiveValue, pointViolation } from '../../canonical/check.js';
import { resultWithoutSolution, type SolveResult, type TerminationReason } from '../contract.js';

/** javascript-lp-solver's model, as far as schedlab uses it. */
export interface JslpModel {
  optimize: string;
  opType: 'min' | 'max';
  constraints: Record<string, { min?: number; max?: number; equal?: number }>;
  variables: Record<string, Record<string, number>>;
  ints: Record<string, 1>;
  unrestricted: Record<string, 1>;
  timeout?: number;
}

/** The solver's answer (its "simplified result"): flags, objective, and nonzero variables. */
export interface JslpAnswer {
  feasible: boolean;
  bounded?: boolean;
  result: number;
  [variable: string]: number | boolean | undefined;
}

/** How each column is written: x_j = offset[j] + sign[j] * y_j (sign 0: x_j is the constant). */
export interface JslpMapping {
  offset: Float64Array;
  sign: Int8Array;
  /** A reason the model is infeasible found while translating (an empty row, crossed integer bounds). */
  infeasible?: string;
}

/** The key of the objective; starts with `_` so no variable or row name (`y…`, `r…`, `u…`) can equal it. */
export const objectiveKey = '_obj';
export const jslpVarName = (j: number): string => `y${j}`;
export const jslpRowName = (i: number): string => `r${i}`;
export const jslpUpperRowName = (j: number): string => `u${j}`;

function columnMapping(model: CanonicalModel): JslpMapping & { width: Float64Array } {
  const offset = new Float64Array(model.numCols);
  const sign = new Int8Array(model.numCols);
  const width = new Float64Array(model.numCols).fill(Infinity);
  let infeasible: string | undefined;
  for (let j = 0; j < model.numCols; j++) {
    const integer = model.colInteger[j] === 1;
    // Integer columns take the integer part of their bounds; 1e-9 absorbs bounds like 2.9999999999.
    const lower = integer ? Math.ceil(model.colLower[j] - 1e-9) : model.colLower[j];
    const upper = integer ? Math.floor(model.colUpper[j] + 1e-9) : model.colUpper[j];
    if (lower > upper) infeasible ??= `column ${model.colName(j)} has no value within its bounds`;
    if (lower === upper) {
      offset[j] = lower;
    } else if (lower > -Infinity) {
      [offset[j], sign[j], width[j]] = [lower, 1, upper - lower];
    } else if (upper < Infinity) {
      [offset[j], sign[j]] = [upper, -1];
    } else {
      sign[j] = 1;
    }
  }
  return { offset, sign, width, ...(infeasible === undefined ? {} : { infeasible }) };
}

/** Bounds of one row after moving its constant part (`shift`) to the right-hand side. */
function rowBounds(lower: number, upper: number, shift: number): { min?: number; max?: number; equal?: number } {
  const min = lower - shift;
  const max = upper - shift;
  if (lower === upper) return { equal: min };
  return { ...(lower > -Infinity ? { min } : {}), ...(upper < Infinity ? { max } : {}) };
}

/**
 * The javascript-lp-solver model of a canonical model, and the mapping back.
 * The objective constant is not in it: `objectiveValue` of the mapped-back point has it.
 *
 * @param timeoutMs the solver's own branch-and-cut time limit
 */
export function toJslpModel(model: CanonicalModel, timeoutMs?: number): { jslp: JslpModel; mapping: JslpMapping } {
  const mapping = columnMapping(model);
  const { offset, sign, width } = mapping;
  const jslp: JslpModel = {
    optimize: objectiveKey,
    opType: model.sense,
    constraints: {},
    variables: {},
    ints: {},
    unrestricted: {},
  };
  if (timeoutMs !== undefined) jslp.timeout = Math.max(1, Math.round(timeoutMs));
  for (let j = 0; j < model.numCols; j++) {
    if (sign[j] === 0) continue;
    const name = jslpVarName(j);
    jslp.variables[name] = model.colCost[j] === 0 ? {} : { [objectiveKey]: sign[j] * model.colCost[j] };
    if (model.colInteger[j]) jslp.ints[name] = 1;
    if (model.colLower[j] === -Infinity && model.colUpper[j] === Infinity) jslp.unrestricted[name] = 1;
    if (width[j] < Infinity) {
      jslp.constraints[jslpUpperRowName(j)] = { max: width[j] };
      jslp.variables[name][jslpUpperRowName(j)] = 1;
    }
  }
  for (let i = 0; i < model.numRows; i++) {
    if (model.rowLower[i] === -Infinity && model.rowUpper[i] === Infinity) continue;
    let shift = 0;
    let terms = 0;
    for (let k = model.rowStart[i]; k < model.rowStart[i + 1]; k++) {
      const j = model.colIndex[k];
      shift += model.value[k] * offset[j];
      if (sign[j] !== 0 && model.value[k] !== 0) {
        jslp.variables[jslpVarName(j)][jslpRowName(i)] = sign[j] * model.value[k];
        terms += 1;
      }
    }
    const bounds = rowBounds(model.rowLower[i], model.rowUpper[i], shift);
    if (terms > 0) jslp.constraints[jslpRowName(i)] = bounds;
    else if (!constantRowHolds(model.rowLower[i], model.rowUpper[i], shift)) {
      mapping.infeasible ??= `row ${model.rowName(i)} has no variable and its constant ${shift} is outside its bounds`;
    }
  }
  return {
    jslp,
    mapping: { offset, sign, ...(mapping.infeasible === undefined ? {} : { infeasible: mapping.infeasible }) },
  };
}

/** Whether a constant row activity lies within its bounds (relative tolerance 1e-9). */
function constantRowHolds(lower: number, upper: number, activity: number): boolean {
  const tolerance = 1e-9;
  return activity >= lower - tolerance * (1 + Math.abs(lower)) && activity <= upper + tolerance * (1 + Math.abs(upper));
}

/** The column values x = offset + sign * y of an answer (variables it leaves out are 0). */
export function jslpValues(mapping: JslpMapping, answer: JslpAnswer): Float64Array {
  const values = new Float64Array(mapping.offset.length);
  for (let j = 0; j < values.length; j++) {
    const y = answer[jslpVarName(j)];
    values[j] = mapping.offset[j] + mapping.sign[j] * (typeof y === 'number' ? y : 0);
  }
  return values;
}

/** How a run of the solver ended, as `backend.ts` saw it. */
export interface JslpRun {
  /** The solver's answer, or undefined when it had to be stopped from outside. */
  answer: JslpAnswer | undefined;
  /** Whether the time limit was used up. */
  timedOut: boolean;
}

/**
 * The `SolveResult` of a run. javascript-lp-solver reports values even for infeasible
 * models and cannot say whether a branch-and-cut stopped by its timeout was finished,
 * so every point is checked against the model, and a MIP that used its time up is
 * `timeLimit`, never `optimal`.
 */
export function jslpResult(model: CanonicalModel, mapping: JslpMapping, run: JslpRun, timeMs: number): SolveResult {
  const none = (reason: TerminationReason, message: string) => resultWithoutSolution('jslp', reason, timeMs, message);
  if (mapping.infeasible) return none('infeasible', mapping.infeasible);
  const { answer, timedOut } = run;
  if (!answer) return none('timeLimit', 'stopped at the time limit without an answer');
  if (!answer.feasible)
    return timedOut ? none('timeLimit', 'no feasible point before the time limit') : none('infeasible', 'infeasible');
  if (answer.bounded === false) {
    // For an LP the simplex found a feasible basis and a ray; for a MIP only the relaxation is known unbounded.
    return isMip(model) ? none('infeasibleOrUnbounded', 'the relaxation is unbounded') : none('unbounded', 'unbounded');
  }
  const values = jslpValues(mapping, answer);
  const violation = pointViolation(model, values).max;
  if (violation > 1e-6) {
    if (timedOut) return none('timeLimit', 'no feasible point before the time limit');
    return none(
      'error',
      `javascript-lp-solver returned a point that violates the model by ${violation.toExponential(2)}`,
    );
  }
  const objective = objectiveValue(model, values);
  const proven = !(timedOut && isMip(model));
  return {
    solver: 'jslp',
    termination: proven ? 'optimal' : 'timeLimit',
    hasSolution: true,
    objective,
    bestBound: proven ? objective : Number.NaN,
    gap: proven ? 0 : Number.NaN,
    values,
    timeMs,
  };
}
