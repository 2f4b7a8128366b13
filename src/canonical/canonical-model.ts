/**
 * The solver-neutral intermediate representation: one LP/MIP as flat typed arrays.
 *
 *     min/max  c'x + constant
 *     s.t.     rowLower <= A x <= rowUpper      (A in CSR: rowStart, colIndex, value)
 *              colLower <=   x <= colUpper
 *              x_j integer where colInteger[j] = 1
 *
 * Infinite bounds are `Infinity` / `-Infinity`. Every backend takes this and nothing
 * else; the DSL compiles to it and the MPS/LP readers produce it.
 */
export type ObjectiveSense = 'min' | 'max';

export interface CanonicalModel {
  readonly name: string;
  readonly sense: ObjectiveSense;
  readonly objectiveConstant: number;
  readonly numCols: number;
  readonly numRows: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  /** 1 where the column is integer (binary = integer within [0, 1]), 0 otherwise. */
  readonly colInteger: Uint8Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  /** CSR offsets, length numRows + 1. Column indices within a row are unique. */
  readonly rowStart: Int32Array;
  readonly colIndex: Int32Array;
  readonly value: Float64Array;
  /** Sanitized, unique name of column j (made on demand; see `names.ts`). */
  colName(j: number): string;
  /** Sanitized, unique name of row i. */
  rowName(i: number): string;
  /** Name of the objective row, used by file writers. */
  readonly objectiveName: string;
}

/** Number of stored nonzeros of the constraint matrix. */
export function nonzeroCount(model: CanonicalModel): number {
  return model.rowStart[model.numRows];
}

/** True when at least one column is integer. */
export function isMip(model: CanonicalModel): boolean {
  return model.colInteger.some((flag) => flag === 1);
}
