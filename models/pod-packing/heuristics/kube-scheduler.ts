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
import type { Cluster } from './cluster.js';
import { repairGangs } from './repair.js';
import { SchedulerRun } from './scheduler-run.js';
import { eligible, fits } from './filters.js';
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

/**
 * The feasible node with the highest score for pod `p`, first by name on ties; -1 if none.
 * `avoid` drops nodes besides the filters' verdict.
 */
export function selectNode(
  cluster: Cluster,
  p: number,
  order: number[],
  options: KubeSchedulerOptions = {},
  avoid?: (n: number) => boolean,
): number {
  const { instance } = cluster;
  const pod = instance.pods[p];
  const feasible = order.filter(
    (n) => eligible(pod, instance.nodes[n]) && fits(cluster, p, n) && !(avoid?.(n) ?? false),
  );
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

/**
 * Run the scheduler over every pending pod and return where each pod ends up.
 *
 * @example
 * ```ts
 * const solution = kubeScheduler(instance, { strategy: 'MostAllocated', preemption: false });
 * ```
 */
export function kubeScheduler(instance: PodPackingInstance, options: KubeSchedulerOptions = {}): PodPackingSolution {
  const run = new SchedulerRun(instance, options);
  run.drain();
  repairGangs(run.cluster);
  return run.cluster.solution();
}
