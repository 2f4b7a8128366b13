import { describe, expect, it } from 'vitest';
import { Model, compile, mockBackend, solve, solveCanonical, solveLexicographic } from '../../../src/index.js';
import { retryOptions, toHighsOptions } from '../../../src/solvers/highs/index.js';
import { rejectionOf } from '../../support/errors.js';

/** max x + y, x + y <= 5, x, y integer in [0, 4]. */
function small() {
  const model = new Model('small');
  const x = model.addVar({ name: 'x', ub: 4, type: 'integer' });
  const y = model.addVar({ name: 'y', ub: 4, type: 'integer' });
  model.addConstraint(x.plus(y).le(5), 'cap');
  model.maximize(x.plus(y));
  return { model, x, y };
}

describe('solve options a caller got wrong', () => {
  it('refuse a warm start of the wrong length as input, before any backend runs', async () => {
    const { model } = small();
    const mock = mockBackend([{ values: Float64Array.of(1, 4) }]);
    const error = await rejectionOf(solve(model, { solver: mock, warmStart: [1] }));
    expect(error.kind).toBe('input');
    expect(error.message).toMatch(/1 values but the model has 2 columns/);
    expect(mock.calls.length).toBe(0);
  });

  it('refuse a warm start with a NaN, naming the column', async () => {
    const { model } = small();
    const error = await rejectionOf(solveCanonical(compile(model), { warmStart: [Number.NaN, 1] }));
    expect(error.kind).toBe('input');
    expect(error.message).toMatch(/column 'x'/);
  });

  it('refuse a NaN or negative time limit and a negative gap', async () => {
    const { model } = small();
    expect((await rejectionOf(solve(model, { timeLimitSec: Number.NaN }))).kind).toBe('input');
    expect((await rejectionOf(solve(model, { timeLimitSec: -1 }))).kind).toBe('input');
    expect((await rejectionOf(solve(model, { relativeGap: -0.1 }))).kind).toBe('input');
  });

  it('take an infinite time limit as no limit (HiGHS)', async () => {
    const { model } = small();
    const solution = await solve(model, { timeLimitSec: Infinity });
    expect(solution.termination).toBe('optimal');
    expect(solution.objective).toBe(5);
    expect(toHighsOptions({ timeLimitSec: Infinity })).not.toHaveProperty('time_limit');
  });
});

describe('HiGHS retry of "infeasible or unbounded" without presolve', () => {
  it('gets only the time the first run left', () => {
    expect(retryOptions({ timeLimitSec: 10, relativeGap: 0.1 }, 4)).toEqual({ timeLimitSec: 6, relativeGap: 0.1 });
    expect(retryOptions({ timeLimitSec: 10 }, 10.5)).toBeUndefined();
    expect(retryOptions({ relativeGap: 0.1 }, 100)).toEqual({ relativeGap: 0.1 });
  });
});

describe('solveLexicographic objectives', () => {
  it("refuse an objective over another model's variables (it used to solve a wrong model silently)", async () => {
    const { model } = small();
    const other = new Model('other');
    const z = other.addVars('z', [[0, 1, 2, 3]], { ub: 1 });
    const error = await rejectionOf(solveLexicographic(model, [{ name: 'a', sense: 'max', expr: z.get(3) }]));
    expect(error.kind).toBe('model');
    expect(error.message).toMatch(/model 'other'/);
  });

  it('refuse a non-finite objective coefficient', async () => {
    const { model, x } = small();
    const error = await rejectionOf(
      solveLexicographic(model, [{ name: 'a', sense: 'max', expr: x.times(Number.NaN) }]),
    );
    expect(error.kind).toBe('model');
  });
});
