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
import { BudgetState, pickPreemption } from './preemption.js';
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
  const run = new SchedulerRun(instance, options);
  run.drain();
  return run.cluster.solution();
}

/** One run of the scheduler: the cluster, the queue and what preemption has done so far. */
class SchedulerRun {
  readonly cluster: Cluster;
  private readonly order: number[];
  private readonly queue: SchedulingQueue;
  private readonly startedAt: number[];
  private readonly budgets: BudgetState;
  /** Per node, the lowest priority of a snapshot-running pod preempted off it (Infinity: none). */
  private readonly displaced: number[];
  private clock: number;
  private unschedulable: number[] = [];

  constructor(
    readonly instance: PodPackingInstance,
    private readonly options: KubeSchedulerOptions,
  ) {
    this.cluster = new Cluster(instance);
    this.order = nodesByName(instance);
    this.queue = new SchedulingQueue(instance);
    this.startedAt = instance.pods.map((_, p) => p);
    this.clock = instance.pods.length;
    this.budgets = new BudgetState(instance);
    this.displaced = instance.nodes.map(() => Number.POSITIVE_INFINITY);
    instance.pods.forEach((pod, p) => pod.node === undefined && this.queue.add(p));
  }

  /** Schedule until the queue is empty. Every preemption places a pod and only evicts lower-priority ones, so this ends; the cap is a guard. */
  drain(): void {
    for (let cycles = 0; this.queue.size > 0 && cycles < 100 * (this.instance.pods.length + 1); cycles++)
      this.cycle(this.queue.pop());
  }

  private cycle(p: number): void {
    const pod = this.instance.pods[p];
    const never = pod.preemptionPolicy === 'Never';
    // A pod that may not preempt also takes no room that preemption freed from lower-priority pods
    // (the evaluator's reading of Never; upstream would not know where the room came from).
    const avoid = never ? (n: number) => this.displaced[n] < pod.priority : undefined;
    const n = selectNode(this.cluster, p, this.order, this.options, avoid);
    if (n >= 0) return this.bind(p, n);
    const candidate =
      this.options.preemption === false || never
        ? undefined
        : pickPreemption(this.cluster, p, this.order, {
            mayEvict: (q) => this.instance.pods[q].node === undefined || this.instance.pods[q].evictable,
            startedAt: this.startedAt,
            budgets: this.budgets,
          });
    if (candidate === undefined) return void this.unschedulable.push(p);
    this.preempt(candidate.node, candidate.victims);
    this.bind(p, candidate.node);
    for (const q of [...this.unschedulable, ...candidate.victims.filter((q) => this.recreated(q))]) this.queue.add(q);
    this.unschedulable = [];
  }

  private bind(p: number, n: number): void {
    this.cluster.bind(p, n);
    this.startedAt[p] = this.clock++;
  }

  private preempt(n: number, victims: number[]): void {
    for (const q of victims) {
      this.cluster.unbind(q);
      if (this.instance.pods[q].node === n)
        this.displaced[n] = Math.min(this.displaced[n], this.instance.pods[q].priority);
    }
    this.budgets.evict(victims.filter((q) => this.instance.pods[q].node === n));
  }

  /** Evicted pods that a controller recreates rejoin the queue: movable running pods, pending pods with an owner. */
  private recreated(q: number): boolean {
    const pod = this.instance.pods[q];
    return pod.node !== undefined ? pod.movable : pod.owner !== undefined;
  }
}
