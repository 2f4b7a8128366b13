import { describe, expect, it } from 'vitest';
import { solveLexicographic } from '../../../src/solve/lexicographic.js';
import { generatePodPacking } from '../../../models/pod-packing/generate.js';
import { formulatePodPacking } from '../../../models/pod-packing/formulation.js';
import { kubeScheduler } from '../../../models/pod-packing/heuristics/kube-scheduler.js';
import { lexicographicVector, solvePodPackingLexicographic } from '../../../models/pod-packing/lexicographic.js';
import { cluster, node, pod } from './support.js';

describe('tier levels', () => {
  it('one weighted solve per tier, and two solves per tier, reach the same optimum as placed-then-disruption solves', async () => {
    for (let seed = 1; seed <= 3; seed++) {
      const instance = generatePodPacking({ nodes: 3, podsPerNode: 4, priorities: 2, utilization: 1.05 }, seed);
      const baseline = kubeScheduler(instance);
      const mip = formulatePodPacking(instance, { incumbent: baseline });
      const objectives = mip.tiers.flatMap((priority, k) => [
        { name: `placed.p${priority}`, sense: 'max' as const, expr: mip.placedAtLeast[k], absoluteTolerance: 0.5 },
        {
          name: `disruption.p${priority}`,
          sense: 'min' as const,
          expr: mip.disruptionAtLeast[k],
          absoluteTolerance: 0.5,
        },
      ]);
      const sequential = await solveLexicographic(mip.model, objectives, { timeLimitSec: 20, warmStart: mip.start! });
      expect(sequential.levels.every((level) => level.proven)).toBe(true);
      for (const split of [false, true]) {
        const report = await solvePodPackingLexicographic(instance, {
          timeLimitSec: 20,
          heuristicStarts: false,
          split,
        });
        expect(report.proven).toBe(true);
        expect(report.start).toBe('given');
        expect(lexicographicVector(instance, report.solution!), `seed ${seed}, split ${split}`).toEqual(
          sequential.levels.map((level, i) => (i % 2 === 0 ? level.value : -level.value)),
        );
      }
    }
  });

  it('a tier whose start places every pod without disruption is proven by counting, without a solve', async () => {
    const instance = cluster(
      [node('a'), node('b', { cpu: '1' })],
      [
        pod('high', { priority: 1000 }),
        pod('low1', { cpu: '2' }),
        pod('low2', { cpu: '2' }),
        pod('low3', { cpu: '2' }),
      ],
    );
    const report = await solvePodPackingLexicographic(instance, { timeLimitSec: 10 });
    expect(report.tiers.map((t) => [t.priority, t.placed, t.placedProven, t.disruption, t.disruptionProven])).toEqual([
      [1000, 1, true, 0, true],
      [0, 3, true, 0, true],
    ]);
    // Placed counts the tier and above. The top tier needs no solve; the low tier needs one to prove that the third low pod fits nowhere.
    expect(report.solves).toBe(1);
  });
});
