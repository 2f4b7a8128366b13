/**
 * HiGHS 1.15 as an independent reader: it parses LP/MPS text with its own code, so a
 * model that both HiGHS and schedlab read the same way was read right by both.
 */
import type { Highs } from 'highs';
import type { CanonicalModel } from '../../../src/canonical/canonical-model.js';

/** The arrays of a model, each row sorted by column so two readers compare equal. */
export interface ModelArrays {
  sense: 'min' | 'max';
  offset: number;
  colCost: number[];
  colLower: number[];
  colUpper: number[];
  integer: number[];
  rowLower: number[];
  rowUpper: number[];
  rows: [number, number][][];
}

function sortedRows(starts: ArrayLike<number>, indices: ArrayLike<number>, values: ArrayLike<number>, numRows: number) {
  const rows: [number, number][][] = [];
  for (let i = 0; i < numRows; i++) {
    const row: [number, number][] = [];
    for (let k = starts[i]; k < starts[i + 1]; k++) row.push([indices[k], values[k]]);
    rows.push(row.sort((a, b) => a[0] - b[0]));
  }
  return rows;
}

/** The comparable arrays of a schedlab model. */
export function arraysOf(model: CanonicalModel): ModelArrays {
  return {
    sense: model.sense,
    offset: model.objectiveConstant,
    colCost: [...model.colCost],
    colLower: [...model.colLower],
    colUpper: [...model.colUpper],
    integer: [...model.colInteger],
    rowLower: [...model.rowLower],
    rowUpper: [...model.rowUpper],
    rows: sortedRows(model.rowStart, model.colIndex, model.value, model.numRows),
  };
}

/** The package's default export, whatever the ESM/CJS interop wraps it in. */
async function loadHighs(): Promise<Highs> {
  const module = (await import('highs')) as { default: unknown };
  const outer = module.default as { default?: unknown };
  const loader = (typeof outer === 'function' ? outer : outer.default) as () => Promise<Highs>;
  return loader();
}

/** Read LP or MPS text with HiGHS and return its arrays and names. */
export async function readWithHighs(text: string, format: 'lp' | 'mps') {
  // A fresh runtime per call: a parse abort leaves the WASM instance unusable.
  const highs = await loadHighs();
  const model = highs.createModel({ format, data: text });
  try {
    const lp = model.getLp('csr');
    const arrays: ModelArrays = {
      sense: lp.sense === highs.constants.objectiveSense.maximize ? 'max' : 'min',
      offset: lp.offset,
      colCost: [...lp.colCost],
      colLower: [...lp.colLower],
      colUpper: [...lp.colUpper],
      integer: [...lp.integrality],
      rowLower: [...lp.rowLower],
      rowUpper: [...lp.rowUpper],
      rows: sortedRows(lp.matrix.starts, lp.matrix.indices, lp.matrix.values, lp.numRows),
    };
    const colNames = Array.from({ length: lp.numCols }, (_, j) => model.getColName(j));
    const rowNames = Array.from({ length: lp.numRows }, (_, i) => model.getRowName(i));
    return { arrays, colNames, rowNames };
  } finally {
    model.dispose();
  }
}
