/**
 * The default kube-scheduler, reproduced deterministically on one snapshot of a cluster.
 *
 * The queue (PrioritySort) pops the pending pod with the highest priority, earliest
 * creation first. A scheduling cycle filters nodes (NodeResourcesFit over every resource,
 * NodePorts, NodeAffinity, TaintToleration), scores the feasible ones (scoring.ts:
 * upstream's default scores weigh cpu and memory only, so GPUs do not steer the choice)
 * and binds the pod to the highest total score; where the real scheduler breaks ties at
 * random, this one takes the first node by name. A pod that fits nowhere tries
 * DefaultPreemption (when enabled); the preemptor is bound to the node it nominated (the
 * scheduler tries a nominated node first), and evicted pods that a controller recreates
 * (movable running pods, pending pods with an owner) rejoin the queue as new pods. A pod
 * that still fits nowhere waits in the unschedulable queue until an eviction frees room,
 * as a pod-deletion event would.
 */
import type { PodPackingInstance, PodPackingSolution } from '../types.js';
import { Cluster, nodesByName } from './cluster.js';
import { eligible, fits } from './filters.js';
import { pickPreemption } from './preemption.js';
import { topologySpreadScores } from './topology-spread.js';
import {
  balancedAllocationScore,
  defaultShape,
  resourceFitScore,
  taintScores,
  type ScoringStrategy,
  type ShapePoint,
} from './scoring.js';

export interface KubeSchedulerOptions {
  /** NodeResourcesFit's scoring strategy; default 'LeastAllocated'. */
  strategy?: ScoringStrategy;
  /** Shape for RequestedToCapacityRatio; default utilization 0 → 0, 100 → 10. */
  shape?: ShapePoint[];
  /** DefaultPreemption on (default) or off. */
  preemption?: boolean;
}

/** Score plugin weights of the default profile. */
const weights = { fit: 1, balanced: 1, taint: 3, spread: 2 };

/** The feasible node with the highest score for pod `p`, first by name on ties; -1 if none. */
export function selectNode(cluster: Cluster, p: number, order: number[], options: KubeSchedulerOptions = {}): number {
  const { instance } = cluster;
  const pod = instance.pods[p];
  const feasible = order.filter((n) => eligible(pod, instance.nodes[n]) && fits(cluster, p, n));
  if (feasible.length === 0) return -1;
  const taint = taintScores(
    pod,
    feasible.map((n) => instance.nodes[n]),
  );
  const spread = topologySpreadScores(cluster, p, feasible);
  let best = -1;
  let bestScore = -Infinity;
  feasible.forEach((n, k) => {
    const node = instance.nodes[n];
    const fit = resourceFitScore(
      options.strategy ?? 'LeastAllocated',
      pod,
      node,
      cluster.scoringUsage[n],
      options.shape ?? defaultShape,
    );
    const score =
      weights.fit * fit +
      weights.balanced * balancedAllocationScore(pod, node, cluster.usage[n]) +
      weights.taint * taint[k] +
      weights.spread * spread[k];
    if (score > bestScore) [best, bestScore] = [n, score];
  });
  return best;
}

/** The active queue: highest priority first, then earliest (re)creation. */
class SchedulingQueue {
  private readonly created = new Map<number, number>();
  private counter = 0;

  constructor(private readonly instance: PodPackingInstance) {}

  add(p: number): void {
    this.created.set(p, this.counter++);
  }

  get size(): number {
    return this.created.size;
  }

  pop(): number {
    let best = -1;
    for (const [p, created] of this.created) {
      if (best < 0) best = p;
      const [a, b] = [this.instance.pods[p], this.instance.pods[best]];
      if (a.priority > b.priority || (a.priority === b.priority && created < this.created.get(best)!)) best = p;
    }
    this.created.delete(best);
    return best;
  }
}

/**
 * Run the scheduler over every pending pod and return where each pod ends up.
 *
 * @example
 * ```ts
 * const solution = kubeScheduler(instance, { strategy: 'MostAllocated', preemption: false });
 * ```
 */
export function kubeScheduler(instance: PodPackingInstance, options: KubeSchedulerOptions = {}): PodPackingSolution {
  const cluster = new Cluster(instance);
  const order = nodesByName(instance);
  const queue = new SchedulingQueue(instance);
  const startedAt = instance.pods.map((_, p) => p);
  let clock = instance.pods.length;
  let unschedulable: number[] = [];
  const running = (q: number) => instance.pods[q].node !== undefined;
  const mayEvict = (q: number) => !running(q) || instance.pods[q].evictable;
  const recreated = (q: number) => (running(q) ? instance.pods[q].movable : instance.pods[q].owner !== undefined);
  instance.pods.forEach((pod, p) => pod.node === undefined && queue.add(p));
  // Every preemption places a pod and only evicts lower-priority ones, so this ends; the cap is a guard.
  for (let cycles = 0; queue.size > 0 && cycles < 100 * (instance.pods.length + 1); cycles++) {
    const p = queue.pop();
    const n = selectNode(cluster, p, order, options);
    if (n >= 0) {
      cluster.bind(p, n);
      startedAt[p] = clock++;
      continue;
    }
    const candidate = options.preemption === false ? undefined : pickPreemption(cluster, p, order, mayEvict, startedAt);
    if (candidate === undefined) {
      unschedulable.push(p);
      continue;
    }
    for (const q of candidate.victims) cluster.unbind(q);
    cluster.bind(p, candidate.node);
    startedAt[p] = clock++;
    for (const q of [...unschedulable, ...candidate.victims.filter(recreated)]) queue.add(q);
    unschedulable = [];
  }
  return cluster.solution();
}
