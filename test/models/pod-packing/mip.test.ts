import { describe, expect, it } from 'vitest';
import { solve } from '../../../src/solve/solve.js';
import { family } from '../../../models/pod-packing/index.js';
import { generatePodPacking } from '../../../models/pod-packing/generate.js';
import { formulatePodPacking } from '../../../models/pod-packing/formulation.js';
import { kubeScheduler } from '../../../models/pod-packing/heuristics/kube-scheduler.js';
import {
  compareLexicographic,
  lexicographicVector,
  solvePodPackingLexicographic,
} from '../../../models/pod-packing/lexicographic.js';
import { placedByTier } from '../../../models/pod-packing/evaluate.js';
import { cluster, node, pod, where } from './support.js';
import { heuristicContext } from '../../support/heuristics.js';

const context = () => heuristicContext(1);

describe('lexicographic MIP', () => {
  it('moves a pod to place a pending high-priority pod that the scheduler cannot place', () => {
    // Fragmentation: 1 CPU free on each node, the critical pod needs 2; the running pods may
    // move but not be evicted, so preemption cannot help and only a move does.
    const keep = { owner: 'rs', priority: 100, movable: true, evictable: false };
    const instance = cluster(
      [node('a', { cpu: '3' }), node('b', { cpu: '3' })],
      [
        pod('a1', { cpu: '2', node: 'a', ...keep }),
        pod('b1', { cpu: '1', node: 'b', ...keep }),
        pod('b2', { cpu: '1', node: 'b', ...keep }),
        pod('critical', { cpu: '2', priority: 1000 }),
      ],
    );
    expect(where(instance, kubeScheduler(instance).assignment).critical).toBe('-');
    return solvePodPackingLexicographic(instance, { timeLimitSec: 20 }).then((report) => {
      const evaluation = family.evaluate(instance, report.solution!);
      expect(evaluation.feasible).toBe(true);
      expect(evaluation.metrics).toMatchObject({ 'placed.p1000': 1, 'placed.p100': 3, moves: 1, evictions: 0 });
      expect(report.tiers).toEqual([
        { priority: 1000, placed: 1, placedProven: true, disruption: 0, disruptionProven: true },
        { priority: 100, placed: 4, placedProven: true, disruption: 2, disruptionProven: true },
      ]);
      expect(report.proven).toBe(true);
    });
  });

  it('never places fewer pods of a tier than the default scheduler, and passes the evaluator', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const instance = generatePodPacking({ nodes: 4, podsPerNode: 6, priorities: 3, utilization: 1.05 }, seed);
      const baseline = kubeScheduler(instance);
      // A short limit: the guarantee must hold whenever the MIP stops, proven or not.
      const report = await solvePodPackingLexicographic(instance, {
        timeLimitSec: 0.5,
        heuristicStarts: seed % 2 === 0,
      });
      expect(family.evaluate(instance, report.solution!).violations).toEqual([]);
      const mine = lexicographicVector(instance, report.solution!);
      const theirs = lexicographicVector(instance, baseline);
      expect(compareLexicographic(mine, theirs), `seed ${seed}`).toBeGreaterThanOrEqual(0);
      // The highest tier is never worse; a lower tier is worse only if a higher tier is better.
      const [a, b] = [
        placedByTier(instance, family.evaluate(instance, report.solution!)),
        placedByTier(instance, family.evaluate(instance, baseline)),
      ];
      const first = a.findIndex((count, k) => count !== b[k]);
      if (first >= 0) expect(a[first]).toBeGreaterThan(b[first]);
    }
  });

  it('the weighted MIP alone places strictly more than the scheduler where only a move helps', async () => {
    const keep = { owner: 'rs', priority: 100, movable: true, evictable: false };
    const instance = cluster(
      [node('a', { cpu: '3' }), node('b', { cpu: '3' })],
      [
        pod('a1', { cpu: '2', node: 'a', ...keep }),
        pod('b1', { cpu: '1', node: 'b', ...keep }),
        pod('b2', { cpu: '1', node: 'b', ...keep }),
        pod('critical', { cpu: '2', priority: 1000 }),
      ],
    );
    // No incumbent: the MIP finds the move itself.
    const mip = formulatePodPacking(instance);
    const result = await solve(mip.model, { timeLimitSec: 10, solverOptions: mip.solverOptions });
    const [mine, theirs] = [mip.decode(result.values), kubeScheduler(instance)];
    expect(where(instance, theirs.assignment).critical).toBe('-');
    expect(where(instance, mine.assignment).critical).not.toBe('-');
    expect(compareLexicographic(lexicographicVector(instance, mine), lexicographicVector(instance, theirs))).toBe(1);
  });

  it('the weighted MIP reaches the evaluator objective it reports and beats every heuristic', async () => {
    for (let seed = 1; seed <= 3; seed++) {
      const instance = generatePodPacking({ nodes: 3, podsPerNode: 5, priorities: 2, utilization: 1.05 }, seed);
      const incumbent = family.heuristics.default(instance, context());
      const mip = formulatePodPacking(instance, { incumbent });
      const result = await solve(mip.model, { timeLimitSec: 20, ...(mip.start ? { warmStart: mip.start } : {}) });
      expect(result.termination).toBe('optimal');
      const evaluation = family.evaluate(instance, mip.decode(result.values));
      expect(evaluation.feasible).toBe(true);
      expect(evaluation.objective).toBeCloseTo(result.objective, 6);
      for (const heuristic of Object.values(family.heuristics)) {
        expect(evaluation.objective).toBeGreaterThanOrEqual(
          family.evaluate(instance, heuristic(instance, context())).objective - 1e-9,
        );
      }
      expect(mip.encode(incumbent)).toBeDefined();
    }
  });

  it('the exact method reports proven optimality', async () => {
    const instance = generatePodPacking({ size: 'small' }, 2);
    const { solution, proven } = await family.exact!.lexicographic.solve(instance, { timeLimitSec: 20 });
    expect(proven).toBe(true);
    expect(family.evaluate(instance, solution!).feasible).toBe(true);
  });

  it('the exact method proves that no placement exists when protected running pods overfill a node', async () => {
    const fixed = { owner: 'rs', priority: 100, movable: false, evictable: false };
    const instance = family.parse({
      nodes: [{ name: 'n', cpu: '1', memory: '4Gi' }],
      pods: [
        { name: 'a', cpu: '1', memory: '1Gi', node: 'n', ...fixed },
        { name: 'b', cpu: '1', memory: '1Gi', node: 'n', ...fixed },
      ],
    });
    const report = await solvePodPackingLexicographic(instance, { timeLimitSec: 10 });
    expect(report).toMatchObject({ solution: undefined, proven: true, start: 'none' });
    // With room for both, the same pods have a placement, and the method finds it.
    const relieved = family.parse({
      ...(family.serialize(instance) as object),
      nodes: [{ name: 'n', cpu: '2', memory: '4Gi' }],
    });
    const feasible = await solvePodPackingLexicographic(relieved, { timeLimitSec: 10 });
    expect(family.evaluate(relieved, feasible.solution!).feasible).toBe(true);
  });
});
