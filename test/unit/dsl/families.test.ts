import { describe, expect, it } from 'vitest';
import { Model, all, compile } from '../../../src/index.js';
import { errorOf, row } from './support.js';

describe('dense variable families', () => {
  it('hold one variable per key of the product, in row-major order', () => {
    const model = new Model();
    const x = model.addVars('x', [
      ['a', 'b'],
      [1, 2, 3],
    ]);
    expect(x.size).toBe(6);
    expect(model.numVars).toBe(6);
    // Row-major: the last dimension varies fastest, so (b,1) is column 1*3 + 0 = 3.
    expect(x.get('a', 1).index).toBe(0);
    expect(x.get('a', 3).index).toBe(2);
    expect(x.get('b', 1).index).toBe(3);
    expect(x.get('b', 3).index).toBe(5);
    expect([...x.entries()].map(([key]) => key)).toEqual([
      ['a', 1],
      ['a', 2],
      ['a', 3],
      ['b', 1],
      ['b', 2],
      ['b', 3],
    ]);
    expect([...x].map((v) => v.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('name members after their keys, lazily', () => {
    const model = new Model();
    const x = model.addVars('x', [
      ['j1', 'a'],
      [3, 4],
    ]);
    expect(x.get('j1', 3).name).toBe('x(j1,3)');
    expect(x.get('a', 4).name).toBe('x(a,4)');
    expect(model.variableName(1)).toBe('x(j1,4)');
    // Names survive compilation (sanitized names keep parentheses and commas).
    expect(compile(model).colName(2)).toBe('x(a,3)');
  });

  it('start after the columns already in the model', () => {
    const model = new Model();
    model.addVar({ name: 'first' });
    const y = model.addVars('y', [[10, 20]]);
    expect(y.get(10).index).toBe(1);
    expect(y.get(20).index).toBe(2);
    expect(y.get(20).name).toBe('y(20)');
  });

  it('take per-key options from a function of the key', () => {
    const model = new Model();
    const x = model.addVars(
      'x',
      [
        ['a', 'b'],
        [1, 2],
      ],
      (job, t) => ({ lb: t, ub: job === 'a' ? 5 : 7, type: 'integer' }),
    );
    expect(model.bounds(x.get('a', 2))).toEqual({ lb: 2, ub: 5, type: 'integer' });
    expect(model.bounds(x.get('b', 1))).toEqual({ lb: 1, ub: 7, type: 'integer' });
  });

  it('accept any iterable as a domain (a Set, a generator)', () => {
    const model = new Model();
    function* times() {
      yield 0;
      yield 5;
    }
    const x = model.addVars('x', [new Set(['p', 'q']), times()]);
    expect(x.size).toBe(4);
    expect(x.get('q', 5).index).toBe(3);
  });

  it('reject a missing key with an error naming the family and the key', () => {
    const model = new Model();
    const x = model.addVars('x', [
      ['a', 'b'],
      [1, 2],
    ]);
    const error = errorOf(() => x.get('c', 1));
    expect(error.kind).toBe('model');
    expect(error.message).toContain("variable family 'x'");
    expect(error.message).toContain('x(c,1)');
    // A value present in a domain but in the wrong position is missing too.
    expect(errorOf(() => (x.get as (...key: unknown[]) => unknown)(1, 'a')).message).toContain('x(1,a)');
    expect(x.find('c', 1)).toBeUndefined();
    expect(x.has('a', 2)).toBe(true);
    expect(x.has('a', 3)).toBe(false);
  });

  it('find keys of 0..n-1 domains by arithmetic, and only in-range whole numbers', () => {
    const model = new Model();
    const x = model.addVars('x', [
      [0, 1, 2],
      [0, 1, 2, 3],
    ]);
    expect(x.get(2, 3).index).toBe(11);
    const loose = x as unknown as { has(...key: unknown[]): boolean };
    for (const bad of [
      [3, 0],
      [-1, 0],
      [1.5, 0],
      ['1', 0],
      [Number.NaN, 0],
      [0, 4],
    ])
      expect(loose.has(...bad), String(bad)).toBe(false);
    // A domain of numbers not equal to their positions is looked up by value.
    const y = model.addVars('y', [[1, 2, 3]]);
    expect(y.get(1).index).toBe(y.get(3).index - 2);
    expect(y.has(0 as 1)).toBe(false);
  });

  it('reject a key of the wrong arity at run time as missing', () => {
    const model = new Model();
    const x = model.addVars('x', [['a'], [1]]);
    const loose = x as unknown as { has(...key: unknown[]): boolean };
    expect(loose.has('a')).toBe(false);
    expect(loose.has('a', 1, 2)).toBe(false);
  });

  it('reject a value listed twice in a domain', () => {
    const model = new Model();
    const error = errorOf(() => model.addVars('x', [['a', 'b', 'a'], [1]]));
    expect(error.kind).toBe('model');
    expect(error.message).toContain("family 'x'");
    expect(error.message).toContain('a appears twice in dimension 1');
    expect(errorOf(() => model.addVars('y', [['a'], [1, 2, 2]])).message).toContain('dimension 2');
  });

  it('reject a family name already used by a variable or a family', () => {
    const model = new Model();
    model.addVars('x', [[1, 2]]);
    model.addVar({ name: 'y' });
    const twice = errorOf(() => model.addVars('x', [[3]]));
    expect(twice.kind).toBe('model');
    expect(twice.message).toContain("'x' already exists");
    expect(errorOf(() => model.addVars('y', [[1]])).message).toContain("'y' already exists");
    expect(errorOf(() => model.addVar({ name: 'x' })).message).toContain("'x' already exists");
    // Variables and constraints have separate name spaces.
    expect(() => model.addConstraints('x', [[1]], () => null)).not.toThrow();
  });

  it('sum and slice members with `all` patterns', () => {
    const model = new Model();
    const x = model.addVars('x', [
      ['a', 'b'],
      [1, 2, 3],
    ]);
    expect([...x.sum('b', all).vars]).toEqual([3, 4, 5]);
    expect([...x.sum(all, 2).vars]).toEqual([1, 4]);
    expect([...x.sumScaled(2, all, all).coefs]).toEqual([2, 2, 2, 2, 2, 2]);
    expect(x.slice(all, 3).map((v) => v.name)).toEqual(['x(a,3)', 'x(b,3)']);
    expect(x.sum('z', all).size).toBe(0);
  });
});

describe('sparse variable families', () => {
  const windows: [string, number][] = [
    ['j1', 0],
    ['j1', 1],
    ['j2', 3],
    ['j2', 1],
  ];

  it('hold one variable per listed key, in list order', () => {
    const model = new Model();
    const start = model.addVarsOver('start', windows, { type: 'binary' });
    expect(start.size).toBe(4);
    expect(start.get('j2', 3).index).toBe(2);
    expect(start.get('j2', 1).index).toBe(3);
    expect(start.get('j2', 1).name).toBe('start(j2,1)');
    expect([...start.entries()].map(([key]) => key)).toEqual(windows);
    expect(model.bounds(start.get('j1', 0))).toEqual({ lb: 0, ub: 1, type: 'binary' });
  });

  it('reject keys outside the list with an error naming the family and key', () => {
    const model = new Model();
    const start = model.addVarsOver('start', windows);
    expect(start.has('j1', 3)).toBe(false);
    const error = errorOf(() => start.get('j1', 3));
    expect(error.message).toContain("variable family 'start'");
    expect(error.message).toContain('start(j1,3)');
  });

  it('reject a key listed twice and keys of different lengths', () => {
    const model = new Model();
    const twice = errorOf(() =>
      model.addVarsOver('s', [
        ['a', 1],
        ['a', 1],
      ]),
    );
    expect(twice.message).toContain("family 's'");
    expect(twice.message).toContain('listed twice');
    const ragged = errorOf(() => model.addVarsOver('r', [['a', 1], ['b']] as unknown as [string, number][]));
    expect(ragged.message).toContain('has 1 parts');
  });

  it('sum over a pattern in index order', () => {
    const model = new Model();
    const start = model.addVarsOver('start', windows);
    expect([...start.sum('j2', all).vars]).toEqual([2, 3]);
    expect([...start.sum(all, 1).vars]).toEqual([1, 3]);
    expect(start.slice('j1', all).map((v) => v.name)).toEqual(['start(j1,0)', 'start(j1,1)']);
  });

  it('may be empty', () => {
    const model = new Model();
    const none = model.addVarsOver('none', [] as [string][]);
    expect(none.size).toBe(0);
    expect([...none]).toEqual([]);
    expect(model.numVars).toBe(0);
  });
});

describe('constraint families', () => {
  it('skip keys whose builder returns null, false or undefined', () => {
    const model = new Model();
    const x = model.addVars('x', [[1, 2, 3, 4]]);
    const rows = model.addConstraints('cap', [[1, 2, 3, 4]], (t) => {
      if (t === 2) return null;
      if (t === 3) return false;
      return x.get(t).le(t * 10);
    });
    expect(rows.size).toBe(2);
    expect(model.numConstraints).toBe(2);
    expect(rows.has(1)).toBe(true);
    expect(rows.has(2)).toBe(false);
    expect(rows.find(3)).toBeUndefined();
    expect(rows.get(4).index).toBe(1);
    expect(rows.get(4).name).toBe('cap(4)');
    const error = errorOf(() => rows.get(2));
    expect(error.message).toContain("constraint family 'cap'");
    expect(error.message).toContain('cap(2)');
    expect([...rows.entries()].map(([key, row]) => [key, row.index])).toEqual([
      [[1], 0],
      [[4], 1],
    ]);
    // The skipped keys leave no gaps in the names of later rows.
    const canonical = compile(model);
    expect(canonical.rowName(0)).toBe('cap(1)');
    expect(canonical.rowName(1)).toBe('cap(4)');
    expect([...canonical.rowUpper]).toEqual([10, 40]);
  });

  it('pass typed keys to the builder and name rows from them', () => {
    const model = new Model();
    const x = model.addVars('x', [
      ['a', 'b'],
      [1, 2],
    ]);
    const seen: [string, number][] = [];
    const rows = model.addConstraints(
      'link',
      [
        ['a', 'b'],
        [1, 2],
      ],
      (job, t) => {
        seen.push([job, t]);
        return x.get(job, t).ge(t);
      },
    );
    expect(seen).toEqual([
      ['a', 1],
      ['a', 2],
      ['b', 1],
      ['b', 2],
    ]);
    expect(rows.get('b', 1).name).toBe('link(b,1)');
    expect(model.constraintName(3)).toBe('link(b,2)');
  });

  it('over listed keys, keep list order and skipped keys', () => {
    const model = new Model();
    const x = model.addVar({ name: 'x', ub: 10 });
    const rows = model.addConstraintsOver(
      'lim',
      [
        ['p', 2],
        ['q', 1],
        ['r', 3],
      ] as [string, number][],
      (name, k) => (name === 'q' ? null : x.le(k)),
    );
    expect(rows.size).toBe(2);
    expect([...rows].map((row) => row.name)).toEqual(['lim(p,2)', 'lim(r,3)']);
    expect(rows.has('q', 1)).toBe(false);
  });

  it('may share names with variables but not with other constraints', () => {
    const model = new Model();
    const x = model.addVars('x', [[1]]);
    model.addConstraints('x', [[1]], (t) => x.get(t).le(1));
    expect(errorOf(() => model.addConstraints('x', [[1]], (t) => x.get(t).le(1))).message).toContain(
      "constraint family named 'x'",
    );
    expect(errorOf(() => model.addConstraint(x.get(1).le(2), 'x')).kind).toBe('model');
  });

  it('refuse a builder result that is not a comparison', () => {
    const model = new Model();
    const x = model.addVar();
    const error = errorOf(() => model.addConstraints('bad', [[1]], () => x.plus(1) as never));
    expect(error.message).toContain("constraint 'bad(1)' is not a comparison");
  });
});

describe('single variables and constraints', () => {
  it('get default names x<index> and c<index>', () => {
    const model = new Model();
    const a = model.addVar();
    const b = model.addVar({ name: 'b' });
    const row = model.addConstraint(a.plus(b).le(1));
    expect(a.name).toBe('x0');
    expect(b.name).toBe('b');
    expect(row.name).toBe('c0');
  });

  it('default to continuous [0, inf), binaries to [0, 1]', () => {
    const model = new Model();
    expect(model.bounds(model.addVar())).toEqual({ lb: 0, ub: Infinity, type: 'continuous' });
    expect(model.bounds(model.addVar({ type: 'binary' }))).toEqual({ lb: 0, ub: 1, type: 'binary' });
    expect(model.bounds(model.addVar({ lb: -Infinity, ub: -2 }))).toEqual({
      lb: -Infinity,
      ub: -2,
      type: 'continuous',
    });
  });
});

describe('rows from slice sums', () => {
  // A bare slice sum is copied into the row as a block; anything else goes through the
  // merging path. Both must give the same rows.
  it('copy a bare slice sum, drop its zero coefficients, and merge once terms are added', () => {
    const model = new Model();
    const x = model.addVars('x', [
      ['a', 'b'],
      [1, 2, 3],
    ]);
    const y = model.addVar({ name: 'y' });
    model.addConstraint(x.sum('b', all).le(4), 'bare');
    model.addConstraint(x.sumScaled(0, 'a', all).le(1), 'zero');
    model.addConstraint(x.sum(all, 2).plus(x.get('a', 2)).plus(y).ge(1), 'merged');
    model.addConstraint(x.sum('a', all).le(x.sum(all, 1)), 'two-sided');
    model.addConstraints('family', [[1, 2, 3]], (t) => x.sumScaled(t, all, t).le(t));
    const canonical = compile(model);
    expect(row(canonical, 0)).toMatchObject({ cols: [3, 4, 5], vals: [1, 1, 1], upper: 4 });
    expect(row(canonical, 1)).toMatchObject({ cols: [], vals: [] });
    expect(row(canonical, 2)).toMatchObject({ cols: [1, 4, 6], vals: [2, 1, 1], lower: 1 });
    // x(a,1) appears on both sides and cancels; x(b,1) moves over with coefficient -1.
    expect(row(canonical, 3)).toMatchObject({ cols: [1, 2, 3], vals: [1, 1, -1] });
    expect([4, 5, 6].map((i) => row(canonical, i).vals)).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });
});

describe('slice sums kept as arithmetic until read', () => {
  it('read, scaled, added and checked like written-out expressions', () => {
    const model = new Model();
    const x = model.addVars('x', [
      ['a', 'b'],
      [1, 2, 3],
    ]);
    const slice = x.sum(all, 2);
    expect(slice.size).toBe(2);
    expect([...slice.scale(3).vars]).toEqual([1, 4]);
    expect([...slice.coefs]).toEqual([3, 3]);
    const total = x.sumScaled(2, 'b', all).plus(x.sum('a', all));
    expect([...total.vars]).toEqual([3, 4, 5, 0, 1, 2]);
    expect([...total.coefs]).toEqual([2, 2, 2, 1, 1, 1]);
    const error = errorOf(() => model.addConstraint(x.sumScaled(Number.POSITIVE_INFINITY, 'b', all).le(1), 'inf'));
    expect(error.message).toContain("constraint 'inf' has coefficient Infinity on variable 'x(b,1)'");
    // The refused row left nothing behind.
    expect(model.numConstraints).toBe(0);
  });
});
