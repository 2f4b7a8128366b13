// One hand-made broken placement per rule of the evaluator.
import { describe, expect, it } from 'vitest';
import { evaluatePodPacking } from '../../../models/pod-packing/evaluate.js';
import { cluster, node, pod } from './support.js';

const base = () =>
  cluster(
    [
      node('a', { cpu: '2', pods: 3 }),
      node('b', { labels: { disktype: 'ssd' }, taints: [{ key: 'gpu', effect: 'NoSchedule' }] }),
    ],
    [
      pod('fixed', { node: 'a', movable: false, evictable: false }),
      pod('stayOrGo', { node: 'a', movable: false, evictable: true }),
      pod('mustRun', { node: 'b', movable: true, evictable: false, tolerations: [{ key: 'gpu', operator: 'Exists' }] }),
      pod('ssd', { nodeSelector: { disktype: 'ssd' }, tolerations: [{ operator: 'Exists' }], priority: 10 }),
      pod('plain', { priority: 10 }),
    ],
  );

function rules(assignment: number[]): string[] {
  return evaluatePodPacking(base(), { assignment }).violations.map((v) => v.constraint);
}

describe('evaluator', () => {
  it('accepts a valid placement and counts per priority', () => {
    const evaluation = evaluatePodPacking(base(), { assignment: [0, 0, 1, 1, -1] });
    expect(evaluation.feasible).toBe(true);
    expect(evaluation.metrics).toMatchObject({
      'placed.p10': 1,
      'pods.p10': 2,
      'placed.p0': 3,
      placed: 4,
      pending: 1,
      evictions: 0,
      moves: 0,
      bindings: 1,
    });
  });

  it('capacity: CPU, memory and pod slots', () => {
    expect(rules([0, 0, 1, 1, 0])).toEqual(['capacity']);
    const tight = cluster([node('a', { pods: 1 })], [pod('x'), pod('y')]);
    expect(evaluatePodPacking(tight, { assignment: [0, 0] }).violations[0]).toMatchObject({
      constraint: 'capacity',
      entities: ['a', 'pods'],
    });
  });

  it('eligibility: selector and taints on a new node', () => {
    expect(rules([0, -1, 1, 0, 1])).toEqual(['eligibility', 'eligibility']);
  });

  it('a running pod may stay where it is even if the node no longer admits it', () => {
    const instance = cluster(
      [node('a', { taints: [{ key: 'k', effect: 'NoSchedule' }] })],
      [pod('old', { node: 'a' })],
    );
    expect(evaluatePodPacking(instance, { assignment: [0] }).feasible).toBe(true);
  });

  it('protected: not moved, not evicted', () => {
    expect(rules([1, 0, 1, 1, -1])).toContain('protected');
    expect(rules([-1, 0, 1, 1, -1])).toEqual(['protected']);
    expect(rules([0, 0, -1, 1, -1])).toEqual(['protected']);
  });

  it('assignment: length and node indices', () => {
    expect(rules([0, 0, 1])).toEqual(['assignment']);
    expect(rules([0, 0, 1, 7, -1])).toEqual(['assignment']);
  });

  it('counts evictions and moves, and the objective is lexicographic by tier', () => {
    const instance = base();
    const evicted = evaluatePodPacking(instance, { assignment: [0, -1, 1, 1, 0] });
    expect(evicted.metrics).toMatchObject({ evictions: 1, moves: 0, disruption: 1, 'placed.p10': 2 });
    const moved = evaluatePodPacking(instance, { assignment: [0, 0, 0, 1, -1] });
    expect(moved.metrics).toMatchObject({ moves: 1, disruption: 2 });
    const allLow = evaluatePodPacking(instance, { assignment: [0, 0, 1, -1, -1] });
    const oneHigh = evaluatePodPacking(instance, { assignment: [0, -1, 1, 1, -1] });
    expect(oneHigh.objective).toBeGreaterThan(allLow.objective);
  });
});
