import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchedlabError } from '../../../src/errors.js';
import { seededRandom } from '../../../src/util/random.js';
import { family } from '../../../models/pod-packing/index.js';
import { generatePodPacking } from '../../../models/pod-packing/generate.js';
import { parsePodPacking, type PodPackingInstance } from '../../../models/pod-packing/instance.js';

function pathOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SchedlabError) return error.location.path;
    throw error;
  }
  return undefined;
}

/** Some nodes tainted and labeled, some pods with selectors and tolerations, to exercise the filters. */
function withConstraints(instance: PodPackingInstance, seed: number): PodPackingInstance {
  const rng = seededRandom(seed);
  instance.nodes.forEach((node) => {
    if (rng() < 0.3)
      node.taints.push({ key: 'dedicated', value: 'ml', effect: rng() < 0.5 ? 'NoSchedule' : 'PreferNoSchedule' });
    if (rng() < 0.5) node.labels.disktype = 'ssd';
  });
  instance.pods.forEach((pod) => {
    if (rng() < 0.3) pod.tolerations.push({ key: 'dedicated', operator: 'Exists' });
    if (rng() < 0.2) pod.nodeSelector.disktype = 'ssd';
    if (pod.node !== undefined && rng() < 0.2) [pod.movable, pod.evictable] = [false, rng() < 0.5];
  });
  return instance;
}

describe('instances', () => {
  it('round-trips through JSON', () => {
    const instance = generatePodPacking({ size: 'small' }, 3);
    expect(family.parse(JSON.parse(JSON.stringify(family.serialize(instance))))).toEqual(instance);
  });

  it('names the path of a bad field', () => {
    const nodes = [{ name: 'n', cpu: '1', memory: '1Gi' }];
    expect(pathOf(() => parsePodPacking({ nodes, pods: [{ name: 'p', cpu: '1x' }] }))).toBe('data.pods[0].cpu');
    expect(pathOf(() => parsePodPacking({ nodes: [{ cpu: 1, memory: 1 }], pods: [] }))).toBe('data.nodes[0].name');
    expect(pathOf(() => parsePodPacking({ nodes, pods: [{ name: 'p', node: 'x' }] }))).toBe('data.pods[0].node');
    expect(
      pathOf(() => parsePodPacking({ nodes, pods: [{ name: 'p', affinity: [[{ key: 'k', operator: 'In' }]] }] })),
    ).toBe('data.pods[0].affinity[0][0].values');
    expect(
      pathOf(() => family.parseSolution(parsePodPacking({ nodes, pods: [] }), { placement: { ghost: 'n' } })),
    ).toBe('solution.placement.ghost');
  });

  it('solutions round-trip', () => {
    const instance = generatePodPacking({ size: 'small' }, 4);
    const solution = family.heuristics.default(instance, { rng: seededRandom(1), deadline: Date.now() + 1000 });
    expect(family.parseSolution(instance, family.serializeSolution(instance, solution))).toEqual(solution);
  });

  it('generates the grid deterministically', () => {
    const params = { nodes: 8, podsPerNode: 4, priorities: 4, utilization: 0.95 };
    const instance = generatePodPacking(params, 11);
    expect(generatePodPacking(params, 11)).toEqual(instance);
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
            const evaluation = family.evaluate(
              instance,
              heuristic(instance, { rng: seededRandom(seed), deadline: Date.now() + 1000 }),
            );
            expect(evaluation.violations, name).toEqual([]);
          }
        },
      ),
      { numRuns: 60, seed: 20240501 },
    );
  });

  it('default is at least as good as every other heuristic', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const instance = generatePodPacking({ nodes: 6, podsPerNode: 6, priorities: 4, utilization: 1.05 }, seed);
      const context = { rng: seededRandom(1), deadline: Date.now() + 1000 };
      const best = family.evaluate(instance, family.heuristics.default(instance, context)).objective;
      for (const heuristic of Object.values(family.heuristics))
        expect(best).toBeGreaterThanOrEqual(family.evaluate(instance, heuristic(instance, context)).objective);
    }
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
    const context = { rng: seededRandom(1), deadline: Date.now() + 1000 };
    const scheduler = family.evaluate(instance, family.heuristics['kube-scheduler'](instance, context));
    const best = family.evaluate(instance, family.heuristics.default(instance, context));
    expect(scheduler.metrics).toMatchObject({ 'placed.p100': 3, pending: 1 });
    expect(best.metrics).toMatchObject({ 'placed.p100': 4, moves: 1, evictions: 0 });
    expect(best.objective).toBeGreaterThan(scheduler.objective);
  });
});
