/**
 * Pod packing's own promises; the generic ones (JSON round trips, every answer feasible on
 * small instances, default the best of the baselines, ...) are the family suite's
 * (test/families/pod-packing.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { family } from '../../../models/pod-packing/index.js';
import { generatePodPacking } from '../../../models/pod-packing/generate.js';
import { parsePodPacking } from '../../../models/pod-packing/instance.js';
import { inputErrorPath } from '../../support/errors.js';
import { heuristicContext } from '../../support/heuristics.js';
import { withConstraints } from './support.js';

describe('instances', () => {
  it('names the path of a bad field', () => {
    const nodes = [{ name: 'n', cpu: '1', memory: '1Gi' }];
    expect(inputErrorPath(() => parsePodPacking({ nodes, pods: [{ name: 'p', cpu: '1x' }] }))).toBe('data.pods[0].cpu');
    expect(inputErrorPath(() => parsePodPacking({ nodes: [{ cpu: 1, memory: 1 }], pods: [] }))).toBe(
      'data.nodes[0].name',
    );
    expect(inputErrorPath(() => parsePodPacking({ nodes, pods: [{ name: 'p', node: 'x' }] }))).toBe(
      'data.pods[0].node',
    );
    expect(
      inputErrorPath(() =>
        parsePodPacking({ nodes, pods: [{ name: 'p', affinity: [[{ key: 'k', operator: 'In' }]] }] }),
      ),
    ).toBe('data.pods[0].affinity[0][0].values');
    expect(
      inputErrorPath(() => family.parseSolution(parsePodPacking({ nodes, pods: [] }), { placement: { ghost: 'n' } })),
    ).toBe('solution.placement.ghost');
  });

  it('generates the grid: sizes, priorities, request ranges and utilization', () => {
    const params = { nodes: 8, podsPerNode: 4, priorities: 4, utilization: 0.95 };
    const instance = generatePodPacking(params, 11);
    expect(instance.nodes).toHaveLength(8);
    expect(instance.pods).toHaveLength(32);
    expect(new Set(instance.pods.map((p) => p.priority)).size).toBeLessThanOrEqual(4);
    for (const pod of instance.pods) {
      expect(pod.cpu).toBeGreaterThanOrEqual(100);
      expect(pod.cpu).toBeLessThanOrEqual(1000);
      // 100-1000 decimal MB, whole megabytes.
      expect(pod.memory % 1e6).toBe(0);
      expect(pod.memory / 1e6).toBeGreaterThanOrEqual(100);
      expect(pod.memory / 1e6).toBeLessThanOrEqual(1000);
    }
    const requested = instance.pods.reduce((t, p) => t + p.cpu, 0);
    const capacity = instance.nodes.reduce((t, n) => t + n.cpu, 0);
    expect(requested / capacity).toBeGreaterThan(0.85);
    expect(requested / capacity).toBeLessThanOrEqual(0.95);
    expect(() => generatePodPacking({ nodes: 0 }, 1)).toThrow(/nodes/);
  });
});

describe('heuristics', () => {
  // Broader than the suite's few instances: random grids with taints, selectors, tolerations and protected pods.
  it('every heuristic solution passes the evaluator', () => {
    fc.assert(
      fc.property(
        fc.record({
          nodes: fc.integer({ min: 1, max: 8 }),
          podsPerNode: fc.integer({ min: 1, max: 8 }),
          priorities: fc.integer({ min: 1, max: 4 }),
          utilization: fc.double({ min: 0.7, max: 1.3, noNaN: true }),
          runningShare: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        fc.integer({ min: 0, max: 1e6 }),
        (params, seed) => {
          const instance = withConstraints(generatePodPacking(params, seed), seed);
          for (const [name, heuristic] of Object.entries(family.heuristics)) {
            const evaluation = family.evaluate(instance, heuristic(instance, heuristicContext(seed)));
            expect(evaluation.violations, name).toEqual([]);
          }
        },
      ),
      { numRuns: 60, seed: 20240501 },
    );
  });

  it('default beats the kube-scheduler where a move places a pod that preemption cannot', () => {
    // 1 CPU free on each node and the new pod needs 2; it has the running pods' priority, so
    // preemption may not evict them: the scheduler leaves it pending, repack-decreasing
    // moves b2 to a and places it.
    const run = { owner: 'rs', priority: 100, movable: true, evictable: true };
    const instance = parsePodPacking({
      nodes: [
        { name: 'a', cpu: '3', memory: '8Gi' },
        { name: 'b', cpu: '3', memory: '8Gi' },
      ],
      pods: [
        { name: 'a1', cpu: '2', memory: '1Gi', node: 'a', ...run },
        { name: 'b1', cpu: '1', memory: '1Gi', node: 'b', ...run },
        { name: 'b2', cpu: '1', memory: '1Gi', node: 'b', ...run },
        { name: 'new', cpu: '2', memory: '1Gi', priority: 100 },
      ],
    });
    const context = heuristicContext(1);
    const scheduler = family.evaluate(instance, family.heuristics['kube-scheduler'](instance, context));
    const best = family.evaluate(instance, family.heuristics.default(instance, context));
    expect(scheduler.metrics).toMatchObject({ 'placed.p100': 3, pending: 1 });
    expect(best.metrics).toMatchObject({ 'placed.p100': 4, moves: 1, evictions: 0 });
    expect(best.objective).toBeGreaterThan(scheduler.objective);
  });
});
