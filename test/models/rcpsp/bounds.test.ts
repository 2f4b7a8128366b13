import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { criticalPathBound, lowerBound, resourceBound, timeWindows } from '../../../models/rcpsp/bounds.js';
import { generateMigrationWithReference, generateRampWithReference } from '../../../models/rcpsp/generate.js';
import { parseRcpsp } from '../../../models/rcpsp/instance.js';
import { readSm } from '../../../models/rcpsp/io.js';

const oneResource = (
  capacity: number,
  downtime: { start: number; end: number; capacity: number }[],
  durations: number[],
) =>
  parseRcpsp({
    resources: [{ id: 'R', capacity, downtime }],
    activities: durations.map((duration, k) => ({ id: `a${k}`, duration, demand: { R: 1 } })),
  });

describe('criticalPathBound', () => {
  it('is the longest path with durations, from the release dates', () => {
    const instance = parseRcpsp({
      resources: [],
      activities: [
        { id: 'a', duration: 2, successors: ['b', 'c'] },
        { id: 'b', duration: 3, successors: ['d'] },
        { id: 'c', duration: 1, successors: ['d'], release: 6 },
        { id: 'd', duration: 2 },
      ],
    });
    // a: 0..2, b: 2..5, c: 6..7 (released at 6), d: 7..9.
    expect(criticalPathBound(instance)).toBe(9);
  });

  it('is Infinity when precedence has a cycle (an instance built in code: parseRcpsp refuses one)', () => {
    const acyclic = parseRcpsp({
      resources: [],
      activities: [
        { id: 'a', duration: 1, successors: ['b'] },
        { id: 'b', duration: 1 },
      ],
    });
    const cyclic = {
      ...acyclic,
      activities: acyclic.activities.map((a, j) => (j === 1 ? { ...a, successors: [0] } : a)),
    };
    expect(criticalPathBound(cyclic)).toBe(Infinity);
    expect(() => timeWindows(cyclic, 10)).toThrow(/cycle a → b → a/);
  });
});

describe('resourceBound', () => {
  it('is ceil(energy / capacity) without downtime', () => {
    // Energy 2 * (3 + 4) = 14 on capacity 4: ceil(3.5) = 4.
    const instance = parseRcpsp({
      resources: [{ id: 'R', capacity: 4 }],
      activities: [
        { id: 'a', duration: 3, demand: { R: 2 } },
        { id: 'b', duration: 4, demand: { R: 2 } },
      ],
    });
    expect(resourceBound(instance)).toBe(4);
  });

  it('skips the capacity lost to downtime', () => {
    // Capacity 2, down to 0 in periods 0..2: energy 5 is covered by periods 3, 4, 5, so T = 6.
    expect(resourceBound(oneResource(2, [{ start: 0, end: 3, capacity: 0 }], [5]))).toBe(6);
    // Capacity 2, 1 in periods 2..3: 2 + 2 + 1 + 1 = 6 < 7 by T = 4, and 8 >= 7 by T = 5.
    expect(resourceBound(oneResource(2, [{ start: 2, end: 4, capacity: 1 }], [7]))).toBe(5);
  });

  it('starts counting at the earliest release among the resource users', () => {
    const instance = parseRcpsp({
      resources: [{ id: 'R', capacity: 1 }],
      activities: [
        { id: 'a', duration: 2, demand: { R: 1 }, release: 3 },
        { id: 'b', duration: 2, demand: { R: 1 }, release: 4 },
      ],
    });
    expect(resourceBound(instance)).toBe(7);
  });

  it('is Infinity for a resource that is used but has no capacity', () => {
    expect(resourceBound(oneResource(0, [], [1]))).toBe(Infinity);
  });
});

describe('lowerBound', () => {
  it('is the larger of the two bounds', () => {
    // Three unit-demand activities of 2 on capacity 1: energy 6, critical path 2.
    const instance = oneResource(1, [], [2, 2, 2]);
    expect(criticalPathBound(instance)).toBe(2);
    expect(lowerBound(instance)).toBe(6);
  });
});

describe('timeWindows', () => {
  it('is CPM with the horizon, tightened by the energy of predecessors and successors', () => {
    // p precedes q and s, which precede t; p, q, s use a capacity-1 resource.
    const instance = parseRcpsp({
      resources: [{ id: 'R', capacity: 1 }],
      activities: [
        { id: 'p', duration: 2, demand: { R: 1 }, successors: ['q', 's'] },
        { id: 'q', duration: 3, demand: { R: 1 }, successors: ['t'] },
        { id: 's', duration: 1, demand: { R: 1 }, successors: ['t'] },
        { id: 't', duration: 2 },
      ],
    });
    const { earliest, latest } = timeWindows(instance, 12);
    // t cannot start before p, q and s (energy 6) fit on the resource: 6, not CPM's 5.
    expect(earliest).toEqual([0, 2, 2, 6]);
    // t by 10; q by 7, s by 9; p finishes by 12 - 4 = 8, and before q's latest start: 5.
    expect(latest).toEqual([5, 7, 9, 10]);
  });

  it('counts the activity itself and downtime in the energy tightening', () => {
    // Capacity 2, down to 0 in periods 8..9, horizon 10: b (demand 2) must run by period 7, a before it.
    const instance = parseRcpsp({
      resources: [{ id: 'R', capacity: 2, downtime: [{ start: 8, end: 10, capacity: 0 }] }],
      activities: [
        { id: 'a', duration: 2, demand: { R: 1 }, successors: ['b'] },
        { id: 'b', duration: 2, demand: { R: 2 } },
      ],
    });
    expect(timeWindows(instance, 10)).toEqual({ earliest: [0, 2], latest: [4, 6] });
  });

  it('applies release dates and deadlines', () => {
    const instance = parseRcpsp({
      resources: [],
      activities: [
        { id: 'a', duration: 2, release: 3, deadline: 8, successors: ['b'] },
        { id: 'b', duration: 1 },
      ],
    });
    expect(timeWindows(instance, 20)).toEqual({ earliest: [3, 5], latest: [6, 19] });
  });
});

const j30 = resolve(__dirname, '../../../../shared/data/psplib/j30');
const optimaFile = join(j30, 'optimum.csv');
if (!existsSync(optimaFile)) console.log(`skipping PSPLIB bound checks: ${optimaFile} not found`);
describe.skipIf(!existsSync(optimaFile))('bounds on PSPLIB j30', () => {
  it('never exceed the proven optimum, and the windows at the optimum are non-empty', () => {
    const rows = readFileSync(optimaFile, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    let tight = 0;
    for (const [file, value] of rows) {
      const optimum = Number(value);
      const instance = readSm(readFileSync(join(j30, file), 'utf8'));
      const bound = lowerBound(instance);
      expect(bound, file).toBeLessThanOrEqual(optimum);
      if (bound === optimum) tight++;
      const { earliest, latest } = timeWindows(instance, optimum);
      earliest.forEach((e, j) => expect(e, `${file} activity ${j + 1}`).toBeLessThanOrEqual(latest[j]));
    }
    expect(tight).toBeGreaterThan(0);
  });
});

describe('bounds on generated instances with a known feasible schedule', () => {
  it('the lower bound never exceeds it, and its starts lie inside the time windows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 4 }),
        fc.boolean(),
        (seed, level, migration) => {
          const { instance, reference } = migration
            ? generateMigrationWithReference({ size: 'small' }, seed)
            : generateRampWithReference({ size: 'small', level, downtimes: 6 }, seed);
          const makespan = Math.max(...instance.activities.map((a, j) => reference.starts[j] + a.duration));
          expect(lowerBound(instance)).toBeLessThanOrEqual(makespan);
          const { earliest, latest } = timeWindows(instance, makespan);
          reference.starts.forEach((s, j) => {
            expect(s).toBeGreaterThanOrEqual(earliest[j]);
            expect(s).toBeLessThanOrEqual(latest[j]);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
