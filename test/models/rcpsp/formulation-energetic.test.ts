import { describe, expect, it } from 'vitest';
import { solve } from '../../../src/solve/solve.js';
import { evaluateRcpsp } from '../../../models/rcpsp/evaluate.js';
import { formulateRcpsp } from '../../../models/rcpsp/formulation.js';
import {
  energeticContext,
  propagateWindows,
  refutationBound,
  strongWindows,
} from '../../../models/rcpsp/formulation/energetic.js';
import { activityWindows } from '../../../models/rcpsp/formulation/windows.js';
import { generateRcpsp } from '../../../models/rcpsp/generate.js';
import { rcpspHeuristics } from '../../../models/rcpsp/heuristics.js';
import { parseRcpsp, type RcpspInstance, type RcpspSolution } from '../../../models/rcpsp/instance.js';
import { heuristicContext } from '../../support/heuristics.js';

/** Two activities that need the whole crew of two, and one that needs half of it. */
function crew(extra: { downtime?: { start: number; end: number; capacity: number }[] } = {}): RcpspInstance {
  return parseRcpsp({
    name: 'crew',
    resources: [{ id: 'crew', capacity: 2, downtime: extra.downtime ?? [] }],
    activities: [
      { id: 'a', duration: 3, demand: { crew: 2 }, successors: [] },
      { id: 'b', duration: 2, demand: { crew: 2 }, successors: [] },
      { id: 'c', duration: 4, demand: { crew: 1 }, successors: [] },
    ],
  });
}

const inside = (windows: { earliest: number[]; latest: number[] }, schedule: RcpspSolution) =>
  schedule.starts.every((s, j) => windows.earliest[j] <= s && s <= windows.latest[j]);

const generated: [string, RcpspInstance][] = [1, 2, 3].flatMap(
  (seed) =>
    [
      [`psplib-like seed ${seed}`, generateRcpsp({ kind: 'psplib', size: 'small' }, seed)],
      // Ramps default to the feasibility objective; makespan gives these checks a horizon to test.
      [`ramp seed ${seed}`, generateRcpsp({ kind: 'ramp', size: 'small', level: 3, objective: 'makespan' }, seed)],
      [`migration seed ${seed}`, generateRcpsp({ kind: 'migration', size: 'small' }, seed)],
    ] as [string, RcpspInstance][],
);

describe('energetic reasoning on the windows', () => {
  it('refutes a horizon the energy cannot fit, and keeps one a schedule meets', () => {
    // Energy 3*2 + 2*2 + 4*1 = 14 > 2 * 6, so nothing ends by 6; no two overlap, so a, b, c in sequence end at 9.
    expect(strongWindows(crew(), 6, performance.now() + 1000).empty).toBe(true);
    expect(strongWindows(crew(), 9, performance.now() + 1000).empty).toBe(false);
  });

  it('narrows a window that the plain windows leave open', () => {
    const instance = crew({ downtime: [{ start: 0, end: 2, capacity: 1 }] });
    const plain = activityWindows(instance, 9);
    const strong = strongWindows(instance, 9, performance.now() + 1000);
    const size = (w: { earliest: number[]; latest: number[] }) =>
      w.earliest.reduce((sum, e, j) => sum + w.latest[j] - e + 1, 0);
    expect(strong.empty).toBe(false);
    expect(size(strong)).toBeLessThan(size(plain));
  });

  it('propagateWindows reports an overloaded interval', () => {
    const instance = crew();
    // a and b both fixed to start at 0: the interval [0, 2) needs 8 units of a capacity of 4.
    expect(propagateWindows(energeticContext(instance, 9), { est: [0, 0, 0], lst: [0, 0, 5] })).toBe(false);
  });

  it('reasons on a conflict clique as on a machine: three pairwise-exclusive activities need 6 periods', () => {
    // Each pair needs 4 of a capacity of 3, so at most one runs at a time; the crew's energy (12 <= 3 * 5) does not see it.
    const instance = parseRcpsp({
      name: 'clique',
      resources: [{ id: 'crew', capacity: 3 }],
      activities: ['a', 'b', 'c'].map((id) => ({ id, duration: 2, demand: { crew: 2 }, successors: [] })),
    });
    expect(propagateWindows(energeticContext(instance, 5), { est: [0, 0, 0], lst: [3, 3, 3] })).toBe(false);
    expect(propagateWindows(energeticContext(instance, 6), { est: [0, 0, 0], lst: [4, 4, 4] })).toBe(true);
  });

  it.each(generated)('%s: a heuristic schedule lies inside the strong windows of its own makespan', (_, instance) => {
    const schedule = rcpspHeuristics.default(instance, heuristicContext(7, 0.1));
    const evaluation = evaluateRcpsp(instance, schedule);
    // Every generated instance is feasible by construction and every heuristic finds a feasible schedule.
    expect(instance.objective).toBe('makespan');
    expect(evaluation.violations).toEqual([]);
    const windows = strongWindows(instance, evaluation.objective, performance.now() + 2000);
    expect(windows.empty).toBe(false);
    expect(inside(windows, schedule)).toBe(true);
    expect(refutationBound(instance, 0, evaluation.objective, performance.now() + 2000)).toBeLessThanOrEqual(
      evaluation.objective,
    );
  });

  it.each(generated.slice(1, 4))(
    '%s: the MIP with shaved windows reaches the optimum of the plain MIP',
    async (_, instance) => {
      expect(instance.objective).toBe('makespan');
      const plain = await solve(formulateRcpsp(instance).model, { solver: 'highs', timeLimitSec: 20 });
      const shaved = formulateRcpsp(instance, { shaveMs: 2000 });
      const result = await solve(shaved.model, { solver: 'highs', timeLimitSec: 20 });
      // Ten activities: the plain MIP proves its optimum well within the limit.
      expect(plain.termination).toBe('optimal');
      expect(result.termination).toBe('optimal');
      expect(result.objective).toBe(plain.objective);
      expect(evaluateRcpsp(instance, shaved.decode(result.values)).objective).toBe(plain.objective);
    },
  );
});
