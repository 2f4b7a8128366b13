import { describe, expect, it } from 'vitest';
import { Model, SchedlabError, indicator, solve } from '../../../src/index.js';

describe('indicator with a one-sided comparison', () => {
  it('needs only the bound on the side it writes: z = 1 ⇒ x >= 5 with x unbounded above', async () => {
    const model = new Model();
    const x = model.addVar({ name: 'x' }); // [0, +inf)
    const z = model.addVar({ name: 'z', type: 'binary' });
    const rows = indicator(model, z, 1, x.ge(5), 'start');
    expect(rows.map((row) => row.name)).toEqual(['start.lb']);
    // x - 5 z >= 0: with z forced on, the least x is 5; with z off, 0.
    model.addConstraint(z.eq(1), 'on');
    model.minimize(x);
    const solution = await solve(model);
    expect(solution.termination).toBe('optimal');
    expect(solution.value(x)).toBeCloseTo(5, 9);
  });

  it('still refuses when the side it writes is unbounded', () => {
    const model = new Model();
    const x = model.addVar({ name: 'x' });
    const z = model.addVar({ name: 'z', type: 'binary' });
    expect(() => indicator(model, z, 1, x.le(5), 'cap')).toThrow(SchedlabError);
    expect(() => indicator(model, z, 1, x.le(5), 'cap')).toThrow(/'x' has an infinite bound/);
  });
});
