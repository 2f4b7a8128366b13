/**
 * One run of the default scheduler over a snapshot (kube-scheduler.ts says what it
 * reproduces), with the coscheduling plugin's gang semantics when the instance has
 * PodGroups (coscheduling.ts). A preemption victim that leaves a running gang short of
 * `minMember` takes the gang down with it: its other pods are evicted too, as the job
 * fails as a whole, and those a controller recreates rejoin the queue.
 */
import type { PodPackingInstance } from '../types.js';
import { Cluster, nodesByName } from './cluster.js';
import { Gangs } from './coscheduling.js';
import { FailureMemo } from './failure-memo.js';
import type { KubeSchedulerOptions } from './kube-scheduler.js';
import { selectNode, type NodeSampler } from './kube-scheduler.js';
import { eligible } from './filters.js';
import { BudgetState, pickPreemption } from './preemption.js';
import { PodQueue } from './queue.js';

export class SchedulerRun {
  readonly cluster: Cluster;
  private readonly order: number[];
  private readonly queue = new PodQueue();
  private readonly startedAt: number[];
  private readonly budgets: BudgetState;
  private readonly gangs: Gangs;
  /** Per node, the lowest priority of a snapshot-running pod preempted off it (Infinity: none). */
  private readonly displaced: number[];
  private clock: number;
  private unschedulable: number[] = [];
  /** Where the next cycle's node search starts (upstream's nextStartNodeIndex). */
  private readonly sampler: NodeSampler = { next: 0 };
  /** Binds, evictions and releases so far: a flush that changes nothing ends the run. */
  private changes = 0;
  private readonly memo: FailureMemo;
  /** The preemption search's per-node order of pods, reused while a node is unchanged. */
  private readonly byImportance = new Map<number, { version: number; pods: number[] }>();

  constructor(
    readonly instance: PodPackingInstance,
    private readonly options: KubeSchedulerOptions,
  ) {
    this.cluster = new Cluster(instance);
    this.order = nodesByName(instance);
    this.startedAt = instance.pods.map((_, p) => p);
    this.clock = instance.pods.length;
    this.budgets = new BudgetState(instance);
    this.gangs = new Gangs(instance);
    this.memo = new FailureMemo(instance, (p) => this.gangs.groupOf[p] >= 0);
    this.displaced = instance.nodes.map(() => Number.POSITIVE_INFINITY);
    instance.pods.forEach((pod, p) => pod.node === undefined && this.enqueue(p, p));
    instance.groups?.forEach((group, g) => {
      if (group.pods.filter((p) => instance.pods[p].node !== undefined).length >= group.minMember)
        this.gangs.runs[g].permitted = true;
    });
  }

  /**
   * Schedule until the queue is empty and no gang waits. Then the pods still unschedulable
   * are all tried once more (upstream flushes its unschedulable queue after five minutes);
   * the run ends when such a flush changes nothing. The cap is a guard.
   */
  drain(): void {
    const cap = 100 * (this.instance.pods.length + 1);
    let flushedAt = -1;
    for (let cycles = 0; cycles < cap; cycles++) {
      if (this.queue.size > 0) this.cycle(this.queue.pop());
      else if (this.timeOut()) continue;
      else if (this.unschedulable.length === 0 || flushedAt === this.changes) return;
      else {
        flushedAt = this.changes;
        this.wake();
      }
    }
  }

  private enqueue(p: number, created = this.clock++): void {
    const gang = this.gangs.queueKey(p);
    this.queue.push({
      pod: p,
      priority: this.instance.pods[p].priority,
      created: gang?.created ?? created,
      name: gang?.name ?? this.instance.pods[p].name,
    });
  }

  private cycle(p: number): void {
    const g = this.gangs.groupOf[p];
    if (g >= 0 && !this.gangs.preFilter(g)) return void this.unschedulable.push(p);
    const priority = this.instance.pods[p].priority;
    const n = this.memo.knownToFail(p, priority) ? -1 : this.findNode(p);
    if (n < 0) {
      this.memo.failed(p, priority);
      if (g >= 0 && this.gangs.rejects(g, this.cluster.assignment)) this.release(g);
      return void this.unschedulable.push(p);
    }
    this.cluster.bind(p, n);
    this.memo.bound(priority);
    this.startedAt[p] = this.clock++;
    this.changes++;
    // A gang reaching minMember makes its waiting pods possible victims, as a lower-priority bind would.
    if (g >= 0 && this.gangs.permit(g, p, this.cluster.assignment)) this.memo.bound(Number.NEGATIVE_INFINITY);
  }

  /** A node for `p`: by the filters and scores, else by preemption (whose victims are evicted); -1 when none. */
  private findNode(p: number): number {
    const pod = this.instance.pods[p];
    const never = pod.preemptionPolicy === 'Never';
    // A pod that may not preempt also takes no room that preemption freed from lower-priority pods
    // (the evaluator's reading of Never; upstream would not know where the room came from).
    const avoid = never ? (n: number) => this.displaced[n] < pod.priority : undefined;
    const n = selectNode(this.cluster, p, this.options, avoid, this.sampler);
    if (n >= 0 || this.options.preemption === false || never) return n;
    const candidate = pickPreemption(this.cluster, p, this.order, {
      mayEvict: (q) =>
        (this.instance.pods[q].node === undefined || this.instance.pods[q].evictable) && !this.gangs.isWaiting(q),
      startedAt: this.startedAt,
      budgets: this.budgets,
      byImportance: this.byImportance,
    });
    if (candidate === undefined) return -1;
    this.wake(this.evict(candidate.victims));
    return candidate.node;
  }

  /**
   * Evict pods (preemption victims, or a failed gang's rest); those a controller recreates
   * come back as new pods, straight into the queue. Returns the nodes that lost pods.
   */
  private evict(victims: number[]): number[] {
    const broken = new Set<number>();
    const freed = new Set<number>();
    for (const q of victims) {
      const n = this.cluster.assignment[q];
      this.cluster.unbind(q);
      this.memo.unbound();
      this.changes++;
      freed.add(n);
      const pod = this.instance.pods[q];
      if (pod.node === n) this.displaced[n] = Math.min(this.displaced[n], pod.priority);
      if (pod.node === n) this.budgets.evict([q]);
      if (this.recreated(q)) this.enqueue(q);
      const g = this.gangs.groupOf[q];
      if (g >= 0 && this.gangs.runs[g].permitted) broken.add(g);
    }
    for (const g of broken) for (const n of this.breakGang(g)) freed.add(n);
    return [...freed];
  }

  /** A running gang left short of minMember fails as a whole: its other pods go too. Returns the nodes freed. */
  private breakGang(g: number): number[] {
    const group = this.instance.groups![g];
    if (this.gangs.assigned(g, this.cluster.assignment) >= group.minMember) return [];
    this.gangs.runs[g].permitted = false;
    return this.evict(group.pods.filter((q) => this.cluster.assignment[q] >= 0));
  }

  /** Reject a gang: its waiting pods leave their nodes and wait for a cluster event. */
  private release(g: number): void {
    const freed: number[] = [];
    for (const q of this.gangs.release(g, this.clock++)) {
      freed.push(this.cluster.assignment[q]);
      this.cluster.unbind(q);
      this.memo.unbound();
      this.unschedulable.push(q);
      this.changes++;
    }
    this.wake(freed);
  }

  /** The permit wait runs out once nothing else can be scheduled: release every waiting gang. */
  private timeOut(): boolean {
    const waiting = this.gangs.waitingGroups();
    for (const g of waiting) this.release(g);
    return waiting.length > 0;
  }

  /**
   * A cluster event: pods left the `freed` nodes (every node when undefined: a flush). An
   * unschedulable pod is tried again when it could use a freed node, by fitting there or by
   * preempting there (NodeResourcesFit's queueing hint on a pod deletion); a gang's pods
   * when the gang may still start.
   */
  private wake(freed?: number[]): void {
    const pods = this.unschedulable;
    this.unschedulable = [];
    for (const q of pods) {
      const g = this.gangs.groupOf[q];
      const helped = freed === undefined || g >= 0 || freed.some((n) => this.couldUse(q, n));
      if ((g >= 0 && !this.gangs.preFilter(g)) || !helped) this.unschedulable.push(q);
      else this.enqueue(q);
    }
  }

  /** Whether pod `q` could go to node `n`: it passes the static filters and fits once every possible lower-priority victim is gone. */
  private couldUse(q: number, n: number): boolean {
    const pod = this.instance.pods[q];
    if (!eligible(pod, this.instance.nodes[n])) return false;
    return this.cluster.victims.fitsWithout(q, n, pod.priority, this.cluster.usage[n], this.instance.nodes[n], pod);
  }

  /** Evicted pods that a controller recreates rejoin the queue: movable running pods, pending pods with an owner. */
  private recreated(q: number): boolean {
    const pod = this.instance.pods[q];
    return pod.node !== undefined ? pod.movable : pod.owner !== undefined;
  }
}
