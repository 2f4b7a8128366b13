import { describe, expect, it } from 'vitest';
import {
  Model,
  SchedlabError,
  canonicalModel,
  mockBackend,
  solve,
  solveCanonical,
  type SolverBackend,
} from '../../../src/index.js';
import { rejectionOf } from '../../support/errors.js';

/**
 * max 3x + 2y + 1  s.t.  x + y <= 4,  x + 3y <= 6,  0 <= x <= 3,  y >= 0.
 * Vertices: (0,0) 1, (3,0) 10, (3,1) 12, (0,2) 5 and (3,1) also on x + 3y = 6: optimum 12 at (3, 1).
 */
function lp() {
  const model = new Model('lp');
  const x = model.addVar({ name: 'x', ub: 3 });
  const y = model.addVar({ name: 'y' });
  model.addConstraint(x.plus(y).le(4), 'a');
  model.addConstraint(x.plus(y.times(3)).le(6), 'b');
  model.maximize(x.times(3).add(y, 2).add(1));
  return { model, x, y };
}

function mip() {
  const model = new Model('mip');
  const n = model.addVar({ name: 'n', type: 'integer', ub: 5 });
  model.addConstraint(n.times(2).le(7));
  model.maximize(n);
  return { model, n };
}

describe('solve', () => {
  it('reads values of variables, expressions and constants from the solution (HiGHS)', async () => {
    const { model, x, y } = lp();
    const solution = await solve(model, { solver: 'highs' });
    expect(solution.termination).toBe('optimal');
    expect(solution.hasSolution).toBe(true);
    expect(solution.objective).toBeCloseTo(12, 9);
    expect(solution.value(x)).toBeCloseTo(3, 9);
    expect(solution.value(y)).toBeCloseTo(1, 9);
    expect(solution.value(x.plus(y.times(-2)).add(10))).toBeCloseTo(11, 9);
    expect(solution.value(7)).toBe(7);
  });

  it('uses HiGHS by default and rounds nothing: max n with 2n <= 7, n integer, is 3', async () => {
    const { model, n } = mip();
    const solution = await solve(model);
    expect(solution.solver).toBe('highs');
    expect(solution.objective).toBeCloseTo(3, 9);
    expect(solution.value(n)).toBeCloseTo(3, 9);
  });

  it('recomputes the objective from the values, whatever the backend says', async () => {
    const { model } = lp();
    const mock = mockBackend([{ values: Float64Array.of(3, 1), objective: 999 }]);
    const solution = await solve(model, { solver: mock });
    expect(solution.termination).toBe('optimal');
    expect(solution.objective).toBe(12);
  });

  it('gives NaN values without a solution', async () => {
    const model = new Model();
    const x = model.addVar({ ub: 1 });
    model.addConstraint(x.ge(2));
    model.minimize(x);
    const solution = await solve(model, { solver: 'highs' });
    expect(solution.termination).toBe('infeasible');
    expect(solution.hasSolution).toBe(false);
    expect(solution.value(x)).toBeNaN();
    expect(solution.value(3)).toBeNaN();
  });

  it('refuses a MIP on a backend without "integer", naming backends that can', async () => {
    const { model } = mip();
    const mock = mockBackend([{ values: Float64Array.of(3) }], ['timeLimit']);
    const error = await rejectionOf(solve(model, { solver: mock }));
    expect(error.kind).toBe('unsupported');
    expect(error.message).toContain("the 'mock' backend cannot handle integer variables");
    expect(error.message).toMatch(/backends that can: .*highs/);
    expect(mock.calls.length).toBe(0);
  });

  it('refuses a time limit or a MIP gap the backend cannot honour', async () => {
    const { model } = lp();
    const noLimit = mockBackend([{ values: Float64Array.of(3, 1) }], ['integer']);
    const error = await rejectionOf(solve(model, { solver: noLimit, timeLimitSec: 5 }));
    expect(error.kind).toBe('unsupported');
    expect(error.message).toContain('a time limit');
    const noGap = mockBackend([{ values: Float64Array.of(3) }], ['integer']);
    expect((await rejectionOf(solve(mip().model, { solver: noGap, relativeGap: 0.01 }))).message).toContain(
      'a relative gap tolerance',
    );
    // GLPK, for one, has only a relative gap: an absolute one is refused, naming the backends that honour it.
    const relativeOnly = mockBackend([{ values: Float64Array.of(3) }], ['integer', 'gap']);
    const absolute = await rejectionOf(solve(mip().model, { solver: relativeOnly, absoluteGap: 0.5 }));
    expect(absolute.kind).toBe('unsupported');
    expect(absolute.message).toMatch(/an absolute gap tolerance; backends that can: highs/);
    expect(absolute.message).not.toMatch(/can: .*glpk/);
    expect(relativeOnly.calls.length).toBe(0);
    // A gap on an LP is meaningless, not unsupported.
    await expect(solve(model, { solver: noLimit, relativeGap: 0.01 })).resolves.toMatchObject({
      termination: 'optimal',
    });
  });

  it('refuses a model larger than the backend declares it handles', async () => {
    const { model } = lp();
    const small: SolverBackend = { ...mockBackend([{ values: Float64Array.of(3, 1) }]), limits: { maxRows: 1 } };
    const error = await rejectionOf(solve(model, { solver: small }));
    expect(error.kind).toBe('unsupported');
    expect(error.message).toContain('2 rows, more than');
    expect(error.message).toMatch(/backends that can take it: highs/);
  });

  it('refuses a MIP with more integer columns than the backend declares', async () => {
    const { model } = mip();
    const few: SolverBackend = { ...mockBackend([{ values: Float64Array.of(3) }]), limits: { maxIntegerCols: 0 } };
    expect((await rejectionOf(solve(model, { solver: few }))).message).toContain('1 integer columns, more than');
    const noGeneral: SolverBackend = {
      ...mockBackend([{ values: Float64Array.of(3) }]),
      limits: { maxGeneralIntegerCols: 0 },
    };
    expect((await rejectionOf(solve(model, { solver: noGeneral }))).message).toContain('general integer columns');
  });

  it('refuses an unavailable backend and an unknown name', async () => {
    const { model } = lp();
    const missing: SolverBackend = { ...mockBackend([{}]), isAvailable: async () => false };
    expect((await rejectionOf(solve(model, { solver: missing }))).kind).toBe('unavailable');
    const unknown = await rejectionOf(solve(model, { solver: 'nosuch' }));
    expect(unknown.kind).toBe('input');
    expect(unknown.message).toContain("unknown solver 'nosuch'");
  });

  it('discards a point that violates a row: termination error, no solution', async () => {
    const { model, x } = lp();
    // (3, 2) breaks x + y <= 4 and x + 3y <= 6.
    const mock = mockBackend([{ values: Float64Array.of(3, 2), objective: 14 }]);
    const solution = await solve(model, { solver: mock });
    expect(solution.termination).toBe('error');
    expect(solution.hasSolution).toBe(false);
    expect(solution.objective).toBeNaN();
    expect(solution.values.length).toBe(0);
    expect(solution.message).toContain('mock returned a point that violates the model');
    expect(solution.value(x)).toBeNaN();
  });

  it('discards points breaking bounds or integrality, or of the wrong length', async () => {
    const { model } = mip();
    for (const values of [
      Float64Array.of(2.5),
      Float64Array.of(-1),
      Float64Array.of(1, 1),
      Float64Array.of(Number.NaN),
    ]) {
      const solution = await solve(model, { solver: mockBackend([{ values }]) });
      expect(solution.termination, `values ${values}`).toBe('error');
      expect(solution.hasSolution).toBe(false);
    }
    // Within tolerance is kept: 3 + 1e-9 is integral enough.
    const close = await solve(model, { solver: mockBackend([{ values: Float64Array.of(3 + 1e-9) }]) });
    expect(close.hasSolution).toBe(true);
  });

  it('drops the warm start for a backend without "warmStart" and passes it otherwise', async () => {
    const { model } = mip();
    const cold = mockBackend([{ values: Float64Array.of(3) }], ['integer', 'timeLimit']);
    await solve(model, { solver: cold, warmStart: [2], timeLimitSec: 9 });
    expect(cold.calls[0].options.warmStart).toBeUndefined();
    expect(cold.calls[0].options.timeLimitSec).toBe(9);
    const warm = mockBackend([{ values: Float64Array.of(3) }]);
    await solve(model, { solver: warm, warmStart: [2] });
    expect(warm.calls[0].options.warmStart).toEqual([2]);
    expect('solver' in warm.calls[0].options).toBe(false);
  });

  it('refuses to read a variable of another model', async () => {
    const { model } = lp();
    const other = new Model('other');
    other.addVar();
    const stranger = other.addVar();
    const solution = await solve(model, { solver: mockBackend([{ values: Float64Array.of(3, 1) }]) });
    expect(() => solution.value(stranger)).toThrow(SchedlabError);
  });

  it('passes the compiled model to the backend', async () => {
    const { model } = lp();
    const mock = mockBackend([{ values: Float64Array.of(3, 1) }]);
    await solve(model, { solver: mock });
    const seen = mock.calls[0].model;
    expect([seen.numRows, seen.numCols, seen.sense, seen.objectiveConstant]).toEqual([2, 2, 'max', 1]);
    expect([...seen.colCost]).toEqual([3, 2]);
  });
});

describe('solveCanonical', () => {
  it('solves a canonical model: min x + y s.t. x + 2y >= 2 → 1 at (0, 1)', async () => {
    const model = canonicalModel({
      colCost: [1, 1],
      colLower: [0, 0],
      colUpper: [10, 10],
      rowLower: [2],
      rowUpper: [Infinity],
      rowStart: [0, 2],
      colIndex: [0, 1],
      value: [1, 2],
    });
    const result = await solveCanonical(model);
    expect(result.termination).toBe('optimal');
    expect(result.objective).toBeCloseTo(1, 9);
    expect([...result.values].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0, 1]);
    const viaSolve = await solve(model);
    expect(viaSolve.value(5)).toBe(5);
  });
});
