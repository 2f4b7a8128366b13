/**
 * Properties of the performance profile over random runs (fast-check, fixed seed): each
 * curve rises from its first tau to at most 1; on every instance that some method solved, at
 * least one method is the best (ratio 1); and for positive objectives the profile does not
 * change when an instance's objectives are all scaled by one factor (the ratio is scale-free).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ProfileRun, performanceProfile, performanceRatios } from '../../src/report/profile.js';

const methods = ['a', 'b', 'c'];

/** Per instance, per method: an objective or a failure (null). */
const runsArbitrary = (objective: fc.Arbitrary<number>) =>
  fc
    .array(fc.array(fc.option(objective, { nil: null }), { minLength: 3, maxLength: 3 }), {
      minLength: 1,
      maxLength: 12,
    })
    .map((table) =>
      table.flatMap((row, i) =>
        row.map(
          (value, m): ProfileRun => ({
            instance: `i${i}`,
            method: methods[m],
            objective: value,
            feasible: value !== null,
          }),
        ),
      ),
    );

const anyObjective = fc.integer({ min: -1000, max: 1000 });
const positiveObjective = fc.integer({ min: 1, max: 1000 });

describe('the performance profile, on random runs', () => {
  it('rises, starts at tau >= 1 and ends at a share of at most 1', () => {
    fc.assert(
      fc.property(runsArbitrary(anyObjective), fc.constantFrom<'min' | 'max'>('min', 'max'), (runs, sense) => {
        for (const { points } of performanceProfile(runs, sense)) {
          for (let k = 1; k < points.length; k++) {
            expect(points[k].x).toBeGreaterThan(points[k - 1].x);
            expect(points[k].share).toBeGreaterThan(points[k - 1].share);
          }
          if (points.length > 0) expect(points[0].x).toBeGreaterThanOrEqual(1);
          expect(points.at(-1)?.share ?? 0).toBeLessThanOrEqual(1);
        }
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('gives ratio 1 to some method on every instance that any method solved', () => {
    fc.assert(
      fc.property(runsArbitrary(anyObjective), fc.constantFrom<'min' | 'max'>('min', 'max'), (runs, sense) => {
        const { instances, ratios } = performanceRatios(runs, sense);
        const solved = new Set(runs.filter((run) => run.feasible).map((run) => run.instance)).size;
        const columns = [...ratios.values()];
        const best = Array.from({ length: instances }, (_, p) => columns.some((column) => column[p] === 1));
        expect(best.filter(Boolean).length).toBe(solved);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('does not change when the objectives of an instance are scaled together (positive objectives)', () => {
    fc.assert(
      fc.property(runsArbitrary(positiveObjective), fc.integer({ min: 2, max: 50 }), (runs, factor) => {
        const scaled = runs.map((run) =>
          run.instance === 'i0' && run.objective !== null ? { ...run, objective: run.objective * factor } : run,
        );
        for (const sense of ['min', 'max'] as const) {
          const before = performanceProfile(runs, sense);
          const after = performanceProfile(scaled, sense);
          expect(after.map((s) => s.points.map((p) => p.share))).toEqual(
            before.map((s) => s.points.map((p) => p.share)),
          );
          after.forEach((s, k) => s.points.forEach((p, j) => expect(p.x).toBeCloseTo(before[k].points[j].x, 9)));
        }
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});
