/**
 * Type-level tests of the DSL's key inference: a family keyed by [job, time] takes
 * get(job, time) and nothing else. Checked by vitest's typecheck and by `tsc`.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  Model,
  all,
  type Comparison,
  type Constraint,
  type ConstraintFamily,
  type Var,
  type VarFamily,
} from '../../../src/index.js';

const model = new Model();

describe('dense families', () => {
  const x = model.addVars('x', [
    ['a', 'b'],
    [1, 2, 3],
  ]);

  it('infer the key tuple [string, number] from the domains', () => {
    expectTypeOf(x).toExtend<VarFamily<[string, number]>>();
    expectTypeOf(x.get).parameters.toEqualTypeOf<[string, number]>();
    expectTypeOf(x.get('a', 1)).toEqualTypeOf<Var>();
    expectTypeOf(x.find('a', 1)).toEqualTypeOf<Var | undefined>();
  });

  it('reject keys of the wrong arity or types', () => {
    // @ts-expect-error the job is missing
    x.get(3);
    // @ts-expect-error the time is missing
    x.get('a');
    // @ts-expect-error parts swapped
    x.get(3, 'a');
    // @ts-expect-error one part too many
    x.get('a', 1, 2);
    // @ts-expect-error has() checks the key too
    x.has(1);
  });

  it('keep the key types of typed domains', () => {
    type Device = 'cpu' | 'gpu';
    const devices: Device[] = ['cpu', 'gpu'];
    const y = model.addVars('y', [devices, [0, 1]]);
    expectTypeOf(y.get).parameters.toEqualTypeOf<[Device, number]>();
    y.get('gpu', 1);
    // @ts-expect-error 'tpu' is not a Device
    y.get('tpu', 1);
  });

  it('type entries() and slice patterns', () => {
    for (const [key, member] of x.entries()) {
      expectTypeOf(key[0]).toEqualTypeOf<string>();
      expectTypeOf(key[1]).toEqualTypeOf<number>();
      expectTypeOf(member).toEqualTypeOf<Var>();
    }
    x.sum('a', all);
    x.sum(all, 2);
    // @ts-expect-error a pattern needs every part
    x.sum('a');
    // @ts-expect-error a number where a job is expected
    x.sum(1, all);
  });

  it('type per-key options from the key, and options that ignore it', () => {
    model.addVars('z', [['a'], [1]], (job, t) => {
      expectTypeOf(job).toEqualTypeOf<string>();
      expectTypeOf(t).toEqualTypeOf<number>();
      return { ub: t };
    });
    const ignoring = model.addVars('z2', [['a'], [1]], () => ({ ub: 1 }));
    expectTypeOf(ignoring.get).parameters.toEqualTypeOf<[string, number]>();
  });
});

describe('sparse families', () => {
  it('infer the key tuple from a typed key list', () => {
    const keys: [string, number][] = [
      ['j1', 0],
      ['j2', 3],
    ];
    const start = model.addVarsOver('start', keys);
    expectTypeOf(start.get).parameters.toEqualTypeOf<[string, number]>();
    // @ts-expect-error the time is missing
    start.get('j1');
  });

  it('infer the key tuple from an inline list of tuples', () => {
    const pairs = model.addVarsOver('pair', [
      ['a', 1],
      ['b', 2],
    ]);
    expectTypeOf(pairs.get).parameters.toEqualTypeOf<[string, number]>();
    pairs.get('b', 2);
    // @ts-expect-error parts swapped
    pairs.get(1, 'a');
  });

  it('infer from mapped keys and from a Set of tuples', () => {
    const edges = [{ from: 'u', to: 'v' }];
    const flow = model.addVarsOver(
      'flow',
      edges.map((e) => [e.from, e.to] as [string, string]),
    );
    expectTypeOf(flow.get).parameters.toEqualTypeOf<[string, string]>();
    // @ts-expect-error two strings expected
    flow.get('u', 1);
    const fromSet = model.addVarsOver('set', new Set<[number, boolean]>());
    expectTypeOf(fromSet.get).parameters.toEqualTypeOf<[number, boolean]>();
  });
});

describe('constraint families', () => {
  const w = model.addVars('w', [
    ['a', 'b'],
    [1, 2],
  ]);

  it('hand the builder typed keys', () => {
    const rows = model.addConstraints(
      'cap',
      [
        ['a', 'b'],
        [1, 2],
      ],
      (job, t) => {
        expectTypeOf(job).toEqualTypeOf<string>();
        expectTypeOf(t).toEqualTypeOf<number>();
        return t > 1 ? w.get(job, t).le(1) : null;
      },
    );
    expectTypeOf(rows).toExtend<ConstraintFamily<[string, number], Constraint>>();
    expectTypeOf(rows.get('a', 2)).toEqualTypeOf<Constraint>();
    // @ts-expect-error parts swapped
    rows.get(2, 'a');
  });

  it('take keys from the domains, not from the builder', () => {
    const rows = model.addConstraints('ignoring', [[1, 2]], () => null);
    expectTypeOf(rows.get).parameters.toEqualTypeOf<[number]>();
  });

  it('type listed keys in the builder', () => {
    const keys: [string, number][] = [['a', 1]];
    model.addConstraintsOver('over', keys, (job, t) => {
      expectTypeOf(job).toEqualTypeOf<string>();
      expectTypeOf(t).toEqualTypeOf<number>();
      return w.get(job, t).ge(0);
    });
    model.addConstraintsOver('inline', [['a', 1]], (job, t) => {
      expectTypeOf(job).toEqualTypeOf<string>();
      expectTypeOf(t).toEqualTypeOf<number>();
      return null;
    });
  });

  it('accept only comparisons or a skip from the builder', () => {
    // @ts-expect-error an expression is not a constraint
    model.addConstraints('bad', [[1]], () => w.get('a', 1).plus(1));
    expectTypeOf(w.get('a', 1).le(2)).toEqualTypeOf<Comparison>();
  });
});
