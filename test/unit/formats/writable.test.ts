/** The writers refuse what the readers would read as infinity, so an exported file always reads back. */
import { describe, expect, it } from 'vitest';
import { canonicalModel } from '../../../src/canonical/build.js';
import { readLp, readMps, writeLp, writeMps } from '../../../src/formats/index.js';
import { errorOf } from '../../support/errors.js';

const model = (coefficient: number, cost = 1, constant = 0) =>
  canonicalModel({
    objectiveConstant: constant,
    colCost: [cost, 1],
    colLower: [0, 0],
    colUpper: [Infinity, 1e30],
    rowLower: [1],
    rowUpper: [Infinity],
    rowStart: [0, 2],
    colIndex: [0, 1],
    value: [1, coefficient],
    colNames: ['x', 'y'],
    rowNames: ['c'],
  });

describe('writers and coefficients of 1e30 or more', () => {
  it('refuse a coefficient, a cost or a constant a reader would take as infinity, naming it', () => {
    for (const write of [writeLp, writeMps]) {
      const coefficient = errorOf(() => write(model(1e31)));
      expect(coefficient.kind).toBe('model');
      expect(coefficient.message).toMatch(/the coefficient of column 'y' in row 'c' is 1e\+31/);
      expect(errorOf(() => write(model(1, -1e30))).message).toMatch(/the cost of column 'x' is -1e\+30/);
      expect(errorOf(() => write(model(1, 1, 2e300))).message).toMatch(/the objective constant is 2e\+300/);
    }
  });

  it('write just below it, and a bound of 1e30 as infinity, so both formats read back', () => {
    const big = model(9.99e29);
    expect(readLp(writeLp(big)).value[1]).toBe(9.99e29);
    expect(readMps(writeMps(big)).colUpper[1]).toBe(Infinity);
  });
});
