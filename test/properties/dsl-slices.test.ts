/**
 * Property: slice sums kept as arithmetic (`x.sum(i, all)`, `x.sumScaled(c, all, t)`)
 * behave exactly like the same terms written out one by one, whatever is mixed in
 * (single variables, constants, other expressions, scaling, an expression added to
 * itself): the same term list in the same order, the same value at a point, the same
 * dense cost vector, and the same compiled rows and objective.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { all, compile, LinExpr, Model, type VarFamily } from '../../src/index.js';

/** x over [4, 20]: a row slice has 20 terms (kept as a line), a column slice 4 (written out). */
const rows = [0, 1, 2, 3];
const cols = Array.from({ length: 20 }, (_, t) => t);
const width = cols.length;

const step = fc.oneof(
  fc.record({
    kind: fc.constant('var' as const),
    i: fc.constantFrom(...rows),
    t: fc.constantFrom(...cols),
    coef: fc.integer({ min: -8, max: 8 }).map((q) => q / 4),
  }),
  fc.record({
    kind: fc.constant('rowSlice' as const),
    i: fc.constantFrom(...rows),
    coef: fc.integer({ min: -8, max: 8 }).map((q) => q / 4),
  }),
  fc.record({
    kind: fc.constant('colSlice' as const),
    t: fc.constantFrom(...cols),
    coef: fc.integer({ min: -8, max: 8 }).map((q) => q / 4),
  }),
  fc.record({ kind: fc.constant('const' as const), value: fc.integer({ min: -9, max: 9 }) }),
  fc.record({ kind: fc.constant('scale' as const), factor: fc.constantFrom(-2, -1, 0.5, 3) }),
  fc.record({ kind: fc.constant('self' as const) }),
  fc.record({ kind: fc.constant('clone' as const) }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** The same expression two ways: through the DSL, and as a plain term list. */
function build(
  x: VarFamily<[number, number]>,
  steps: Step[],
): { expr: LinExpr; terms: [number, number][]; constant: number } {
  let expr = new LinExpr();
  let terms: [number, number][] = [];
  let constant = 0;
  for (const s of steps) {
    switch (s.kind) {
      case 'var':
        expr.add(x.get(s.i, s.t), s.coef);
        terms.push([s.i * width + s.t, s.coef]);
        break;
      case 'rowSlice':
        expr.add(x.sumScaled(s.coef, s.i, all));
        for (const t of cols) terms.push([s.i * width + t, s.coef]);
        break;
      case 'colSlice':
        expr.add(x.sum(all, s.t), s.coef);
        for (const i of rows) terms.push([i * width + s.t, s.coef]);
        break;
      case 'const':
        expr.add(s.value);
        constant += s.value;
        break;
      case 'scale':
        expr.scale(s.factor);
        terms = terms.map(([j, c]) => [j, c * s.factor]);
        constant *= s.factor;
        break;
      case 'self':
        expr.add(expr);
        terms = [...terms, ...terms];
        constant *= 2;
        break;
      case 'clone':
        expr = expr.clone();
        break;
    }
  }
  return { expr, terms, constant };
}

function merged(terms: [number, number][]): { cols: number[]; vals: number[] } {
  const coef = new Map<number, number>();
  for (const [j, c] of terms) coef.set(j, (coef.get(j) ?? 0) + c);
  const entries = [...coef].filter(([, c]) => c !== 0);
  return { cols: entries.map(([j]) => j), vals: entries.map(([, c]) => c + 0) };
}

describe('slice sums kept as arithmetic equal their terms written out', () => {
  it('in term lists, values, dense costs, rows and the objective', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), fc.array(step, { maxLength: 12 }), (rowSteps, objectiveSteps) => {
        const model = new Model();
        const x = model.addVars('x', [rows, cols], { lb: -5, ub: 5 });
        const row = build(x, rowSteps);
        const objective = build(x, objectiveSteps);
        const point = Array.from({ length: rows.length * width }, (_, j) => ((j * 7) % 11) - 5);

        // Values and dense costs are read before anything writes the slices out.
        const value = objective.terms.reduce((total, [j, c]) => total + c * point[j], objective.constant);
        expect(objective.expr.valueAt(point)).toBeCloseTo(value, 9);
        const dense = new Array<number>(point.length).fill(0);
        for (const [j, c] of objective.terms) dense[j] += 2 * c;
        const cost = new Float64Array(point.length);
        objective.expr.addToDense(cost, 2);
        expect([...cost].map((c) => c + 0)).toEqual(dense.map((c) => c + 0));
        expect(objective.expr.size).toBe(objective.terms.length);

        model.addConstraint(row.expr.le(10));
        model.minimize(objective.expr);
        const canonical = compile(model);
        const begin = canonical.rowStart[0];
        const end = canonical.rowStart[1];
        expect({
          cols: [...canonical.colIndex.subarray(begin, end)],
          vals: [...canonical.value.subarray(begin, end)].map((c) => c + 0),
        }).toEqual(merged(row.terms));
        expect(canonical.rowUpper[0]).toBeCloseTo(10 - row.constant, 9);
        expect([...canonical.colCost].map((c) => c + 0)).toEqual(dense.map((c) => c / 2 + 0));
        expect(canonical.objectiveConstant).toBeCloseTo(objective.constant, 9);

        // Written out, the terms are the plain list, in order.
        expect([...objective.expr.vars]).toEqual(objective.terms.map(([j]) => j));
        expect([...objective.expr.coefs]).toEqual(objective.terms.map(([, c]) => c));
      }),
      { numRuns: 300 },
    );
  });

  it('a row that is one slice sum is written as a block, in index order', () => {
    const model = new Model();
    const x = model.addVars('x', [rows, cols], { type: 'binary' });
    model.addConstraints('once', [rows], (i) => x.sum(i, all).eq(1));
    model.addConstraints('cap', [cols], (t) => x.sumScaled(2, all, t).le(3));
    model.addConstraint(x.sumScaled(0, 1, all).le(0), 'zero');
    const canonical = compile(model);
    expect([...canonical.colIndex.subarray(0, width)]).toEqual(cols);
    const capStart = canonical.rowStart[rows.length];
    expect([...canonical.colIndex.subarray(capStart, capStart + rows.length)]).toEqual(rows.map((i) => i * width));
    expect([...canonical.value.subarray(capStart, capStart + rows.length)]).toEqual([2, 2, 2, 2]);
    // A slice with coefficient 0 leaves an empty row, not explicit zeros.
    expect(canonical.rowStart[canonical.numRows] - canonical.rowStart[canonical.numRows - 1]).toBe(0);
    expect([...canonical.colInteger].every((flag) => flag === 1)).toBe(true);
  });
});
