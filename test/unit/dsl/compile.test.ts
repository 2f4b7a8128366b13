import { describe, expect, it } from 'vitest';
import { Model, compile, dot, type CanonicalModel } from '../../../src/index.js';

/**
 * The hand model:
 *   max 5x + 4y - z + 7
 *   cap:   2x + 3y - z <= 10      (written x + x + 3y - z)
 *   c1:    y + 1 >= x - 2         → y - x >= -3
 *   pick:  z + x == 1
 *   range: 1 <= x + y + z + 2 <= 7  → -1 <= x + y + z <= 5
 *   x integer in [0, 4], y continuous in [-1, inf), z binary
 */
function handModel() {
  const model = new Model('hand');
  const x = model.addVar({ name: 'x', lb: 0, ub: 4, type: 'integer' });
  const y = model.addVar({ name: 'y', lb: -1 });
  const z = model.addVar({ name: 'z', type: 'binary' });
  model.addConstraint(x.plus(x).add(y, 3).add(z, -1).le(10), 'cap');
  model.addConstraint(y.plus(1).ge(x.minus(2)));
  model.addConstraint(z.plus(x).eq(1), 'pick');
  model.addConstraint(x.plus(y).add(z).add(2).between(1, 7), 'range');
  model.maximize(dot([5, 4, -1], [x, y, z]).add(7));
  return { model, x, y, z };
}

describe('compile', () => {
  it('produces the exact CSR arrays, bounds, integrality, objective and names', () => {
    const { model } = handModel();
    const c: CanonicalModel = compile(model);
    expect(c.name).toBe('hand');
    expect(c.sense).toBe('max');
    expect(c.objectiveConstant).toBe(7);
    expect([c.numCols, c.numRows]).toEqual([3, 4]);
    expect([...c.colCost]).toEqual([5, 4, -1]);
    expect([...c.colLower]).toEqual([0, -1, 0]);
    expect([...c.colUpper]).toEqual([4, Infinity, 1]);
    expect([...c.colInteger]).toEqual([1, 0, 1]);
    // Columns within a row keep first-appearance order, left side before right side.
    expect([...c.rowStart]).toEqual([0, 3, 5, 7, 10]);
    expect([...c.colIndex]).toEqual([0, 1, 2, 1, 0, 2, 0, 0, 1, 2]);
    expect([...c.value]).toEqual([2, 3, -1, 1, -1, 1, 1, 1, 1, 1]);
    expect([...c.rowLower]).toEqual([-Infinity, -3, 1, -1]);
    expect([...c.rowUpper]).toEqual([10, Infinity, 1, 5]);
    expect([0, 1, 2].map((j) => c.colName(j))).toEqual(['x', 'y', 'z']);
    expect([0, 1, 2, 3].map((i) => c.rowName(i))).toEqual(['cap', 'c1', 'pick', 'range']);
  });

  it('merges duplicate objective terms into one cost', () => {
    const model = new Model();
    const x = model.addVar();
    const y = model.addVar();
    model.minimize(x.plus(y).add(x, 2).add(y, -1).add(-4));
    const c = compile(model);
    expect([...c.colCost]).toEqual([3, 0]);
    expect(c.objectiveConstant).toBe(-4);
    expect(c.sense).toBe('min');
  });

  it('copies the objective: changing the expression afterwards changes nothing', () => {
    const model = new Model();
    const x = model.addVar();
    const objective = x.times(2);
    model.minimize(objective);
    objective.add(x, 5);
    expect([...compile(model).colCost]).toEqual([2]);
  });

  it('is a snapshot: rows and columns added later do not change an earlier compile', () => {
    const { model, x } = handModel();
    const before = compile(model);
    const copy = {
      rowStart: [...before.rowStart],
      colIndex: [...before.colIndex],
      value: [...before.value],
      colLower: [...before.colLower],
      rowUpper: [...before.rowUpper],
    };
    // Enough rows and columns to make every growable array reallocate.
    const more = model.addVars('more', [Array.from({ length: 3000 }, (_, k) => k)], { lb: -1, ub: 9 });
    for (let k = 0; k < 3000; k++) model.addConstraint(more.get(k).plus(x).le(k), `extra${k}`);
    expect(before.numRows).toBe(4);
    expect([...before.rowStart]).toEqual(copy.rowStart);
    expect([...before.colIndex]).toEqual(copy.colIndex);
    expect([...before.value]).toEqual(copy.value);
    expect([...before.colLower]).toEqual(copy.colLower);
    expect([...before.rowUpper]).toEqual(copy.rowUpper);
    const after = compile(model);
    expect([after.numCols, after.numRows]).toEqual([3003, 3004]);
    expect(after.rowStart[3004]).toBe(10 + 2 * 3000);
  });

  it('compiles an empty model', () => {
    const c = compile(new Model('empty'));
    expect([c.numCols, c.numRows]).toEqual([0, 0]);
    expect([...c.rowStart]).toEqual([0]);
    expect(c.objectiveConstant).toBe(0);
  });
});

describe('stats', () => {
  it('counts variables by type, rows, nonzeros and the coefficient range', () => {
    const { model } = handModel();
    expect(model.stats()).toEqual({
      variables: 3,
      continuous: 1,
      integer: 1,
      binary: 1,
      constraints: 4,
      nonzeros: 10,
      // |coefficients| are {2, 3, 1, 1, 1, 1, 1, 1, 1, 1}; the objective is not part of it.
      coefficientRange: [1, 3],
    });
  });

  it('reports NaN for the range of an empty matrix', () => {
    const model = new Model();
    model.addVar();
    const stats = model.stats();
    expect(stats.nonzeros).toBe(0);
    expect(stats.coefficientRange.every(Number.isNaN)).toBe(true);
  });

  it('shows a big-M in the range', () => {
    const model = new Model();
    const x = model.addVar();
    const y = model.addVar();
    model.addConstraint(x.times(0.001).add(y, -1e6).le(0));
    expect(model.stats().coefficientRange).toEqual([0.001, 1e6]);
  });
});

describe('toString', () => {
  it('writes a small model as math, one line per row and per variable', () => {
    const { model } = handModel();
    expect(model.toString().split('\n')).toEqual([
      'max 5 x + 4 y - z + 7',
      'subject to',
      '  cap: 2 x + 3 y - z <= 10',
      '  c1: y - x >= -3',
      '  pick: z + x == 1',
      '  range: -1 <= x + y + z <= 5',
      'bounds',
      '  0 <= x <= 4 integer',
      '  -1 <= y <= Infinity',
      '  0 <= z <= 1 binary',
    ]);
  });

  it('names family members and elides beyond 50 rows and variables', () => {
    const model = new Model();
    const x = model.addVars('x', [['a', 'b'], Array.from({ length: 30 }, (_, t) => t)]);
    model.addConstraints('one', [['a', 'b'], Array.from({ length: 30 }, (_, t) => t)], (job, t) => x.get(job, t).le(1));
    const lines = model.toString().split('\n');
    expect(lines).toContain('  one(a,0): x(a,0) <= 1');
    expect(lines).toContain('  ... 10 more constraints');
    expect(lines).toContain('  ... 10 more variables');
    expect(lines[0]).toBe('min 0');
  });

  it('writes a negative objective constant with a minus sign', () => {
    const model = new Model();
    const x = model.addVar({ name: 'x' });
    model.minimize(x.minus(3));
    expect(model.toString().split('\n')[0]).toBe('min x - 3');
  });
});
