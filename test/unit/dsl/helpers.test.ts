/**
 * Each modeling helper twice: the exact rows it adds (big-M values worked out by hand
 * from the variables' bounds), and a small model solved with HiGHS where it matters.
 */
import { describe, expect, it } from 'vitest';
import {
  Model,
  absOf,
  compile,
  eitherOr,
  indicator,
  maxOf,
  minOf,
  piecewise,
  solve,
  type Term,
} from '../../../src/index.js';
import { errorOf, row } from './support.js';

/** The optimum of `model` with HiGHS (which must prove it optimal). */
async function optimum(model: Model, sense: 'min' | 'max', objective: Term) {
  if (sense === 'min') model.minimize(objective);
  else model.maximize(objective);
  const solution = await solve(model, { solver: 'highs' });
  expect(solution.termination).toBe('optimal');
  return solution;
}

describe('indicator', () => {
  function base() {
    const model = new Model('ind');
    const x = model.addVar({ name: 'x', ub: 10 });
    const z = model.addVar({ name: 'z', type: 'binary' });
    return { model, x, z };
  }

  it('z = 1 ⇒ x <= 4 is one row x + 6z <= 10 (M = 10 - 4)', () => {
    const { model, x, z } = base();
    const rows = indicator(model, z, 1, x.le(4), 'cap');
    expect(rows.map((r) => r.name)).toEqual(['cap.ub']);
    expect(row(compile(model), 0)).toEqual({ name: 'cap.ub', cols: [0, 1], vals: [1, 6], lower: -Infinity, upper: 10 });
  });

  it('z = 1 ⇒ x >= 3 is one row x - 3z >= 0 (M = 3 - 0)', () => {
    const { model, x, z } = base();
    indicator(model, z, 1, x.ge(3), 'low');
    expect(row(compile(model), 0)).toEqual({ name: 'low.lb', cols: [0, 1], vals: [1, -3], lower: 0, upper: Infinity });
  });

  it('z = 0 ⇒ x == 5 is two rows: x - 5z <= 5 and x + 5z >= 5', () => {
    // ub: x + 5(1 - z) <= 10  →  x - 5z <= 5;   lb: x - 5(1 - z) >= 0  →  x + 5z >= 5.
    const { model, x, z } = base();
    const rows = indicator(model, z, 0, x.eq(5), 'fix');
    expect(rows.length).toBe(2);
    const c = compile(model);
    expect(row(c, 0)).toEqual({ name: 'fix.ub', cols: [0, 1], vals: [1, -5], lower: -Infinity, upper: 5 });
    expect(row(c, 1)).toEqual({ name: 'fix.lb', cols: [0, 1], vals: [1, 5], lower: 5, upper: Infinity });
  });

  it('takes M from the range of a whole expression, constants moved first', () => {
    // x + 2y + 3 <= 11 with x in [0, 10], y in [-2, 3]: a·x = x + 2y in [-4, 16], upper 8, M = 8.
    const { model, x, z } = base();
    const y = model.addVar({ name: 'y', lb: -2, ub: 3 });
    indicator(model, z, 1, x.plus(y.times(2)).add(3).le(11), 'mix');
    expect(row(compile(model), 0)).toEqual({
      name: 'mix.ub',
      cols: [0, 2, 1],
      vals: [1, 2, 8],
      lower: -Infinity,
      upper: 16,
    });
  });

  it('adds no row when the bounds already imply the comparison', () => {
    const { model, x, z } = base();
    expect(indicator(model, z, 1, x.le(20))).toEqual([]);
    expect(indicator(model, z, 0, x.ge(0))).toEqual([]);
    expect(model.numConstraints).toBe(0);
  });

  it('is enforced when active and relaxed when not (both forms)', async () => {
    for (const [active, zValue, expected] of [
      [1, 1, 4],
      [1, 0, 10],
      [0, 0, 4],
      [0, 1, 10],
    ] as const) {
      const { model, x, z } = base();
      indicator(model, z, active, x.le(4));
      model.addConstraint(z.eq(zValue));
      const solution = await optimum(model, 'max', x);
      expect(solution.objective).toBeCloseTo(expected, 9);
    }
  });

  it('lets the solver choose z when it pays: max x - 7z with z = 0 ⇒ x <= 4', async () => {
    // z = 0: x <= 4, value 4;  z = 1: x <= 10, value 3.  Optimum 4 with z = 0.
    const { model, x, z } = base();
    indicator(model, z, 0, x.le(4));
    const solution = await optimum(model, 'max', x.minus(z.times(7)));
    expect(solution.objective).toBeCloseTo(4, 9);
    expect(solution.value(z)).toBeCloseTo(0, 9);
  });

  it('names the variable with an infinite bound, and refuses a non-binary switch', () => {
    const model = new Model();
    const y = model.addVar({ name: 'y' });
    const z = model.addVar({ name: 'z', type: 'binary' });
    const error = errorOf(() => indicator(model, z, 1, y.le(3), 'cap'));
    expect(error.kind).toBe('model');
    expect(error.message).toContain("indicator 'cap' needs a big-M, but 'y' has an infinite bound");
    const w = model.addVar({ name: 'w', ub: 1 });
    expect(errorOf(() => indicator(model, w, 1, z.le(0), 'c')).message).toContain("'w' must be a binary variable");
    const n = model.addVar({ name: 'n', type: 'integer', ub: 2 });
    expect(errorOf(() => indicator(model, n, 1, z.le(0), 'c')).message).toContain("'n' must be a binary");
  });
});

describe('eitherOr', () => {
  // Two jobs on one machine: i (3 h) and j (4 h, released at 2), starts in [0, 10].
  function machine() {
    const model = new Model('machine');
    const start = model.addVars('s', [['i', 'j']], { ub: 10 });
    const order = eitherOr(
      model,
      start.get('i').plus(3).le(start.get('j')),
      start.get('j').plus(4).le(start.get('i')),
      'order',
    );
    return { model, start, order };
  }

  it('adds one binary and one big-M row per side', () => {
    // first:  s_i - s_j <= -3, range [-10, 10], M = 13:  s_i - s_j + 13 w <= 10.
    // second: s_j - s_i <= -4, M = 14, active when w = 0:  s_j - s_i - 14 w <= -4.
    const { model, order } = machine();
    expect(order.name).toBe('order');
    expect(model.bounds(order)).toEqual({ lb: 0, ub: 1, type: 'binary' });
    const c = compile(model);
    expect(c.numRows).toBe(2);
    expect(row(c, 0)).toEqual({
      name: 'order.first.ub',
      cols: [0, 1, 2],
      vals: [1, -1, 13],
      lower: -Infinity,
      upper: 10,
    });
    expect(row(c, 1)).toEqual({
      name: 'order.second.ub',
      cols: [1, 0, 2],
      vals: [1, -1, -14],
      lower: -Infinity,
      upper: -4,
    });
  });

  it('sequences the two jobs: makespan 7 with i first (9 with j first, 6 without the disjunction)', async () => {
    const { model, start, order } = machine();
    model.addConstraint(start.get('j').ge(2));
    const makespan = maxOf(model, [start.get('i').plus(3), start.get('j').plus(4)], { name: 'makespan' });
    const solution = await optimum(model, 'min', makespan);
    expect(solution.objective).toBeCloseTo(7, 9);
    expect(solution.value(order)).toBeCloseTo(1, 9);
    expect(solution.value(start.get('j')) - solution.value(start.get('i'))).toBeGreaterThanOrEqual(3 - 1e-9);
  });
});

describe('maxOf and minOf', () => {
  function pair() {
    const model = new Model('ext');
    const x = model.addVar({ name: 'x', ub: 4 });
    const y = model.addVar({ name: 'y', lb: 1, ub: 6 });
    return { model, x, y };
  }

  it('epigraph: t in [max lows, max highs] = [1, 6] and t >= each term', () => {
    const { model, x, y } = pair();
    const t = maxOf(model, [x, y], { name: 'm' });
    expect(model.bounds(t)).toEqual({ lb: 1, ub: 6, type: 'continuous' });
    const c = compile(model);
    expect(c.numRows).toBe(2);
    expect(row(c, 0)).toEqual({ name: 'm.bound0', cols: [2, 0], vals: [1, -1], lower: 0, upper: Infinity });
    expect(row(c, 1)).toEqual({ name: 'm.bound1', cols: [2, 1], vals: [1, -1], lower: 0, upper: Infinity });
    expect(model.stats().binary).toBe(0);
  });

  it('exact: adds t <= term + M (1 - pick) with M = tHigh - termLow, and one pick', () => {
    // select0: M = 6 - 0 = 6: t - x + 6 pick0 <= 6;  select1: M = 6 - 1 = 5: t - y + 5 pick1 <= 5.
    const { model, x, y } = pair();
    maxOf(model, [x, y], { name: 'm', exact: true });
    const c = compile(model);
    expect(c.numRows).toBe(5);
    expect(c.colName(3)).toBe('m.pick(0)');
    expect(row(c, 2)).toEqual({ name: 'm.select0', cols: [2, 0, 3], vals: [1, -1, 6], lower: -Infinity, upper: 6 });
    expect(row(c, 3)).toEqual({ name: 'm.select1', cols: [2, 1, 4], vals: [1, -1, 5], lower: -Infinity, upper: 5 });
    expect(row(c, 4)).toEqual({ name: 'm.one', cols: [3, 4], vals: [1, 1], lower: 1, upper: 1 });
    expect(model.stats().binary).toBe(2);
  });

  it('minOf mirrors it: t in [min lows, min highs] = [0, 4], t <= each term; exact M = termHigh - tLow', () => {
    // select0: M = 4 - 0 = 4: t - x - 4 pick0 >= -4;  select1: M = 6 - 0 = 6: t - y - 6 pick1 >= -6.
    const { model, x, y } = pair();
    const t = minOf(model, [x, y], { name: 'n', exact: true });
    expect(model.bounds(t)).toEqual({ lb: 0, ub: 4, type: 'continuous' });
    const c = compile(model);
    expect(row(c, 0)).toEqual({ name: 'n.bound0', cols: [2, 0], vals: [1, -1], lower: -Infinity, upper: 0 });
    expect(row(c, 2)).toEqual({ name: 'n.select0', cols: [2, 0, 3], vals: [1, -1, -4], lower: -4, upper: Infinity });
    expect(row(c, 3)).toEqual({ name: 'n.select1', cols: [2, 1, 4], vals: [1, -1, -6], lower: -6, upper: Infinity });
  });

  it('maximizing the epigraph is not exact (t = 6), the exact form is (t = max(2, 3) = 3)', async () => {
    for (const [exact, expected] of [
      [false, 6],
      [true, 3],
    ] as const) {
      const { model, x, y } = pair();
      model.addConstraint(x.eq(2));
      model.addConstraint(y.eq(3));
      const t = maxOf(model, [x, y], { exact });
      const solution = await optimum(model, 'max', t);
      expect(solution.objective).toBeCloseTo(expected, 9);
    }
  });

  it('minimizing the epigraph already gives the max (t = 3)', async () => {
    const { model, x, y } = pair();
    model.addConstraint(x.eq(2));
    model.addConstraint(y.eq(3));
    const solution = await optimum(model, 'min', maxOf(model, [x, y]));
    expect(solution.objective).toBeCloseTo(3, 9);
  });

  it('minimizing the hypograph of min is not exact (t = 0), the exact form is (t = 2)', async () => {
    for (const [exact, expected] of [
      [false, 0],
      [true, 2],
    ] as const) {
      const { model, x, y } = pair();
      model.addConstraint(x.eq(2));
      model.addConstraint(y.eq(3));
      const solution = await optimum(model, 'min', minOf(model, [x, y], { exact }));
      expect(solution.objective).toBeCloseTo(expected, 9);
    }
  });

  it('exact form needs finite bounds and names the variable', () => {
    const model = new Model();
    const x = model.addVar({ name: 'x', ub: 4 });
    const free = model.addVar({ name: 'free' });
    const error = errorOf(() => maxOf(model, [x, free], { name: 'm', exact: true }));
    expect(error.message).toContain("exact max 'm'");
    expect(error.message).toMatch(/'(m|free)' has an infinite bound/);
  });
});

describe('absOf', () => {
  it('is t >= e and t >= -e, t in [max(-3, -7), max(7, 3)] for e = x - 3, x in [0, 10]', () => {
    const model = new Model();
    const x = model.addVar({ name: 'x', ub: 10 });
    const t = absOf(model, x.minus(3), { name: 'dev' });
    expect(model.bounds(t)).toEqual({ lb: -3, ub: 7, type: 'continuous' });
    const c = compile(model);
    // t >= x - 3  →  t - x >= -3;   t >= 3 - x  →  t + x >= 3.
    expect(row(c, 0)).toEqual({ name: 'dev.bound0', cols: [1, 0], vals: [1, -1], lower: -3, upper: Infinity });
    expect(row(c, 1)).toEqual({ name: 'dev.bound1', cols: [1, 0], vals: [1, 1], lower: 3, upper: Infinity });
  });

  it('minimizes a deviation on either side: |1 - 3| = 2 and |7 - 3| = 4', async () => {
    for (const [fixed, expected] of [
      [1, 2],
      [7, 4],
      [3, 0],
    ]) {
      const model = new Model();
      const x = model.addVar({ name: 'x', ub: 10 });
      model.addConstraint(x.eq(fixed));
      const solution = await optimum(model, 'min', absOf(model, x.minus(3)));
      expect(solution.objective).toBeCloseTo(expected, 9);
    }
  });
});

describe('piecewise', () => {
  // Convex: slopes 1 then 3.
  const convex = [
    [0, 0],
    [5, 5],
    [10, 20],
  ] as const;
  // Non-convex: slopes 2, -1, 2; f(0..6) = 0, 2, 4, 3, 2, 4, 6.
  const zigzag = [
    [0, 0],
    [2, 4],
    [4, 2],
    [6, 6],
  ] as const;
  const zigzagAt: [number, number][] = [
    [0, 0],
    [1, 2],
    [2, 4],
    [3, 3],
    [4, 2],
    [5, 4],
    [6, 6],
  ];

  it('convex with ">=" is an epigraph: a domain row and one row per segment, no binaries', () => {
    const model = new Model();
    const x = model.addVar({ name: 'x', lb: -5, ub: 20 });
    const y = piecewise(model, x, convex, { relation: '>=', name: 'cost' });
    expect(model.bounds(y)).toEqual({ lb: 0, ub: Infinity, type: 'continuous' });
    expect(model.stats()).toMatchObject({ binary: 0, integer: 0, variables: 2, constraints: 3 });
    const c = compile(model);
    expect(row(c, 0)).toEqual({ name: 'cost.domain', cols: [0], vals: [1], lower: 0, upper: 10 });
    // y >= x  →  y - x >= 0;   y >= 3x - 10  →  y - 3x >= -10.
    expect(row(c, 1)).toEqual({ name: 'cost.segment0', cols: [1, 0], vals: [1, -1], lower: 0, upper: Infinity });
    expect(row(c, 2)).toEqual({ name: 'cost.segment1', cols: [1, 0], vals: [1, -3], lower: -10, upper: Infinity });
  });

  it('convex epigraph minimized gives f(x) at breakpoints and mid-segment', async () => {
    for (const [at, expected] of [
      [0, 0],
      [2.5, 2.5],
      [5, 5],
      [7.5, 12.5],
      [10, 20],
    ]) {
      const model = new Model();
      const x = model.addVar({ name: 'x', lb: -5, ub: 20 });
      model.addConstraint(x.eq(at));
      const solution = await optimum(model, 'min', piecewise(model, x, convex, { relation: '>=' }));
      expect(solution.objective).toBeCloseTo(expected, 9);
    }
  });

  it('concave with "<=" is a hypograph (no binaries)', () => {
    const model = new Model();
    const x = model.addVar({ ub: 10 });
    piecewise(
      model,
      x,
      [
        [0, 0],
        [5, 10],
        [10, 12],
      ],
      { relation: '<=' },
    );
    expect(model.stats()).toMatchObject({ binary: 0, constraints: 3 });
  });

  it('non-convex "==" uses the lambda form: 4 weights, 3 segment binaries, 9 rows', () => {
    const model = new Model();
    const x = model.addVar({ name: 'x', ub: 6 });
    piecewise(model, x, zigzag, { name: 'f' });
    expect(model.stats()).toMatchObject({ variables: 1 + 1 + 4 + 3, continuous: 6, binary: 3, constraints: 9 });
    const c = compile(model);
    expect([...Array(9).keys()].map((i) => c.rowName(i))).toEqual([
      'f.domain',
      'f.x',
      'f.y',
      'f.convexity',
      'f.choose',
      'f.adjacent0',
      'f.adjacent1',
      'f.adjacent2',
      'f.adjacent3',
    ]);
    // x == 0 λ0 + 2 λ1 + 4 λ2 + 6 λ3 (λ0's zero coefficient cancels out of the row).
    expect(row(c, 1)).toEqual({ name: 'f.x', cols: [0, 3, 4, 5], vals: [1, -2, -4, -6], lower: 0, upper: 0 });
    // λ1 <= z0 + z1.
    expect(row(c, 6)).toEqual({ name: 'f.adjacent1', cols: [3, 6, 7], vals: [1, -1, -1], lower: -Infinity, upper: 0 });
    // Convex f with "==" also needs binaries: the epigraph only bounds y from below.
    const other = new Model();
    piecewise(other, other.addVar({ ub: 10 }), convex);
    expect(other.stats().binary).toBe(2);
  });

  it('non-convex "==" gives y = f(x) at breakpoints and mid-segment, minimizing and maximizing y', async () => {
    for (const [at, expected] of zigzagAt) {
      for (const sense of ['min', 'max'] as const) {
        const model = new Model();
        const x = model.addVar({ name: 'x', ub: 6 });
        model.addConstraint(x.eq(at));
        const solution = await optimum(model, sense, piecewise(model, x, zigzag));
        expect(solution.objective, `f(${at}) by ${sense}`).toBeCloseTo(expected, 7);
      }
    }
  });

  it('non-convex ">=" needs binaries: with x >= 3, min y is f(4) = 2', async () => {
    const model = new Model();
    const x = model.addVar({ ub: 6 });
    model.addConstraint(x.ge(3));
    const y = piecewise(model, x, zigzag, { relation: '>=' });
    expect(model.stats().binary).toBe(3);
    const solution = await optimum(model, 'min', y);
    // On [3, 6] f reaches its minimum 2 at x = 4 (an epigraph of the convex hull would give less).
    expect(solution.objective).toBeCloseTo(2, 7);
    expect(solution.value(x)).toBeCloseTo(4, 7);
  });

  it('restricts x to [x_0, x_n]', async () => {
    const model = new Model();
    const x = model.addVar({ lb: -10, ub: 10 });
    piecewise(model, x, convex, { relation: '>=' });
    const solution = await optimum(model, 'max', x);
    expect(solution.objective).toBeCloseTo(10, 9);
  });

  it('rejects fewer than two breakpoints and x values that do not increase', () => {
    const model = new Model();
    const x = model.addVar({ ub: 1 });
    expect(errorOf(() => piecewise(model, x, [[0, 0]], { name: 'p' })).message).toContain(
      "piecewise 'p' needs at least two breakpoints",
    );
    expect(
      errorOf(() =>
        piecewise(
          model,
          x,
          [
            [0, 0],
            [1, 1],
            [1, 2],
          ],
          { name: 'q' },
        ),
      ).message,
    ).toContain('must increase strictly');
    expect(
      errorOf(() =>
        piecewise(
          model,
          x,
          [
            [0, 0],
            [1, Number.NaN],
          ],
          { name: 'r' },
        ),
      ).message,
    ).toContain('is not finite');
  });
});
