import type { CanonicalModel, ObjectiveSense } from './canonical-model.js';
import { LazyNames, sanitizeName } from './names.js';

/** Everything needed to make a `CanonicalModel`; names are optional. */
export interface CanonicalModelData {
  name?: string;
  sense?: ObjectiveSense;
  objectiveConstant?: number;
  objectiveName?: string;
  colCost: ArrayLike<number>;
  colLower: ArrayLike<number>;
  colUpper: ArrayLike<number>;
  colInteger?: ArrayLike<number | boolean>;
  rowLower: ArrayLike<number>;
  rowUpper: ArrayLike<number>;
  rowStart: ArrayLike<number>;
  colIndex: ArrayLike<number>;
  value: ArrayLike<number>;
  colNames?: readonly string[] | ((j: number) => string);
  rowNames?: readonly string[] | ((i: number) => string);
}

function toNameFunction(names: readonly string[] | ((i: number) => string) | undefined, prefix: string) {
  if (names === undefined) return (i: number) => `${prefix}${i}`;
  if (typeof names === 'function') return names;
  return (i: number) => names[i] ?? `${prefix}${i}`;
}

/**
 * Make a `CanonicalModel` from plain arrays (copied into typed arrays when needed).
 *
 * @example
 * ```ts
 * // min x + y  s.t.  x + 2y >= 2,  0 <= x, y <= 10
 * const model = canonicalModel({
 *   colCost: [1, 1], colLower: [0, 0], colUpper: [10, 10],
 *   rowLower: [2], rowUpper: [Infinity], rowStart: [0, 2], colIndex: [0, 1], value: [1, 2],
 * });
 * ```
 */
export function canonicalModel(data: CanonicalModelData): CanonicalModel {
  const numCols = data.colCost.length;
  const numRows = data.rowLower.length;
  const colNames = new LazyNames(numCols, toNameFunction(data.colNames, 'x'));
  const rowNames = new LazyNames(numRows, toNameFunction(data.rowNames, 'c'));
  const colInteger = new Uint8Array(numCols);
  if (data.colInteger) for (let j = 0; j < numCols; j++) colInteger[j] = data.colInteger[j] ? 1 : 0;
  return {
    name: data.name ?? 'model',
    sense: data.sense ?? 'min',
    objectiveConstant: data.objectiveConstant ?? 0,
    objectiveName: sanitizeName(data.objectiveName ?? 'obj'),
    numCols,
    numRows,
    colCost: Float64Array.from(data.colCost),
    colLower: Float64Array.from(data.colLower),
    colUpper: Float64Array.from(data.colUpper),
    colInteger,
    rowLower: Float64Array.from(data.rowLower),
    rowUpper: Float64Array.from(data.rowUpper),
    rowStart: Int32Array.from(data.rowStart.length ? data.rowStart : [0]),
    colIndex: Int32Array.from(data.colIndex),
    value: Float64Array.from(data.value),
    colName: (j) => colNames.get(j),
    rowName: (i) => rowNames.get(i),
  };
}
