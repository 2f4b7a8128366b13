import { describe, expect, it } from 'vitest';
import { solve } from '../../../src/solve/solve.js';
import { evaluateRcpsp } from '../../../models/rcpsp/evaluate.js';
import { mipDescent, rcpspExact } from '../../../models/rcpsp/exact.js';
import { formulateRcpsp } from '../../../models/rcpsp/formulation.js';
import { generateRcpsp } from '../../../models/rcpsp/generate.js';
import type { RcpspInstance } from '../../../models/rcpsp/instance.js';

const generated: [string, RcpspInstance][] = [
  ['psplib-like seed 2', generateRcpsp({ kind: 'psplib', size: 'small' }, 2)],
  // Ramps default to the feasibility objective; the makespan objective lets the optimum be checked.
  ['ramp seed 1', generateRcpsp({ kind: 'ramp', size: 'small', level: 3, objective: 'makespan' }, 1)],
  ['ramp seed 2', generateRcpsp({ kind: 'ramp', size: 'small', level: 3, objective: 'makespan' }, 2)],
];

describe("the 'mip-descent' exact method", () => {
  it.each(generated)('%s: proves the optimum of the plain MIP', async (_, instance) => {
    const plain = await solve(formulateRcpsp(instance).model, { solver: 'highs', timeLimitSec: 20 });
    const result = await mipDescent(instance, { timeLimitSec: 20 });
    // Generated instances are feasible by construction, and small enough to solve.
    expect(plain.termination).toBe('optimal');
    expect(result.proven).toBe(true);
    const evaluation = evaluateRcpsp(instance, result.solution!);
    expect(evaluation.violations).toEqual([]);
    expect(evaluation.objective).toBe(plain.objective);
    expect(result.bound).toBe(plain.objective);
  });

  it('on a feasibility-only ramp (all constraint kinds) returns a schedule the evaluator accepts', async () => {
    const instance = generateRcpsp({ kind: 'ramp', size: 'small', level: 4 }, 3);
    expect(instance.objective).toBe('feasibility');
    const result = await mipDescent(instance, { timeLimitSec: 20 });
    expect(result.solution).toBeDefined();
    expect(evaluateRcpsp(instance, result.solution!).violations).toEqual([]);
  });

  it('is the family exact method of that name, starting from a worse incumbent', async () => {
    const instance = generated[0][1];
    const proven = await rcpspExact['mip-descent'].solve(instance, { timeLimitSec: 20 });
    expect(proven.proven).toBe(true);
    // One activity at a time in index order, which is topological for PSPLIB-like instances: feasible, and slow.
    const slow = {
      starts: instance.activities.map((_, j) => instance.activities.slice(0, j).reduce((t, a) => t + a.duration, 0)),
    };
    expect(evaluateRcpsp(instance, slow).violations).toEqual([]);
    expect(evaluateRcpsp(instance, slow).objective).toBeGreaterThan(proven.bound!);
    const result = await mipDescent(instance, { timeLimitSec: 20, incumbent: slow });
    expect(result.proven).toBe(true);
    expect(evaluateRcpsp(instance, result.solution!).objective).toBe(proven.bound);
  });
});
