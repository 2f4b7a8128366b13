import { describe, expect, it } from 'vitest';
import { canonicalModel } from '../../../src/canonical/build.js';
import { jslpResult, jslpValues, toJslpModel } from '../../../src/solvers/jslp/translate.js';

const inf = Infinity;
// max x0 + x1 + x2 + 1  s.t.  2 <= x0 + x1 + x3 <= 6, x1 - x2 = 1, an empty row [-1, 1];
// x0 in [1, 4], x1 <= 2 (no lower bound), x2 free, x3 fixed at 0.5; x0 integer.
const model = canonicalModel({
  sense: 'max',
  objectiveConstant: 1,
  colCost: [1, 1, 1, 0],
  colLower: [1, -inf, -inf, 0.5],
  colUpper: [4, 2, inf, 0.5],
  colInteger: [1, 0, 0, 0],
  rowLower: [2, 1, -1],
  rowUpper: [6, 1, 1],
  rowStart: [0, 3, 5, 5],
  colIndex: [0, 1, 3, 1, 2],
  value: [1, 1, 1, 1, -1],
});

describe('jslp translate', () => {
  const { jslp, mapping } = toJslpModel(model, 1500);

  it('shifts lower bounds, mirrors upper-only columns, frees free ones and folds fixed ones into the rows', () => {
    expect(Array.from(mapping.offset)).toEqual([1, 2, 0, 0.5]);
    expect(Array.from(mapping.sign)).toEqual([1, -1, 1, 0]);
    expect(jslp.variables).toEqual({
      y0: { _obj: 1, u0: 1, r0: 1 },
      y1: { _obj: -1, r0: -1, r1: -1 },
      y2: { _obj: 1, r1: -1 },
    });
    expect(jslp.unrestricted).toEqual({ y2: 1 });
    expect(jslp.ints).toEqual({ y0: 1 });
    expect(jslp).toMatchObject({ optimize: '_obj', opType: 'max', timeout: 1500 });
  });

  it('moves row constants to the bounds, keeps ranges and equalities, and drops empty rows that hold', () => {
    // Row 0: x0 + x1 + x3 = (1 + y0) + (2 - y1) + 0.5, so its bounds move by 3.5.
    expect(jslp.constraints).toEqual({ u0: { max: 3 }, r0: { min: -1.5, max: 2.5 }, r1: { equal: -1 } });
    expect(mapping.infeasible).toBeUndefined();
  });

  it('finds an empty row that cannot hold and crossed integer bounds without the solver', () => {
    const bad = canonicalModel({
      colCost: [1],
      colLower: [0.2],
      colUpper: [0.8],
      colInteger: [1],
      rowLower: [1],
      rowUpper: [2],
      rowStart: [0, 0],
      colIndex: [],
      value: [],
    });
    const { mapping: badMapping } = toJslpModel(bad);
    expect(badMapping.infeasible).toMatch(/column/);
    expect(jslpResult(bad, badMapping, { answer: undefined, timedOut: false }, 1).termination).toBe('infeasible');
  });

  it('maps answers back, fills missing variables with 0, and checks every point', () => {
    const answer = { feasible: true, result: 0, y0: 2, y1: 1 };
    expect(Array.from(jslpValues(mapping, answer))).toEqual([3, 1, 0, 0.5]);
    // x1 - x2 = 1 holds; 2 <= 3 + 1 + 0.5 <= 6 holds; objective 3 + 1 + 0 + 1.
    expect(jslpResult(model, mapping, { answer, timedOut: false }, 1)).toMatchObject({
      termination: 'optimal',
      objective: 5,
    });
    expect(jslpResult(model, mapping, { answer, timedOut: true }, 1)).toMatchObject({
      termination: 'timeLimit',
      hasSolution: true,
    });
    const wrong = { feasible: true, result: 0, y0: 2, y1: 1, y2: 5 };
    expect(jslpResult(model, mapping, { answer: wrong, timedOut: false }, 1)).toMatchObject({
      termination: 'error',
      hasSolution: false,
    });
    expect(jslpResult(model, mapping, { answer: { feasible: false, result: 0 }, timedOut: false }, 1).termination).toBe(
      'infeasible',
    );
    expect(
      jslpResult(model, mapping, { answer: { feasible: true, bounded: false, result: 0 }, timedOut: false }, 1)
        .termination,
    ).toBe('infeasibleOrUnbounded');
  });
});
