import { describe, expect, it } from 'vitest';
import {
  LinExpr,
  Model,
  SchedlabError,
  all,
  compare,
  compile,
  dot,
  sum,
  type CanonicalModel,
} from '../../../src/index.js';
import { errorOf } from './support.js';

/** Row i of a compiled model as plain arrays. */
function row(model: CanonicalModel, i: number) {
  const begin = model.rowStart[i];
  const end = model.rowStart[i + 1];
  return {
    cols: [...model.colIndex.subarray(begin, end)],
    vals: [...model.value.subarray(begin, end)],
    lower: model.rowLower[i],
    upper: model.rowUpper[i],
  };
}

function threeVars() {
  const model = new Model('m');
  const x = model.addVar({ name: 'x', ub: 10 });
  const y = model.addVar({ name: 'y', ub: 10 });
  const z = model.addVar({ name: 'z', ub: 10 });
  return { model, x, y, z };
}

describe('large sums', () => {
  it('sum 100,000 distinct variables into one row of 100,000 unit coefficients', () => {
    const model = new Model();
    const n = 100_000;
    const x = model.addVars('x', [Array.from({ length: n }, (_, k) => k)]);
    const total = sum(x);
    expect(total.size).toBe(n);
    model.addConstraint(total.le(n / 2), 'total');
    const canonical = compile(model);
    const r = row(canonical, 0);
    expect(r.cols.length).toBe(n);
    expect(r.cols[0]).toBe(0);
    expect(r.cols[n - 1]).toBe(n - 1);
    expect(r.vals.every((v) => v === 1)).toBe(true);
    expect(r.upper).toBe(50_000);
    // The slice sum builds the same row straight from the index.
    model.addConstraint(x.sum(all).le(1), 'slice');
    expect(row(compile(model), 1).cols).toEqual(r.cols);
  });

  it('merge 100,000 terms over 10 variables into 10 entries', () => {
    const model = new Model();
    const x = model.addVars('x', [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    const total = new LinExpr();
    // Term k is x(k mod 10) with coefficient 1 + (k mod 3): per variable j, 10,000 terms.
    for (let k = 0; k < 100_000; k++) total.add(x.get(k % 10), 1 + (k % 3));
    model.addConstraint(total.ge(0));
    const r = row(compile(model), 0);
    expect(r.cols).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // For j, k runs over j, j+10, ..., j+99,990: k mod 3 cycles with period 3 in steps
    // of 10 (10 = 1 mod 3), so the 10,000 terms split 3334/3333/3333 over residues
    // starting at j mod 3. Coefficient = 3334*(1+j%3) + 3333*(the other two).
    const expected = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((j) => 3334 * (1 + (j % 3)) + 3333 * (6 - (1 + (j % 3))));
    expect(r.vals).toEqual(expected);
    expect(r.vals[0]).toBe(3334 * 1 + 3333 * 5);
  });

  it('cancel terms that sum to zero and drop them from the CSR row', () => {
    const { model, x, y, z } = threeVars();
    // x + 2y - z - x + z - 2y + 3z = 3z: x, y cancel exactly.
    const expr = sum([x, y.times(2), z.times(-1)])
      .add(x, -1)
      .add(z)
      .add(y, -2)
      .add(z, 3);
    model.addConstraint(expr.le(9));
    model.addConstraint(x.minus(x).le(1), 'empty');
    const canonical = compile(model);
    expect(row(canonical, 0)).toEqual({ cols: [2], vals: [3], lower: -Infinity, upper: 9 });
    expect(row(canonical, 1)).toEqual({ cols: [], vals: [], lower: -Infinity, upper: 1 });
    expect(canonical.rowStart[2]).toBe(1);
    expect(model.stats().nonzeros).toBe(1);
  });

  it('merge duplicates across both sides of a comparison', () => {
    const { model, x, y } = threeVars();
    // 2x + y <= x + 3y + 4  →  x - 2y <= 4
    model.addConstraint(
      x
        .times(2)
        .plus(y)
        .le(x.plus(y.times(3)).plus(4)),
    );
    expect(row(compile(model), 0)).toEqual({ cols: [0, 1], vals: [1, -2], lower: -Infinity, upper: 4 });
  });
});

describe('expression arithmetic', () => {
  it('adds an expression to itself in place (2e)', () => {
    const { x } = threeVars();
    const e = x.plus(1);
    e.add(e);
    expect([...e.vars]).toEqual([0, 0]);
    expect([...e.coefs]).toEqual([1, 1]);
    expect(e.constant).toBe(2);
  });

  it('copies on plus/minus/times and mutates on add/scale', () => {
    const { x, y } = threeVars();
    const e = x.plus(y);
    const f = e.plus(3);
    const g = e.minus(y);
    const h = e.times(-2);
    expect(e.size).toBe(2);
    expect(e.constant).toBe(0);
    expect(f.constant).toBe(3);
    expect([...g.coefs]).toEqual([1, 1, -1]);
    expect([...h.coefs]).toEqual([-2, -2]);
    e.scale(4).add(5, 2);
    expect([...e.coefs]).toEqual([4, 4]);
    expect(e.constant).toBe(10);
    expect([...h.coefs]).toEqual([-2, -2]);
  });

  it('computes dot products and rejects mismatched lengths', () => {
    const { x, y } = threeVars();
    const e = dot([3, -5, 2], [x, y, 7]);
    expect([...e.vars]).toEqual([0, 1]);
    expect([...e.coefs]).toEqual([3, -5]);
    expect(e.constant).toBe(14);
    const error = errorOf(() => dot([1, 2], [x]));
    expect(error.kind).toBe('model');
    expect(error.message).toContain('2 coefficients but 1 terms');
  });

  it('sums numbers, variables and expressions', () => {
    const { x, y } = threeVars();
    const e = sum([x, 2, y.times(3), x.plus(4)]);
    expect([...e.vars]).toEqual([0, 1, 0]);
    expect([...e.coefs]).toEqual([1, 3, 1]);
    expect(e.constant).toBe(6);
    expect(sum([]).size).toBe(0);
  });
});

describe('constants move to the bounds', () => {
  it('for le, ge and eq with constants on both sides', () => {
    const { model, x, y } = threeVars();
    model.addConstraint(x.plus(3).le(10)); // x <= 7
    model.addConstraint(x.plus(3).ge(y.plus(1))); // x - y >= -2
    model.addConstraint(x.plus(4).eq(10)); // x == 6
    model.addConstraint(LinExpr.of(5).le(x.plus(2))); // -x <= -3
    model.addConstraint(compare(2, '>=', y.minus(6))); // -y >= -8
    model.addConstraint(x.minus(1).eq(y.plus(1))); // x - y == 2
    model.addConstraint(x.le(y.plus(-2))); // x - y <= -2
    const c = compile(model);
    expect(row(c, 0)).toEqual({ cols: [0], vals: [1], lower: -Infinity, upper: 7 });
    expect(row(c, 1)).toEqual({ cols: [0, 1], vals: [1, -1], lower: -2, upper: Infinity });
    expect(row(c, 2)).toEqual({ cols: [0], vals: [1], lower: 6, upper: 6 });
    expect(row(c, 3)).toEqual({ cols: [0], vals: [-1], lower: -Infinity, upper: -3 });
    expect(row(c, 4)).toEqual({ cols: [1], vals: [-1], lower: -8, upper: Infinity });
    expect(row(c, 5)).toEqual({ cols: [0, 1], vals: [1, -1], lower: 2, upper: 2 });
    expect(row(c, 6)).toEqual({ cols: [0, 1], vals: [1, -1], lower: -Infinity, upper: -2 });
  });

  it('for between', () => {
    const { model, x, y } = threeVars();
    model.addConstraint(x.plus(2).between(3, 8)); // 1 <= x <= 6
    model.addConstraint(x.minus(y).add(-5).between(-1, 1)); // 4 <= x - y <= 6
    const c = compile(model);
    expect(row(c, 0)).toEqual({ cols: [0], vals: [1], lower: 1, upper: 6 });
    expect(row(c, 1)).toEqual({ cols: [0, 1], vals: [1, -1], lower: 4, upper: 6 });
    expect(x.plus(2).between(3, 8).sense).toBe('range');
  });
});

describe('validation', () => {
  it('rejects a variable of another model in an expression', () => {
    const a = new Model('a');
    const b = new Model('b');
    const x = a.addVar();
    const y = b.addVar();
    const error = errorOf(() => x.plus(y));
    expect(error.kind).toBe('model');
    expect(error.message).toContain("model 'a' and model 'b'");
  });

  it('rejects a variable of another model in a constraint, a comparison and an objective', () => {
    const a = new Model('a');
    const b = new Model('b');
    const x = a.addVar();
    const y = b.addVar();
    const inConstraint = errorOf(() => a.addConstraint(y.le(1), 'cap'));
    expect(inConstraint.message).toContain("a variable of model 'b' is used in constraint 'cap' in model 'a'");
    expect(a.numConstraints).toBe(0);
    expect(errorOf(() => a.addConstraint(x.le(y))).message).toContain("mixes variables of model 'a' and model 'b'");
    expect(errorOf(() => a.minimize(y)).message).toContain("model 'b'");
    expect(errorOf(() => a.bounds(y)).kind).toBe('model');
    expect(errorOf(() => a.addConstraints('fam', [[1]], () => y.ge(0))).message).toContain("constraint 'fam(1)'");
  });

  it('rejects non-finite coefficients, naming the constraint and variable', () => {
    const { model, x, y } = threeVars();
    const nan = errorOf(() => model.addConstraint(x.plus(y.times(Number.NaN)).le(1), 'bad'));
    expect(nan.message).toContain("constraint 'bad' has coefficient NaN on variable 'y'");
    expect(errorOf(() => model.addConstraint(x.le(y.times(Infinity)))).message).toContain(
      "coefficient Infinity on variable 'y'",
    );
    expect(errorOf(() => model.minimize(x.times(-Infinity))).message).toContain(
      'the objective has coefficient -Infinity',
    );
    expect(errorOf(() => model.minimize(x.plus(Number.NaN))).message).toContain('non-finite constant');
    expect(model.numConstraints).toBe(0);
  });

  it('rejects NaN and inverted right-hand sides', () => {
    const { model, x } = threeVars();
    expect(errorOf(() => model.addConstraint(x.le(Number.NaN), 'r')).message).toContain(
      "constraint 'r' has a NaN right-hand side",
    );
    expect(errorOf(() => model.addConstraint(x.plus(0).between(5, 3), 'r')).message).toContain(
      'lower bound 5 above its upper bound 3',
    );
    expect(errorOf(() => model.addConstraint(x.ge(Infinity), 'r')).message).toContain('wrong side');
    expect(errorOf(() => model.addConstraint(x.plus(1).times(1) as never)).message).toContain('is not a comparison');
    // An infinite bound on the right side is fine: x <= +inf is a free row.
    expect(() => model.addConstraint(x.le(Infinity), 'free')).not.toThrow();
  });

  it('rejects NaN, crossed, fractional-integer and out-of-range binary bounds', () => {
    const model = new Model();
    expect(errorOf(() => model.addVar({ name: 'a', lb: Number.NaN })).message).toContain(
      "variable 'a' has a NaN bound",
    );
    expect(errorOf(() => model.addVar({ name: 'b', lb: 3, ub: 2 })).message).toContain(
      "'b' has lower bound 3 above its upper bound 2",
    );
    expect(errorOf(() => model.addVar({ name: 'c', lb: Infinity })).message).toContain('cannot be +Infinity');
    expect(errorOf(() => model.addVar({ name: 'd', ub: 2.5, type: 'integer' })).message).toContain(
      "integer variable 'd' has fractional bounds [0, 2.5]",
    );
    expect(errorOf(() => model.addVar({ name: 'e', lb: -1, type: 'binary' })).message).toContain(
      "binary variable 'e' has bounds [-1, 1] outside [0, 1]",
    );
    expect(errorOf(() => model.addVars('f', [['p', 'q']], { lb: 0.5, type: 'integer' })).message).toContain("'f(p)'");
    expect(
      errorOf(() => model.addVars('g', [['p', 'q']], (key) => ({ lb: key === 'q' ? 2 : 0, ub: 1 }))).message,
    ).toContain("'g(q)' has lower bound 2");
    // Infinite bounds are fine on integers; a fixed variable is fine.
    expect(() => model.addVar({ lb: -Infinity, type: 'integer' })).not.toThrow();
    expect(() => model.addVar({ lb: 2, ub: 2, type: 'integer' })).not.toThrow();
  });

  it('rejects duplicate variable and constraint names', () => {
    const { model, x } = threeVars();
    expect(errorOf(() => model.addVar({ name: 'x' })).message).toContain("named 'x' already exists");
    model.addConstraint(x.le(1), 'cap');
    expect(errorOf(() => model.addConstraint(x.le(2), 'cap')).message).toContain("named 'cap' already exists");
  });

  it('leaves the model unchanged when a duplicate name is refused', () => {
    const { model, x } = threeVars();
    model.addConstraint(x.le(1), 'cap');
    expect(() => model.addVar({ name: 'x' })).toThrow(SchedlabError);
    expect(() => model.addConstraint(x.le(2), 'cap')).toThrow(SchedlabError);
    expect([model.numVars, model.numConstraints]).toEqual([3, 1]);
  });
});
