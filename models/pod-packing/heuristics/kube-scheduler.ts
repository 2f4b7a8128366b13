/**
 * The default kube-scheduler, reproduced deterministically on one snapshot of a cluster.
 *
 * The queue (PrioritySort) pops the pending pod with the highest priority, earliest
 * creation first. A scheduling cycle filters nodes (NodeResourcesFit over every resource,
 * NodePorts, NodeAffinity, TaintToleration) until it has found `feasibleNodesToFind` of
 * them (all below 100 nodes; the search resumes where the last cycle stopped, in name
 * order), scores the feasible ones (scoring.ts:
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
 * How many feasible nodes a cycle looks for (`numFeasibleNodesToFind`, percentageOfNodesToScore
 * unset): every node below 100; else (50 - nodes/125)% of them, at least 5%, at least 100.
 */
export function feasibleNodesToFind(nodes: number): number {
  if (nodes < 100) return nodes;
  const percentage = Math.max(5, 50 - Math.trunc(nodes / 125));
  return Math.max(100, Math.trunc((nodes * percentage) / 100));
}

/** Where the next cycle starts looking (upstream's `nextStartNodeIndex`), so every node gets its turn. */
export interface NodeSampler {
  next: number;
}

/**
 * The nodes that pass the filters, as a cycle finds them: from the sampler's start in name
 * order (wrapping around), until `feasibleNodesToFind` of them are found; returned in name
 * order. Nodes too full for the pod's cpu are jumped over (they would fail the filter; the
 * sampler still counts them as looked at). `avoid` drops nodes besides the filters' verdict.
 */
export function feasibleNodes(
  cluster: Cluster,
  p: number,
  sampler: NodeSampler = { next: 0 },
  avoid?: (n: number) => boolean,
): number[] {
  const { instance, order } = cluster;
  const pod = instance.pods[p];
  const [total, wanted] = [order.length, feasibleNodesToFind(order.length)];
  const found: number[] = [];
  // Larger than every node's free room: every node would be checked and fail, which leaves the start where it is.
  if (!cluster.mayFitSomewhere(p)) return found;
  const start = sampler.next % Math.max(1, total);
  let checked = total;
  for (const [from, end] of [
    [start, total],
    [0, start],
  ]) {
    for (let k = cluster.nextCandidate(p, from, end); k >= 0; k = cluster.nextCandidate(p, k + 1, end)) {
      const n = order[k];
      if (!eligible(pod, instance.nodes[n]) || !fits(cluster, p, n) || (avoid?.(n) ?? false)) continue;
      found.push(k);
      if (found.length === wanted) {
        checked = ((k - start + total) % total) + 1;
        break;
      }
    }
    if (found.length === wanted) break;
  }
  sampler.next = total === 0 ? 0 : (start + checked) % total;
  return found.sort((a, b) => a - b).map((k) => order[k]);
}

/**
 * The feasible node with the highest score for pod `p`, first by name on ties (upstream
 * picks at random); -1 if none. `sampler` carries the start of the node search from cycle to
 * cycle; `avoid` drops nodes besides the filters' verdict.
 */
export function selectNode(
  cluster: Cluster,
  p: number,
  options: KubeSchedulerOptions = {},
  avoid?: (n: number) => boolean,
  sampler?: NodeSampler,
): number {
  const { instance } = cluster;
  const pod = instance.pods[p];
  const feasible = feasibleNodes(cluster, p, sampler, avoid);
  if (feasible.length === 0) return -1;
  // Without PreferNoSchedule taints anywhere every node scores the same; skip the arrays.
  const taint = cluster.preferTaints
    ? taintScores(
        pod,
        feasible.map((n) => instance.nodes[n]),
      )
    : undefined;
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
      weights.taint * (taint?.[k] ?? 100) +
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
