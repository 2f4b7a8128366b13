import { describe, expect, it } from 'vitest';
import { compile, Model } from '../../../src/dsl/index.js';

describe('Var and LinExpr share their arithmetic', () => {
  it('x.between(1, 3) is a ranged row 1 <= x <= 3, like (x + 0).between', () => {
    const model = new Model();
    const x = model.addVar({ name: 'x' });
    model.addConstraint(x.between(1, 3), 'r1');
    model.addConstraint(x.plus(2).between(1, 3), 'r2');
    const canonical = compile(model);
    expect(Array.from(canonical.rowLower)).toEqual([1, -1]);
    expect(Array.from(canonical.rowUpper)).toEqual([3, 1]);
  });

  it('operations return new expressions and leave their operands unchanged', () => {
    const model = new Model();
    const x = model.addVar();
    const e = x.plus(1);
    const f = e.times(2).minus(x);
    expect([e.size, e.constant]).toEqual([1, 1]);
    expect([Array.from(f.coefs), f.constant]).toEqual([[2, -1], 2]);
  });
});
