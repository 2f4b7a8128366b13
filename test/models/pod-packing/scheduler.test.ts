// The default-scheduler baseline on hand-made cases whose outcome the Kubernetes
// documentation states; each case cites its page.
import { describe, expect, it } from 'vitest';
import { kubeScheduler } from '../../../models/pod-packing/heuristics/kube-scheduler.js';
import { firstFitDecreasing } from '../../../models/pod-packing/heuristics/first-fit.js';
import { evaluatePodPacking } from '../../../models/pod-packing/evaluate.js';
import { cluster, node, pod, where } from './support.js';

describe('filters', () => {
  // https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#how-pods-with-resource-requests-are-scheduled
  // "The scheduler ensures that, for each resource type, the sum of the resource requests of the
  // scheduled containers is less than the capacity of the node."
  it('NodeResourcesFit: a pod that fits no node stays pending', () => {
    const instance = cluster([node('a', { cpu: '1' })], [pod('small', { cpu: '600m' }), pod('big', { cpu: '600m' })]);
    expect(where(instance, kubeScheduler(instance).assignment)).toEqual({ small: 'a', big: '-' });
  });

  it('NodeResourcesFit counts pod slots', () => {
    const instance = cluster([node('a', { pods: 1 })], [pod('one'), pod('two')]);
    expect(where(instance, kubeScheduler(instance).assignment)).toEqual({ one: 'a', two: '-' });
  });

  // https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector
  // "Kubernetes only schedules the Pod onto nodes that have each of the labels you specify."
  it('nodeSelector: only nodes with every label', () => {
    const instance = cluster(
      [node('a', { labels: { disktype: 'ssd' } }), node('b', { labels: { disktype: 'ssd', zone: 'x' } }), node('c')],
      [pod('p', { nodeSelector: { disktype: 'ssd', zone: 'x' } })],
    );
    expect(where(instance, kubeScheduler(instance).assignment)).toEqual({ p: 'b' });
  });

  // https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
  // "If you specify multiple terms in nodeSelectorTerms ... the Pod can be scheduled onto a node if one
  // of the specified terms can be satisfied (terms are ORed). If you specify multiple expressions in a
  // single matchExpressions field ... only if all the expressions are satisfied (expressions are ANDed)."
  it('node affinity: terms ORed, expressions ANDed', () => {
    const nodes = [
      node('a', { labels: { zone: 'x' } }),
      node('b', { labels: { zone: 'y' } }),
      node('c', { labels: { zone: 'z', gpu: 'yes' } }),
    ];
    const anded = [
      [
        { key: 'zone', operator: 'In', values: ['x', 'z'] },
        { key: 'gpu', operator: 'Exists' },
      ],
    ];
    const ored = [[{ key: 'zone', operator: 'In', values: ['y'] }], [{ key: 'gpu', operator: 'Exists' }]];
    const instance = cluster(nodes, [
      pod('anded', { affinity: anded }),
      pod('ored', { affinity: ored, cpu: '3' }),
      pod('ored2', { affinity: ored, cpu: '3' }),
    ]);
    const placed = where(instance, kubeScheduler(instance).assignment);
    expect(placed.anded).toBe('c');
    expect([placed.ored, placed.ored2].sort()).toEqual(['b', 'c']);
  });

  // https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
  // "no pod will be able to schedule onto node1 unless it has a matching toleration", and both the
  // Equal toleration with the taint's value and the Exists toleration match; "An empty key with
  // operator Exists matches all keys, values and effects".
  it('TaintToleration: NoSchedule needs a matching toleration', () => {
    const taint = { key: 'key1', value: 'value1', effect: 'NoSchedule' };
    const instance = cluster(
      [node('tainted', { taints: [taint], cpu: '10' }), node('plain', { cpu: '1' })],
      [
        pod('equal', { tolerations: [{ key: 'key1', operator: 'Equal', value: 'value1', effect: 'NoSchedule' }] }),
        pod('exists', { tolerations: [{ key: 'key1', operator: 'Exists', effect: 'NoSchedule' }] }),
        pod('everything', { tolerations: [{ operator: 'Exists' }] }),
        pod('wrongValue', { tolerations: [{ key: 'key1', operator: 'Equal', value: 'other', effect: 'NoSchedule' }] }),
        pod('none'),
      ],
    );
    const placed = where(instance, kubeScheduler(instance).assignment);
    expect([placed.equal, placed.exists, placed.everything]).toEqual(['tainted', 'tainted', 'tainted']);
    expect(placed.wrongValue).not.toBe('tainted');
    expect(placed.none).not.toBe('tainted');
  });

  // Same page: "PreferNoSchedule is a 'preference' or 'soft' version of NoSchedule – the control plane
  // will try to avoid placing a Pod that does not tolerate the taint on the node, but it is not guaranteed."
  it('TaintToleration: PreferNoSchedule is avoided, not forbidden', () => {
    const soft = { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] };
    const instance = cluster([node('a', soft), node('b', { cpu: '1' })], [pod('first'), pod('second')]);
    expect(where(instance, kubeScheduler(instance).assignment)).toEqual({ first: 'b', second: 'a' });
  });
});

describe('scores', () => {
  // https://kubernetes.io/docs/concepts/scheduling-eviction/resource-bin-packing/ — MostAllocated "scores
  // the nodes based on the utilization of resources, favoring the ones with higher allocation";
  // LeastAllocated (the default, https://kubernetes.io/docs/reference/scheduling/config/) the opposite.
  it('LeastAllocated spreads, MostAllocated and RequestedToCapacityRatio pack', () => {
    const instance = cluster([node('a'), node('b')], [pod('p1'), pod('p2')]);
    expect(where(instance, kubeScheduler(instance).assignment)).toEqual({ p1: 'a', p2: 'b' });
    expect(where(instance, kubeScheduler(instance, { strategy: 'MostAllocated' }).assignment)).toEqual({
      p1: 'a',
      p2: 'a',
    });
    expect(where(instance, kubeScheduler(instance, { strategy: 'RequestedToCapacityRatio' }).assignment)).toEqual({
      p1: 'a',
      p2: 'a',
    });
  });

  // https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/ — "If there is more than one
  // node with equal scores, kube-scheduler selects one of these at random." Here: the first by name.
  it('breaks ties by node name, whatever the order of the nodes', () => {
    const instance = cluster([node('zeta'), node('alpha'), node('mid')], [pod('p')]);
    expect(where(instance, kubeScheduler(instance).assignment)).toEqual({ p: 'alpha' });
  });

  it('LeastAllocated prefers the emptier node', () => {
    const instance = cluster([node('a'), node('b')], [pod('old', { node: 'a' }), pod('new')]);
    expect(where(instance, kubeScheduler(instance).assignment)).toEqual({ old: 'a', new: 'b' });
  });
});

describe('queue and preemption', () => {
  // https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#effect-of-pod-priority-on-scheduling-order
  // "the scheduler orders pending Pods by their priority and a pending Pod is placed ahead of other
  // pending Pods with lower priority in the scheduling queue."
  it('schedules higher priority first, then creation order', () => {
    const instance = cluster(
      [node('a', { cpu: '2' })],
      [pod('low1', { priority: 1 }), pod('high', { priority: 10 }), pod('low2', { priority: 1 })],
    );
    expect(where(instance, kubeScheduler(instance, { preemption: false }).assignment)).toEqual({
      low1: 'a',
      high: 'a',
      low2: '-',
    });
  });

  // Same page, #preemption: "If a Pod cannot be scheduled, the scheduler tries to preempt (evict) lower
  // priority Pods to make scheduling of the pending Pod possible."
  it('DefaultPreemption evicts a lower-priority pod; without it the pod stays pending', () => {
    const instance = cluster(
      [node('a', { cpu: '2' })],
      [pod('low', { cpu: '2', priority: 1, node: 'a', owner: 'rs' }), pod('high', { priority: 100 })],
    );
    expect(where(instance, kubeScheduler(instance).assignment)).toEqual({ low: '-', high: 'a' });
    expect(where(instance, kubeScheduler(instance, { preemption: false }).assignment)).toEqual({ low: 'a', high: '-' });
  });

  // Same page: preemption removes only "lower priority Pods"; a pod never preempts equal or higher priority.
  it('never preempts equal or higher priority', () => {
    const instance = cluster(
      [node('a', { cpu: '2' })],
      [pod('peer', { cpu: '2', priority: 5, node: 'a' }), pod('new', { priority: 5 })],
    );
    expect(where(instance, kubeScheduler(instance).assignment)).toEqual({ peer: 'a', new: '-' });
  });

  it('picks the node whose victims have the lowest priority, then the fewest', () => {
    const instance = cluster(
      [node('a', { cpu: '2' }), node('b', { cpu: '2' }), node('c', { cpu: '2' })],
      [
        pod('a1', { cpu: '2', priority: 5, node: 'a' }),
        pod('b1', { priority: 1, node: 'b' }),
        pod('b2', { priority: 1, node: 'b' }),
        pod('c1', { cpu: '2', priority: 1, node: 'c' }),
        pod('high', { cpu: '2', priority: 10 }),
      ],
    );
    expect(where(instance, kubeScheduler(instance).assignment)).toMatchObject({
      high: 'c',
      c1: '-',
      b1: 'b',
      b2: 'b',
      a1: 'a',
    });
  });

  it('reprieves victims that need not go, and re-queues a recreated victim', () => {
    // Node b is tainted against 'high' only, so 'high' must preempt on a; the evicted 'go'
    // is recreated by its ReplicaSet and, re-queued, lands on b. Without the re-queue it
    // would stay pending; without an owner it does.
    const taint = { taints: [{ key: 'team', value: 'batch', effect: 'NoSchedule' }] };
    const tolerate = { tolerations: [{ key: 'team', operator: 'Exists' }] };
    const build = (owner: Record<string, string>) =>
      cluster(
        [node('a', { cpu: '3' }), node('b', { cpu: '2', ...taint })],
        [
          pod('keep', { priority: 2, node: 'a', owner: 'rs1' }),
          pod('go', { cpu: '2', priority: 1, node: 'a', ...owner, ...tolerate }),
          pod('high', { cpu: '2', priority: 10 }),
        ],
      );
    const recreated = build({ owner: 'rs2' });
    expect(where(recreated, kubeScheduler(recreated).assignment)).toEqual({ keep: 'a', go: 'b', high: 'a' });
    const bare = build({});
    expect(where(bare, kubeScheduler(bare).assignment)).toEqual({ keep: 'a', go: '-', high: 'a' });
  });

  it('never evicts a pod marked not evictable', () => {
    const instance = cluster(
      [node('a', { cpu: '1' })],
      [pod('safe', { priority: 0, node: 'a', evictable: false }), pod('high', { priority: 9 })],
    );
    expect(where(instance, kubeScheduler(instance).assignment)).toEqual({ safe: 'a', high: '-' });
  });
});

describe('first-fit-decreasing', () => {
  it('packs large high-priority pods first into the first node by name', () => {
    const instance = cluster(
      [node('b', { cpu: '2' }), node('a', { cpu: '2' })],
      [pod('s', { cpu: '1' }), pod('l', { cpu: '2' }), pod('h', { cpu: '1', priority: 5 })],
    );
    const solution = firstFitDecreasing(instance);
    expect(where(instance, solution.assignment)).toEqual({ h: 'a', l: 'b', s: 'a' });
    expect(evaluatePodPacking(instance, solution).feasible).toBe(true);
  });
});
