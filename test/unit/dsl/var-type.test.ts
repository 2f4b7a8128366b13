/** A variable type from plain JavaScript is checked: an unknown one is refused, never counted as one type and solved as another. */
import { describe, expect, it } from 'vitest';
import { Model } from '../../../src/dsl/index.js';
import { errorOf } from '../../support/errors.js';

describe('variable types from plain JavaScript', () => {
  it.each(['Integer', 'int', 'bool', ''])(
    'addVar, addVars and addVarsOver refuse type %j, naming the variable',
    (type) => {
      const options = { type } as never;
      const model = new Model('m');
      for (const add of [
        () => model.addVar({ name: 'x', ...(options as object) }),
        () => model.addVars('y', [[1, 2]], options),
        () => model.addVars('z', [[1, 2]], () => options),
        () => model.addVarsOver('w', [[1]], options),
      ]) {
        const error = errorOf(add);
        expect(error.kind).toBe('model');
        expect(error.message).toMatch(/has type .*; use one of 'continuous', 'integer', 'binary'/);
      }
      expect(model.stats().variables).toBe(0);
    },
  );

  it('counts each valid type as it is solved', () => {
    const model = new Model('m');
    model.addVar({ name: 'c' });
    model.addVar({ name: 'i', type: 'integer', ub: 5 });
    model.addVar({ name: 'b', type: 'binary' });
    const stats = model.stats();
    expect([stats.continuous, stats.integer, stats.binary]).toEqual([1, 1, 1]);
  });
});
