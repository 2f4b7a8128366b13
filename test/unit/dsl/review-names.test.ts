import { describe, expect, it } from 'vitest';
import { Model, SchedlabError, compile, maxOf } from '../../../src/index.js';

describe('constraint family names when the builder adds rows of its own', () => {
  it('name each member after its key, and the helper rows after the helper', () => {
    const model = new Model();
    const x = model.addVars('x', [[0, 1, 2]], { ub: 10 });
    // Each member's builder makes an epigraph variable first (two rows), then the member row.
    const cap = model.addConstraints('cap', [[0, 1]], (k) =>
      maxOf(model, [x.get(k), x.get(k + 1)], { name: `top${k}` }).le(5),
    );
    expect([...cap].map((row) => row.name)).toEqual(['cap(0)', 'cap(1)']);
    const names = Array.from({ length: model.numConstraints }, (_, i) => model.constraintName(i));
    expect(names).toEqual(['top0.bound0', 'top0.bound1', 'cap(0)', 'top1.bound0', 'top1.bound1', 'cap(1)']);
    expect(compile(model).rowName(5)).toBe('cap(1)');
  });

  it('name the members of a family built inside another family builder', () => {
    const model = new Model();
    const x = model.addVars('x', [[0, 1]], { ub: 10 });
    const outer = model.addConstraints('outer', [['a', 'b']], (key) => {
      model.addConstraints(`inner.${key}`, [[0, 1]], (k) => x.get(k).le(8));
      return x.get(0).plus(x.get(1)).le(12);
    });
    expect([...outer].map((row) => row.name)).toEqual(['outer(a)', 'outer(b)']);
    const names = Array.from({ length: model.numConstraints }, (_, i) => model.constraintName(i));
    expect(names).toEqual(['inner.a(0)', 'inner.a(1)', 'outer(a)', 'inner.b(0)', 'inner.b(1)', 'outer(b)']);
  });

  it('refuse a variable family whose options function adds variables (members would be misplaced)', () => {
    const model = new Model();
    const build = () =>
      model.addVars('y', [[1, 2]], (k) => {
        model.addVar();
        return { ub: k };
      });
    expect(build).toThrow(SchedlabError);
    expect(model.numVars).toBe(0);
  });
});
