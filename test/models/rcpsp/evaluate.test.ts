import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRcpsp } from '../../../models/rcpsp/evaluate.js';
import { generateRampWithReference } from '../../../models/rcpsp/generate.js';
import { parseRcpsp, parseRcpspSolution, type RcpspInstance } from '../../../models/rcpsp/instance.js';
import { inputErrorPath } from '../../support/errors.js';

/**
 * Crew (2) and a test bench (1, down in periods 6..7); a precedes b; c has the window
 * [1, 6]; c and d must not overlap. A valid schedule: a=0, b=2, c=1, d=5 (makespan 6).
 */
const instance: RcpspInstance = parseRcpsp({
  name: 'hand',
  resources: [
    { id: 'crew', capacity: 2 },
    { id: 'bench', capacity: 1, downtime: [{ start: 6, end: 8, capacity: 0 }] },
  ],
  activities: [
    { id: 'a', duration: 2, demand: { crew: 1 }, successors: ['b'] },
    { id: 'b', duration: 3, demand: { crew: 1, bench: 1 } },
    { id: 'c', duration: 2, demand: { crew: 1 }, release: 1, deadline: 6 },
    { id: 'd', duration: 1, demand: { bench: 1 } },
  ],
  disjunctive: [['c', 'd']],
});

const evaluate = (starts: number[]) => evaluateRcpsp(instance, { starts });

describe('evaluateRcpsp', () => {
  it('accepts a valid schedule and reports makespan, bounds and utilization', () => {
    const result = evaluate([0, 2, 1, 5]);
    expect(result.violations).toEqual([]);
    expect(result.feasible).toBe(true);
    expect(result.objective).toBe(6);
    expect(result.metrics).toMatchObject({
      makespan: 6,
      criticalPathBound: 5,
      resourceBound: 4,
      lowerBound: 5,
      totalDeadlineLateness: 0,
    });
    expect(result.metrics['utilization.crew']).toBeCloseTo(7 / 12);
    expect(result.metrics['utilization.bench']).toBeCloseTo(4 / 6);
    expect(result.metrics.feasibilityOnly).toBeUndefined();
  });

  it('precedence: an activity starts only after all its predecessors finish', () => {
    const result = evaluate([0, 1, 3, 5]);
    expect(result.feasible).toBe(false);
    expect(result.violations).toEqual([
      {
        constraint: 'precedence',
        entities: ['a', 'b'],
        message: 'activity b starts in period 1, before its predecessor a finishes at 2; start b at 2 or later',
      },
    ]);
  });

  it('release: an activity starts no earlier than its release date', () => {
    expect(evaluate([0, 2, 0, 5]).violations).toEqual([
      {
        constraint: 'release',
        entities: ['c'],
        message: 'activity c starts in period 0, before its release date 1; start it at 1 or later',
      },
    ]);
  });

  it('deadline: an activity finishes no later than its deadline, and lateness is summed', () => {
    const result = evaluate([0, 2, 5, 8]);
    expect(result.violations).toEqual([
      {
        constraint: 'deadline',
        entities: ['c'],
        message: 'activity c finishes at 7, after its deadline 6; start it at 4 or earlier',
      },
    ]);
    expect(result.metrics.totalDeadlineLateness).toBe(1);
    expect(result.objective).toBe(9);
  });

  it('disjunctive: the two activities of a pair never overlap', () => {
    expect(evaluate([0, 2, 1, 1]).violations).toEqual([
      {
        constraint: 'disjunctive',
        entities: ['c', 'd', 1],
        message: 'activities c and d must not overlap but both run in periods 1..1; run one after the other',
      },
    ]);
  });

  it('capacity: usage above capacity, and any usage during a zero-capacity downtime', () => {
    expect(evaluate([0, 2, 1, 3]).violations).toEqual([
      {
        constraint: 'capacity',
        entities: ['bench', 3, 'b', 'd'],
        message: 'resource bench is over capacity in period 3: 2 used, 1 available (activities b, d); move one of them',
      },
    ]);
    expect(evaluate([0, 2, 1, 6]).violations).toEqual([
      {
        constraint: 'capacity',
        entities: ['bench', 6, 'd'],
        message: 'resource bench is over capacity in period 6: 1 used, 0 available (activities d); move one of them',
      },
    ]);
  });

  it('capacity: one record per maximal run of overloaded periods', () => {
    const pair = parseRcpsp({
      resources: [{ id: 'R1', capacity: 1, downtime: [{ start: 10, end: 12, capacity: 0 }] }],
      activities: ['x', 'y', 'z'].map((id) => ({ id, duration: 3, demand: { R1: 1 } })),
    });
    const result = evaluateRcpsp(pair, { starts: [0, 1, 9] });
    expect(result.violations.map((v) => v.entities)).toEqual([
      ['R1', 1, 'x', 'y'],
      ['R1', 10, 'z'],
    ]);
    expect(result.violations[0].message).toBe(
      'resource R1 is over capacity in periods 1..2 (worst: period 1): 2 used, 1 available (activities x, y); move one of them',
    );
    expect(result.violations[1].message).toMatch(/in periods 10\.\.11 \(worst: period 10\): 1 used, 0 available/);
  });

  it('integrality and shape: one whole start >= 0 per activity', () => {
    const result = evaluateRcpsp(instance, { starts: [0, -1, 1.5] });
    expect(result.feasible).toBe(false);
    expect(result.objective).toBeNaN();
    expect(result.violations.map((v) => [v.constraint, v.entities])).toEqual([
      ['shape', []],
      ['integrality', ['b']],
      ['integrality', ['c']],
      ['integrality', ['d']],
    ]);
    expect(result.violations[0].message).toBe(
      'the solution gives 3 starts for 4 activities; give exactly one start per activity',
    );
    expect(result.violations[1].message).toBe(
      'activity b has start -1; a start must be a whole number of periods >= 0',
    );
    expect(evaluateRcpsp(instance, {} as never).violations[0].constraint).toBe('shape');
  });

  it('reports a feasibility-only instance with its makespan and feasibilityOnly = 1', () => {
    const result = evaluateRcpsp({ ...instance, objective: 'feasibility' }, { starts: [0, 2, 1, 5] });
    expect(result.objective).toBe(6);
    expect(result.metrics.feasibilityOnly).toBe(1);
  });

  it('lists every broken rule of a badly broken schedule', () => {
    const result = evaluate([3, 0, 0, 0]);
    expect(new Set(result.violations.map((v) => v.constraint))).toEqual(
      new Set(['precedence', 'release', 'disjunctive', 'capacity']),
    );
  });
});

/** The overloaded runs of every resource by a plain period-by-period count: [resource id, first period] each. */
function denseOverloadRuns(instance: RcpspInstance, starts: number[]): [string, number][] {
  const end = Math.max(1, ...instance.activities.map((a, j) => starts[j] + a.duration));
  return instance.resources.flatMap((resource, r) => {
    const over = Array.from({ length: end }, (_, t) => {
      const used = instance.activities.reduce(
        (sum, a, j) => sum + (starts[j] <= t && t < starts[j] + a.duration ? a.demand[r] : 0),
        0,
      );
      return (
        used >
        Math.min(
          resource.capacity,
          ...resource.downtime.filter((w) => w.start <= t && t < w.end).map((w) => w.capacity),
        )
      );
    });
    return over.flatMap((o, t) => (o && (t === 0 || !over[t - 1]) ? [[resource.id, t] as [string, number]] : []));
  });
}

describe('evaluateRcpsp against a plain period-by-period check', () => {
  it('finds the same broken rules on perturbed reference schedules of generated instances', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 40, maxLength: 40 }),
        (seed, level, shifts) => {
          const { instance, reference } = generateRampWithReference({ size: 'small', level, downtimes: 4 }, seed);
          const starts = reference.starts.map((s, j) => Math.max(0, s + shifts[j % shifts.length]));
          const result = evaluateRcpsp(instance, { starts });
          const { activities } = instance;
          const byRule = (rule: string) =>
            result.violations.filter((v) => v.constraint === rule).map((v) => v.entities);
          expect(byRule('capacity').map((e) => [e[0], e[1]])).toEqual(denseOverloadRuns(instance, starts));
          expect(byRule('precedence')).toEqual(
            activities.flatMap((a, i) =>
              a.successors.filter((j) => starts[j] < starts[i] + a.duration).map((j) => [a.id, activities[j].id]),
            ),
          );
          expect(byRule('release')).toEqual(activities.flatMap((a, j) => (starts[j] < a.release ? [[a.id]] : [])));
          expect(byRule('deadline')).toEqual(
            activities.flatMap((a, j) => (starts[j] + a.duration > a.deadline ? [[a.id]] : [])),
          );
          const overlapping = instance.disjunctive.filter(([i, j]) =>
            [...Array(activities[i].duration).keys()].some(
              (k) => starts[i] + k >= starts[j] && starts[i] + k < starts[j] + activities[j].duration,
            ),
          );
          expect(byRule('disjunctive').map((e) => [e[0], e[1]])).toEqual(
            overlapping.map(([i, j]) => [activities[i].id, activities[j].id]),
          );
          expect(result.feasible).toBe(result.violations.length === 0);
          expect(result.objective).toBe(Math.max(...activities.map((a, j) => starts[j] + a.duration)));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('parseRcpspSolution', () => {
  const pathOf = (json: unknown) => inputErrorPath(() => parseRcpspSolution(instance, json));

  // The round trip through serializeRcpspSolution is the family suite's (test/families/rcpsp.test.ts).
  it('reads starts by id', () => {
    expect(parseRcpspSolution(instance, { starts: { a: 0, b: 2, c: 1, d: 5 } })).toEqual({ starts: [0, 2, 1, 5] });
  });

  it('refuses an unknown activity id as an input error at its path, rather than ignoring it', () => {
    expect(pathOf({ starts: { a: 0, b: 2, c: 1, d: 5, ghost: 3 } })).toBe('solution.starts.ghost');
    expect(() => parseRcpspSolution(instance, { starts: { a: 0, b: 2, c: 1, d: 5, x: 1, y: 2 } })).toThrow(
      /unknown activity 'x' \(and 1 more\); instance 'hand'/,
    );
    expect(pathOf({ starts: { a: 0, b: 2, c: 1 } })).toBe('solution.starts.d');
  });
});
