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
import type { KubeSchedulerOptions } from './kube-scheduler.js';
import { selectNode } from './kube-scheduler.js';
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
    this.displaced = instance.nodes.map(() => Number.POSITIVE_INFINITY);
    instance.pods.forEach((pod, p) => pod.node === undefined && this.enqueue(p, p));
    instance.groups?.forEach((group, g) => {
      if (group.pods.filter((p) => instance.pods[p].node !== undefined).length >= group.minMember)
        this.gangs.runs[g].permitted = true;
    });
  }

  /** Schedule until the queue is empty and no gang waits; every loop places, evicts or releases, and the cap is a guard. */
  drain(): void {
    const cap = 100 * (this.instance.pods.length + 1);
    for (let cycles = 0; cycles < cap; cycles++) {
      if (this.queue.size > 0) this.cycle(this.queue.pop());
      else if (!this.timeOut()) return;
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
    const n = this.findNode(p);
    if (n < 0) {
      if (g >= 0 && this.gangs.rejects(g, this.cluster.assignment)) this.release(g);
      return void this.unschedulable.push(p);
    }
    this.cluster.bind(p, n);
    this.startedAt[p] = this.clock++;
    if (g >= 0) this.gangs.permit(g, p, this.cluster.assignment);
  }

  /** A node for `p`: by the filters and scores, else by preemption (whose victims are evicted); -1 when none. */
  private findNode(p: number): number {
    const pod = this.instance.pods[p];
    const never = pod.preemptionPolicy === 'Never';
    // A pod that may not preempt also takes no room that preemption freed from lower-priority pods
    // (the evaluator's reading of Never; upstream would not know where the room came from).
    const avoid = never ? (n: number) => this.displaced[n] < pod.priority : undefined;
    const n = selectNode(this.cluster, p, this.order, this.options, avoid);
    if (n >= 0 || this.options.preemption === false || never) return n;
    const candidate = pickPreemption(this.cluster, p, this.order, {
      mayEvict: (q) =>
        (this.instance.pods[q].node === undefined || this.instance.pods[q].evictable) && !this.gangs.isWaiting(q),
      startedAt: this.startedAt,
      budgets: this.budgets,
    });
    if (candidate === undefined) return -1;
    this.evict(candidate.victims);
    this.wake();
    return candidate.node;
  }

  /** Evict pods (preemption victims, or a failed gang's rest); recreated ones rejoin the queue. */
  private evict(victims: number[]): void {
    const broken = new Set<number>();
    for (const q of victims) {
      const n = this.cluster.assignment[q];
      this.cluster.unbind(q);
      const pod = this.instance.pods[q];
      if (pod.node === n) this.displaced[n] = Math.min(this.displaced[n], pod.priority);
      if (pod.node === n) this.budgets.evict([q]);
      if (this.recreated(q)) this.unschedulable.push(q);
      const g = this.gangs.groupOf[q];
      if (g >= 0 && this.gangs.runs[g].permitted) broken.add(g);
    }
    for (const g of broken) this.breakGang(g);
  }

  /** A running gang left short of minMember fails as a whole: its other pods go too. */
  private breakGang(g: number): void {
    const group = this.instance.groups![g];
    if (this.gangs.assigned(g, this.cluster.assignment) >= group.minMember) return;
    this.gangs.runs[g].permitted = false;
    this.evict(group.pods.filter((q) => this.cluster.assignment[q] >= 0));
  }

  /** Reject a gang: its waiting pods leave their nodes and wait for a cluster event. */
  private release(g: number): void {
    for (const q of this.gangs.release(g, this.clock++)) {
      this.cluster.unbind(q);
      this.unschedulable.push(q);
    }
    this.wake();
  }

  /** The permit wait runs out once nothing else can be scheduled: release every waiting gang. */
  private timeOut(): boolean {
    const waiting = this.gangs.waitingGroups();
    for (const g of waiting) this.release(g);
    return waiting.length > 0;
  }

  /** A cluster event (pods deleted, reservations released): the unschedulable pods are tried again. */
  private wake(): void {
    const pods = this.unschedulable;
    this.unschedulable = [];
    for (const q of pods) {
      const g = this.gangs.groupOf[q];
      if (g >= 0 && !this.gangs.preFilter(g)) this.unschedulable.push(q);
      else this.enqueue(q);
    }
  }

  /** Evicted pods that a controller recreates rejoin the queue: movable running pods, pending pods with an owner. */
  private recreated(q: number): boolean {
    const pod = this.instance.pods[q];
    return pod.node !== undefined ? pod.movable : pod.owner !== undefined;
  }
}
