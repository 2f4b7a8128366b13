import type { CanonicalModel, ObjectiveSense } from './canonical-model.js';

/** A dense-coefficient row to append: lower <= coefs·x <= upper. */
export interface DenseRow {
  name: string;
  coefs: Float64Array;
  lower: number;
  upper: number;
}

/**
 * A copy of `base` with another objective and extra rows appended. Used by the
 * lexicographic solve (one level's objective, earlier levels fixed as rows).
 */
export function withObjectiveAndRows(
  base: CanonicalModel,
  objective: { cost: Float64Array; constant: number; sense: ObjectiveSense },
  extraRows: readonly DenseRow[],
): CanonicalModel {
  const baseNonzeros = base.rowStart[base.numRows];
  const extra = extraRows.map((row) => [...row.coefs.keys()].filter((j) => row.coefs[j] !== 0));
  const total = baseNonzeros + extra.reduce((n, cols) => n + cols.length, 0);
  const rowStart = new Int32Array(base.numRows + extraRows.length + 1);
  rowStart.set(base.rowStart);
  const colIndex = new Int32Array(total);
  colIndex.set(base.colIndex.subarray(0, baseNonzeros));
  const value = new Float64Array(total);
  value.set(base.value.subarray(0, baseNonzeros));
  let position = baseNonzeros;
  extraRows.forEach((row, r) => {
    for (const j of extra[r]) {
      colIndex[position] = j;
      value[position++] = row.coefs[j];
    }
    rowStart[base.numRows + r + 1] = position;
  });
  const appendBounds = (baseBounds: Float64Array, pick: (row: DenseRow) => number) =>
    Float64Array.from([...baseBounds, ...extraRows.map(pick)]);
  return {
    ...base,
    sense: objective.sense,
    objectiveConstant: objective.constant,
    colCost: objective.cost,
    numRows: base.numRows + extraRows.length,
    rowLower: appendBounds(base.rowLower, (row) => row.lower),
    rowUpper: appendBounds(base.rowUpper, (row) => row.upper),
    rowStart,
    colIndex,
    value,
    rowName: (i) => (i < base.numRows ? base.rowName(i) : extraRows[i - base.numRows].name),
  };
}
