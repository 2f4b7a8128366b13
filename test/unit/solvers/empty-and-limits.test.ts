import { describe, expect, it } from 'vitest';
import { canonicalModel } from '../../../src/canonical/build.js';
import type { SolverBackend } from '../../../src/solvers/contract.js';
import { emptyModelResult } from '../../../src/solvers/empty-model.js';
import { limitExceeded } from '../../../src/solvers/limits.js';
import { mockBackend } from '../../../src/solvers/mock/index.js';

const noColumns = (rows: [number, number][], objectiveConstant = 0) =>
  canonicalModel({
    objectiveConstant,
    colCost: [],
    colLower: [],
    colUpper: [],
    rowLower: rows.map((r) => r[0]),
    rowUpper: rows.map((r) => r[1]),
    rowStart: [0, ...rows.map(() => 0)],
    colIndex: [],
    value: [],
    rowNames: rows.map((_, i) => `row${i}`),
  });

describe('emptyModelResult', () => {
  it('is undefined for a model with columns', () => {
    const model = canonicalModel({
      colCost: [1],
      colLower: [0],
      colUpper: [1],
      rowLower: [],
      rowUpper: [],
      rowStart: [0],
      colIndex: [],
      value: [],
    });
    expect(emptyModelResult('x', model, performance.now())).toBeUndefined();
  });

  it('is optimal with the constant when every row admits 0, with zero duals', () => {
    const result = emptyModelResult(
      'highs',
      noColumns(
        [
          [-1, 1],
          [0, Infinity],
          [0, 0],
        ],
        4,
      ),
      performance.now(),
    )!;
    expect(result).toMatchObject({
      solver: 'highs',
      termination: 'optimal',
      hasSolution: true,
      objective: 4,
      bestBound: 4,
      gap: 0,
    });
    expect(result.values.length).toBe(0);
    expect(Array.from(result.rowDuals!)).toEqual([0, 0, 0]);
  });

  it('is infeasible, naming the row, when a row excludes 0', () => {
    const result = emptyModelResult(
      'glpk',
      noColumns([
        [-1, 1],
        [1e-9, 2],
      ]),
      performance.now(),
    )!;
    expect(result).toMatchObject({ termination: 'infeasible', hasSolution: false });
    expect(result.message).toContain("row 'row1'");
  });
});

describe('limitExceeded', () => {
  const model = canonicalModel({
    colCost: [1, 1, 1],
    colLower: [0, 0, -2],
    colUpper: [1, 5, 2],
    colInteger: [1, 1, 0],
    rowLower: [1],
    rowUpper: [Infinity],
    rowStart: [0, 3],
    colIndex: [0, 1, 2],
    value: [1, 1, 1],
  });
  const limited = (limits: SolverBackend['limits']): SolverBackend => ({ ...mockBackend([{}]), limits });

  it('is undefined within every limit, or without limits', () => {
    expect(limitExceeded(mockBackend([{}]), model)).toBeUndefined();
    expect(
      limitExceeded(
        limited({ maxRows: 1, maxCols: 3, maxNonzeros: 3, maxIntegerCols: 2, maxGeneralIntegerCols: 1 }),
        model,
      ),
    ).toBeUndefined();
  });

  it('names the size, the backend and its limit', () => {
    expect(limitExceeded(limited({ maxCols: 2 }), model)).toBe(
      "the model has 3 columns, more than the 'mock' backend handles (2)",
    );
    expect(limitExceeded(limited({ maxIntegerCols: 1 }), model)).toContain('2 integer columns');
    // Only column 1 (0..5) is a general integer; the binary and the continuous column are not.
    expect(limitExceeded(limited({ maxGeneralIntegerCols: 0 }), model)).toContain('1 general integer columns');
  });
});
