import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRcpsp } from '../../../models/rcpsp/evaluate.js';
import { geneticHeuristic, rcpspHeuristics } from '../../../models/rcpsp/heuristics.js';
import type { RcpspInstance } from '../../../models/rcpsp/instance.js';
import { brokenRules, criticalPath, makespanOf, seededRng } from './heuristics-support.js';

/** Small instances with every constraint kind except deadlines: DAG, 1-3 resources, downtime, releases, disjunctive pairs. */
const instances: fc.Arbitrary<RcpspInstance> = fc
  .record({
    n: fc.integer({ min: 2, max: 9 }),
    capacities: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  })
  .map(({ n, capacities, seed }) => {
    const rng = seededRng(seed);
    const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
    const activities = Array.from({ length: n }, (_, i) => ({
      id: `a${i}`,
      duration: int(0, 5),
      demand: capacities.map((c) => (rng() < 0.6 ? int(0, c) : 0)),
      successors: Array.from({ length: n - i - 1 }, (_, k) => i + 1 + k).filter(() => rng() < 0.25),
      release: rng() < 0.3 ? int(1, 6) : 0,
      deadline: Infinity,
    }));
    const resources = capacities.map((capacity, r) => ({
      id: `r${r}`,
      capacity,
      downtime: Array.from({ length: int(0, 2) }, () => {
        const start = int(0, 10);
        return { start, end: start + int(1, 4), capacity: int(0, capacity - 1) };
      }),
    }));
    const disjunctive = Array.from({ length: int(0, 3) }, (): [number, number] => [int(0, n - 1), int(0, n - 1)]).filter(([a, b]) => a !== b);
    return { name: `random-${seed}`, objective: 'makespan' as const, resources, activities, disjunctive };
  });

const methods = { ...rcpspHeuristics, default: geneticHeuristic({ maxSchedules: 1_500 }), genetic: geneticHeuristic({ maxSchedules: 1_500 }) };

describe('RCPSP heuristics on random instances (fast-check)', () => {
  for (const [name, heuristic] of Object.entries(methods)) {
    it(`${name}: feasible, at least the critical path, and repeatable with the same seed`, () => {
      fc.assert(
        fc.property(instances, fc.integer({ min: 1, max: 1_000_000 }), (instance, seed) => {
          const ctx = () => ({ rng: seededRng(seed), deadline: Date.now() + 60_000 });
          const solution = heuristic(instance, ctx());
          expect(brokenRules(instance, solution)).toEqual([]);
          expect(evaluateRcpsp(instance, solution).violations).toEqual([]);
          expect(makespanOf(instance, solution)).toBeGreaterThanOrEqual(criticalPath(instance));
          expect(heuristic(instance, ctx()).starts).toEqual(solution.starts);
        }),
        { numRuns: 100, seed: Number(process.env.FC_SEED ?? Date.now()) },
      );
    });
  }

  it('every heuristic keeps all other rules when deadlines are added, and default is repeatable', () => {
    const withDeadlines = fc.tuple(instances, fc.integer({ min: 1, max: 1_000_000 })).map(([instance, seed]) => {
      const rng = seededRng(seed);
      const activities = instance.activities.map((a) => (rng() < 0.4 ? { ...a, deadline: a.release + a.duration + Math.floor(rng() * 8) } : a));
      return { ...instance, activities, objective: rng() < 0.5 ? ('feasibility' as const) : ('makespan' as const) };
    });
    fc.assert(
      fc.property(withDeadlines, fc.integer({ min: 1, max: 1_000_000 }), (instance, seed) => {
        const ctx = () => ({ rng: seededRng(seed), deadline: Date.now() + 60_000 });
        for (const heuristic of Object.values(methods)) {
          const solution = heuristic(instance, ctx());
          expect(brokenRules(instance, solution)).toEqual([]);
        }
        expect(methods.default(instance, ctx()).starts).toEqual(methods.default(instance, ctx()).starts);
      }),
      { numRuns: 60, seed: Number(process.env.FC_SEED ?? Date.now()) },
    );
  });
});
