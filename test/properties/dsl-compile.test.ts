/**
 * Property: for random sums with duplicate variables and constants on both sides, the
 * compiled row equals the coefficients merged by hand (columns in first-appearance
 * order, cancelled ones gone) and the right-hand side with the constants moved over.
 * Several rows go into one model, so stale merge slots of earlier rows are exercised.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinExpr, Model, compile, type Var } from '../../src/index.js';

const numVars = 5;

/** A term: a variable with a coefficient (quarters, so every sum is exact), or a constant. */
const term = fc.oneof(
  fc.record({
    kind: fc.constant('var' as const),
    column: fc.integer({ min: 0, max: numVars - 1 }),
    coef: fc.integer({ min: -12, max: 12 }).map((q) => q / 4),
  }),
  fc.record({ kind: fc.constant('const' as const), value: fc.integer({ min: -20, max: 20 }) }),
);
type TermDraw = typeof term extends fc.Arbitrary<infer T> ? T : never;

const rowDraw = fc.record({
  left: fc.array(term, { maxLength: 12 }),
  right: fc.array(term, { maxLength: 12 }),
  sense: fc.constantFrom('le' as const, 'ge' as const, 'eq' as const, 'between' as const),
  low: fc.integer({ min: -10, max: 0 }),
  width: fc.integer({ min: 0, max: 10 }),
  /** Build a side by in-place adds (true) or by sum-of-copies with plus/times (false). */
  inPlace: fc.boolean(),
});
type RowDraw = typeof rowDraw extends fc.Arbitrary<infer T> ? T : never;

function build(vars: Var[], terms: TermDraw[], inPlace: boolean): LinExpr {
  let expr = new LinExpr();
  for (const t of terms) {
    if (inPlace) expr.add(t.kind === 'var' ? vars[t.column] : t.value, t.kind === 'var' ? t.coef : 1);
    else expr = expr.plus(t.kind === 'var' ? vars[t.column].times(t.coef) : t.value);
  }
  return expr;
}

/** The row by hand: left minus right, merged in first-appearance order, zeros dropped. */
function expectedRow(draw: RowDraw) {
  const coef = new Map<number, number>();
  let constant = 0;
  const visit = (terms: TermDraw[], sign: number) => {
    for (const t of terms) {
      if (t.kind === 'const') constant += sign * t.value;
      else coef.set(t.column, (coef.get(t.column) ?? 0) + sign * t.coef);
    }
  };
  visit(draw.left, 1);
  if (draw.sense !== 'between') visit(draw.right, -1);
  const entries = [...coef].filter(([, c]) => c !== 0);
  const high = draw.low + draw.width;
  const bounds = {
    le: [-Infinity, -constant],
    ge: [-constant, Infinity],
    eq: [-constant, -constant],
    between: [draw.low - constant, high - constant],
  }[draw.sense];
  return { cols: entries.map(([j]) => j), vals: entries.map(([, c]) => c), lower: bounds[0] + 0, upper: bounds[1] + 0 };
}

describe('DSL rows compile to the hand-merged coefficients', () => {
  it('for random sums with duplicates and constants on both sides', () => {
    fc.assert(
      fc.property(
        fc.array(rowDraw, { minLength: 1, maxLength: 6 }),
        fc.array(term, { maxLength: 10 }),
        (rows, objectiveTerms) => {
          const model = new Model();
          const vars = Array.from({ length: numVars }, (_, j) => model.addVar({ name: `v${j}`, lb: -10, ub: 10 }));
          for (const draw of rows) {
            const left = build(vars, draw.left, draw.inPlace);
            const right = build(vars, draw.right, !draw.inPlace);
            const high = draw.low + draw.width;
            const comparison = draw.sense === 'between' ? left.between(draw.low, high) : left[draw.sense](right);
            model.addConstraint(comparison);
          }
          model.minimize(build(vars, objectiveTerms, true));
          const canonical = compile(model);
          expect(canonical.numRows).toBe(rows.length);
          rows.forEach((draw, i) => {
            const begin = canonical.rowStart[i];
            const end = canonical.rowStart[i + 1];
            const actual = {
              cols: [...canonical.colIndex.subarray(begin, end)],
              vals: [...canonical.value.subarray(begin, end)],
              lower: canonical.rowLower[i] + 0,
              upper: canonical.rowUpper[i] + 0,
            };
            expect(actual).toEqual(expectedRow(draw));
          });
          // The objective: a dense cost per column and the constant.
          const cost = new Array<number>(numVars).fill(0);
          let constant = 0;
          for (const t of objectiveTerms) {
            if (t.kind === 'var') cost[t.column] += t.coef;
            else constant += t.value;
          }
          expect([...canonical.colCost].map((c) => c + 0)).toEqual(cost.map((c) => c + 0));
          expect(canonical.objectiveConstant).toBe(constant);
          expect(model.stats().nonzeros).toBe(canonical.rowStart[rows.length]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
