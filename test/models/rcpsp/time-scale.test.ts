/**
 * Class 2 of issue 12: numbers at the edges of the RCPSP schema. Periods of 1e9 (with and
 * without deadlines) work in every method, since each runs on the instance in its coarsest
 * periods; an instance whose periods share no factor and whose profile cannot be allocated
 * is refused at once with its size; capacities and demands of 1e9 fit the heuristics' profiles.
 */
import { describe, expect, it } from 'vitest';
import { runMethod } from '../../../src/family/methods.js';
import { family, type RcpspInstance } from '../../../models/rcpsp/index.js';
import { periodFactor, scaledInstance } from '../../../models/rcpsp/time-scale.js';

const big = 1_000_000_000;
const half = big / 2;

/** A chain a -> b and a free c, with the given duration; `deadline` on b when given. */
function chain(duration: number, extra: Record<string, unknown> = {}): RcpspInstance {
  return family.parse({
    resources: [{ id: 'r', capacity: 2, downtime: [{ start: 0, end: duration, capacity: 1 }] }],
    activities: [
      { id: 'a', duration, demand: { r: 1 }, successors: ['b'] },
      { id: 'b', duration, demand: { r: 1 }, ...extra },
      { id: 'c', duration, demand: { r: 1 } },
    ],
  });
}

describe('RCPSP periods up to 1e9', () => {
  it('finds the common factor of every period and divides it out', () => {
    const instance = chain(half, { deadline: big });
    expect(periodFactor(instance)).toBe(half);
    expect(scaledInstance(instance, half).activities.map((a) => [a.duration, a.deadline])).toEqual([
      [1, Infinity],
      [1, 2],
      [1, Infinity],
    ]);
  });

  for (const [label, extra] of [
    ['without deadlines', {}],
    ['with a deadline', { deadline: big }],
  ] as const) {
    it(`every kind of method answers ${label}, proven optimal at 1e9`, async () => {
      const instance = chain(half, extra);
      for (const method of ['heuristic/default', 'mip', 'exact/mip-descent', undefined]) {
        const result = await runMethod(family, instance, method, { timeLimitSec: 5 });
        expect(result.evaluation.feasible, String(method)).toBe(true);
        expect(result.objective, String(method)).toBe(big);
      }
      // Branch and bound takes the classic RCPSP only: the same without downtime.
      const classic = { ...instance, resources: [{ id: 'r', capacity: 2, downtime: [] }] };
      const bnb = await runMethod(family, classic, 'branch-and-bound', { timeLimitSec: 5 });
      expect(bnb).toMatchObject({ status: 'optimal', objective: big });
    });
  }

  it('refuses periods without a common factor whose profile cannot be allocated, stating its size', async () => {
    const instance = family.parse({
      resources: [{ id: 'r', capacity: 1 }],
      activities: [
        { id: 'a', duration: big, demand: { r: 1 } },
        { id: 'b', duration: 7, demand: { r: 1 } },
      ],
    });
    for (const method of ['heuristic/default', 'mip', undefined]) {
      const run = runMethod(family, instance, method, { timeLimitSec: 1 });
      await expect(run, String(method)).rejects.toMatchObject({ kind: 'input' });
      await expect(run, String(method)).rejects.toThrow(/1,000,000,008 periods .* profile cells/);
    }
    // The evaluator needs no profile: a schedule of it is scored at once.
    expect(family.evaluate(instance, { starts: [0, big] }).objective).toBe(big + 7);
  });

  it('capacities and demands of 1e9 fit the heuristics', async () => {
    const instance = family.parse({
      resources: [{ id: 'r', capacity: big }],
      activities: [
        { id: 'a', duration: 2, demand: { r: big } },
        { id: 'b', duration: 3, demand: { r: big - 1 } },
        { id: 'c', duration: 1, demand: { r: 1 } },
      ],
    });
    for (const method of ['heuristic/default', 'heuristic/parallel-lft', undefined]) {
      const result = await runMethod(family, instance, method, { timeLimitSec: 2 });
      expect(result.evaluation.feasible, String(method)).toBe(true);
      expect(result.objective, String(method)).toBe(5);
    }
  });
});
