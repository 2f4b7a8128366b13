// Exact integer scores, computed by hand from the upstream formulas
// (kubernetes/kubernetes pkg/scheduler/framework/plugins/noderesources and podtopologyspread).
import { describe, expect, it } from 'vitest';
import { balancedAllocationScore, resourceFitScore } from '../../../models/pod-packing/heuristics/scoring.js';
import { topologySpreadScores } from '../../../models/pod-packing/heuristics/topology-spread.js';
import { Cluster } from '../../../models/pod-packing/heuristics/cluster.js';
import { kubeScheduler } from '../../../models/pod-packing/heuristics/kube-scheduler.js';
import { cluster, node, pod, where } from './support.js';

const gi = 2 ** 30;
// A node of 4 CPUs / 8Gi already holding 1 CPU / 2Gi, and a pod of 700m / 1Gi.
const instance = cluster(
  [node('a', { cpu: '4', memory: '8Gi' }), node('m0', { cpu: '4', memory: 0 })],
  [pod('p', { cpu: '700m', memory: '1Gi' })],
);
const [p, a, m0] = [instance.pods[0], instance.nodes[0], instance.nodes[1]];
const used = { cpu: 1000, memory: 2 * gi, pods: 1 };

describe('NodeResourcesFit and BalancedAllocation scores', () => {
  it('LeastAllocated: ((4000-1700)x100/4000 = 57, (8-3)x100/8 = 62) / 2 = 59', () => {
    expect(resourceFitScore('LeastAllocated', p, a, used)).toBe(59);
  });

  it('MostAllocated: (1700x100/4000 = 42, 3x100/8 = 37) / 2 = 39', () => {
    expect(resourceFitScore('MostAllocated', p, a, used)).toBe(39);
  });

  it('RequestedToCapacityRatio (0→0, 100→10): round((42 + 37) / 2) = 40', () => {
    expect(resourceFitScore('RequestedToCapacityRatio', p, a, used)).toBe(40);
  });

  it('RequestedToCapacityRatio divides only by the weights of resources scoring above 0', () => {
    // Memory requested 0 (explicitly) on an empty node: utilization 0, score 0, not counted: 42 / 1.
    const zeroMemory = { ...p, memory: 0, nonZero: { cpu: 700, memory: 0 } };
    expect(resourceFitScore('RequestedToCapacityRatio', zeroMemory, a, { cpu: 1000, memory: 0 })).toBe(42);
  });

  it('LeastAllocated and MostAllocated skip a resource whose allocatable is 0', () => {
    expect(resourceFitScore('LeastAllocated', p, m0, { ...used, memory: 0 })).toBe(57);
    expect(resourceFitScore('MostAllocated', p, m0, { ...used, memory: 0 })).toBe(42);
  });

  it('BalancedAllocation: fractions 0.425 and 0.375, std 0.025: trunc(97.5) = 97; one resource: 100', () => {
    expect(balancedAllocationScore(p, a, used)).toBe(97);
    expect(balancedAllocationScore(p, m0, { ...used, memory: 0 })).toBe(100);
  });
});

describe('PodTopologySpread with the system default constraints', () => {
  it('scores count x ln(size + 2) + maxSkew - 1 per constraint, normalized', () => {
    const zone = (name: string, z: string) =>
      node(name, { labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': z } });
    const web = (name: string, on?: string) => pod(name, { owner: 'web', ...(on ? { node: on } : {}) });
    const spread = cluster(
      [zone('a', 'z1'), zone('b', 'z1'), zone('c', 'z2')],
      [web('w1', 'a'), web('w2', 'a'), web('w3', 'b'), web('w4'), pod('solo')],
    );
    // a: 2 ln 5 + 2 + 3 ln 4 + 4 = 13.38 → 13; b: ln 5 + 2 + 3 ln 4 + 4 = 11.77 → 12; c: 2 + 4 = 6.
    // Normalized 100 (13 + 6 - s) / 13: 46, 53, 100.
    expect(topologySpreadScores(new Cluster(spread), 3, [0, 1, 2])).toEqual([46, 53, 100]);
    // A pod without a controller has no default constraints: the plugin is skipped.
    expect(topologySpreadScores(new Cluster(spread), 4, [0, 1, 2])).toEqual([0, 0, 0]);
  });
});

describe('DefaultPreemption tie-break', () => {
  it('among equal candidates picks the node whose highest-priority victim started latest', () => {
    // Victims on a and b have the same priority and count; low-b started later, so b goes,
    // although a comes first by name.
    const one = (name: string, on: string) => pod(name, { cpu: '1', node: on, priority: 0 });
    const tie = cluster(
      [node('a', { cpu: '1' }), node('b', { cpu: '1' })],
      [one('low-a', 'a'), one('low-b', 'b'), pod('high', { cpu: '1', priority: 10 })],
    );
    expect(where(tie, kubeScheduler(tie).assignment)).toEqual({ 'low-a': 'a', 'low-b': '-', high: 'b' });
    const reversed = cluster(
      [node('a', { cpu: '1' }), node('b', { cpu: '1' })],
      [one('low-b', 'b'), one('low-a', 'a'), pod('high', { cpu: '1', priority: 10 })],
    );
    expect(where(reversed, kubeScheduler(reversed).assignment)).toEqual({ 'low-b': 'b', 'low-a': '-', high: 'a' });
  });
});
