import { describe, expect, it } from 'vitest';
import { SchedlabError } from '../../../src/errors.js';
import { criticalPathBound, topologicalOrder } from '../../../models/rcpsp/bounds.js';
import { evaluateRcpsp } from '../../../models/rcpsp/evaluate.js';
import {
  generateMigrationWithReference,
  generatePsplibLike,
  generateRampWithReference,
  generateRcpsp,
} from '../../../models/rcpsp/generate.js';
import { parseRcpsp, serializeRcpsp, type RcpspInstance } from '../../../models/rcpsp/instance.js';
import { readSm, writeSm } from '../../../models/rcpsp/io.js';

const roundTrip = (instance: RcpspInstance) => parseRcpsp(JSON.parse(JSON.stringify(serializeRcpsp(instance))));
const sizes = ['small', 'medium', 'large'] as const;

describe('generateRcpsp', () => {
  it('is deterministic per seed and differs across seeds, for every kind', () => {
    for (const kind of ['psplib', 'ramp', 'migration'] as const) {
      expect(generateRcpsp({ kind, size: 'small' }, 5)).toEqual(generateRcpsp({ kind, size: 'small' }, 5));
      expect(generateRcpsp({ kind, size: 'small' }, 5)).not.toEqual(generateRcpsp({ kind, size: 'small' }, 6));
    }
  });

  it('refuses unknown kinds, sizes and out-of-range knobs with input errors naming them', () => {
    expect(() => generateRcpsp({ kind: 'nope' as never }, 1)).toThrow(/unknown RCPSP generator kind 'nope'/);
    expect(() => generateRcpsp({ size: 'huge' as never }, 1)).toThrow(/unknown size 'huge'/);
    expect(() => generateRcpsp({ kind: 'ramp', level: 5 }, 1)).toThrow(
      /'level' must be a whole number in 0\.\.4, got 5/,
    );
    expect(() => generateRcpsp({ resourceStrength: 'x' }, 1)).toThrow(SchedlabError);
    expect(generateRcpsp({ kind: 'ramp', level: '2', size: 'small' }, 1).name).toMatch(/^ramp-l2-/);
  });
});

describe('generatePsplibLike', () => {
  it.each(sizes.map((size, k) => [size, [12, 32, 62][k]] as const))(
    '%s has %i activities with dummy source and sink',
    (size, count) => {
      const instance = generatePsplibLike({ size }, 11);
      expect(instance.activities).toHaveLength(count);
      expect(instance.activities[0].duration).toBe(0);
      expect(instance.activities[count - 1]).toMatchObject({ duration: 0, successors: [] });
      expect(topologicalOrder(instance)).toBeDefined();
      // Every job is reachable from the source: only the source has no predecessor.
      const hasPredecessor = new Set(instance.activities.flatMap((a) => a.successors));
      expect(instance.activities.flatMap((_, j) => (hasPredecessor.has(j) ? [] : [j]))).toEqual([0]);
      expect(roundTrip(instance)).toEqual(instance);
      expect(readSm(writeSm(instance))).toEqual(instance);
    },
  );

  it('meets the network complexity and follows resource factor and strength', () => {
    for (const networkComplexity of [1.5, 1.8, 2.1]) {
      const instance = generatePsplibLike({ size: 'medium', networkComplexity }, 3);
      const arcs = instance.activities.reduce((sum, a) => sum + a.successors.length, 0);
      expect(Math.abs(arcs / instance.activities.length - networkComplexity)).toBeLessThan(0.1);
    }
    const full = generatePsplibLike({ size: 'medium', resourceFactor: 1 }, 3);
    expect(full.activities.slice(1, -1).every((a) => a.demand.every((q) => q > 0))).toBe(true);
    const tight = generatePsplibLike({ size: 'medium', resourceStrength: 0 }, 3);
    tight.resources.forEach((res, r) =>
      expect(res.capacity).toBe(Math.max(...tight.activities.map((a) => a.demand[r]))),
    );
    const loose = generatePsplibLike({ size: 'medium', resourceStrength: 1 }, 3);
    // With strength 1 the earliest-start schedule is resource-feasible, so the critical path is optimal.
    const order = topologicalOrder(loose)!;
    const earliest = loose.activities.map(() => 0);
    for (const j of order)
      for (const s of loose.activities[j].successors)
        earliest[s] = Math.max(earliest[s], earliest[j] + loose.activities[j].duration);
    const evaluation = evaluateRcpsp(loose, { starts: earliest });
    expect(evaluation.feasible).toBe(true);
    expect(evaluation.objective).toBe(criticalPathBound(loose));
  });
});

describe('generateRamp', () => {
  it('every level and size is feasible for its reference schedule, and round-trips', () => {
    for (const size of sizes) {
      for (let level = 0; level <= 4; level++) {
        for (const seed of [1, 2, 3]) {
          const { instance, reference } = generateRampWithReference({ size, level }, seed);
          const evaluation = evaluateRcpsp(instance, reference);
          expect(evaluation.violations, instance.name).toEqual([]);
          expect(instance.name).toContain(`-ref${evaluation.objective}`);
          expect(instance.objective).toBe('feasibility');
          expect(roundTrip(instance)).toEqual(instance);
        }
      }
    }
  });

  it('adds one more kind of constraint per level', () => {
    const kinds = (level: number) => {
      const { instance } = generateRampWithReference({ size: 'medium', level }, 4);
      return [
        instance.resources.some((r) => r.downtime.length > 0),
        instance.activities.some((a) => a.release > 0),
        instance.activities.some((a) => Number.isFinite(a.deadline)),
        instance.disjunctive.length > 0,
      ];
    };
    expect([0, 1, 2, 3, 4].map(kinds)).toEqual([
      [false, false, false, false],
      [true, false, false, false],
      [true, true, false, false],
      [true, true, true, false],
      [true, true, true, true],
    ]);
  });

  it('adds k extra non-redundant arcs to the layered DAG', () => {
    const arcs = (extraArcs: number) =>
      generateRampWithReference({ size: 'medium', extraArcs, level: 0 }, 9).instance.activities.reduce(
        (sum, a) => sum + a.successors.length,
        0,
      );
    expect(arcs(10) - arcs(0)).toBe(10);
    expect(generateRampWithReference({ size: 'medium', extraArcs: 10 }, 9).instance.name).toMatch(/-k10-/);
  });
});

describe('generateMigration', () => {
  it('every size is feasible for its reference schedule, with readable ids, and round-trips', () => {
    for (const size of sizes) {
      for (const seed of [1, 2, 3, 4]) {
        const { instance, reference } = generateMigrationWithReference({ size }, seed);
        expect(evaluateRcpsp(instance, reference).violations, instance.name).toEqual([]);
        expect(roundTrip(instance)).toEqual(instance);
      }
    }
    const { instance } = generateMigrationWithReference({ racks: 4, feeds: 2 }, 1);
    expect(instance.activities.map((a) => a.id).slice(0, 6)).toEqual([
      'site.prepare',
      'rack1.decommission',
      'rack1.move',
      'rack1.recable',
      'rack1.test',
      'rack2.decommission',
    ]);
    expect(instance.resources.map((r) => r.id)).toEqual(['crew', 'lift', 'bench']);
    expect(instance.disjunctive).toHaveLength(2);
    for (const [i, j] of instance.disjunctive)
      expect([instance.activities[i].id, instance.activities[j].id].every((id) => id.endsWith('.recable'))).toBe(true);
  });

  it('turns freeze windows into release dates and deadlines of decommission and move activities', () => {
    const { instance } = generateMigrationWithReference({ size: 'medium', freezeWindows: 2 }, 2);
    const windowed = instance.activities.filter((a) => a.release > 0 || Number.isFinite(a.deadline));
    expect(windowed.length).toBeGreaterThan(0);
    expect(windowed.every((a) => /\.(decommission|move)$/.test(a.id))).toBe(true);
  });
});
