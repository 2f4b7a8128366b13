/**
 * A cluster's state while a heuristic runs: where each pod is bound, and per node the
 * requested totals (actual and "non-zero", the latter for the scheduler's scores), the
 * named resources in the columns of `resourceTable` and the host ports in use.
 */
import { resourceTable, type ResourceTable } from '../resources.js';
import type { PodPackingInstance, PodPackingSolution } from '../types.js';
import { emptyUsage, type NodeUsage } from './filters.js';
import { nonZeroRequest } from './scoring.js';
import { MaxTree } from './max-tree.js';
import { PriorityUsage } from './priority-usage.js';
import { SpreadCounts } from './topology-spread.js';

export class Cluster {
  readonly assignment: number[];
  readonly usage: NodeUsage[];
  readonly scoringUsage: NodeUsage[];
  /** The named resources (GPUs, ephemeral storage, huge pages) as columns. */
  readonly table: ResourceTable;
  /** Pods of each default-spreading group per node and zone (topology-spread.ts). */
  readonly spread: SpreadCounts;
  /** What preemption could free per node and priority (priority-usage.ts). */
  readonly victims: PriorityUsage;
  /** Whether some pod binds host ports (else NodePorts never rejects a node). */
  readonly hostPorts: boolean;
  /** Whether some node has a PreferNoSchedule taint (else TaintToleration scores every node alike). */
  readonly preferTaints: boolean;
  /** Node indices in name order (the scheduler's search order) and each node's place in it. */
  readonly order: number[];
  readonly position: Int32Array;
  /** Free cpu, memory and pod slots of the nodes in name order (max-tree.ts). */
  readonly free: { cpu: MaxTree; memory: MaxTree; pods: MaxTree };
  private readonly onNode: Set<number>[];
  /** Per node, how often its pods changed (caches of per-node work compare it). */
  readonly version: Int32Array;

  /** Every running pod on its current node, every pending pod unplaced. */
  constructor(readonly instance: PodPackingInstance) {
    this.table = resourceTable(instance);
    this.spread = new SpreadCounts(instance);
    this.victims = new PriorityUsage(instance, this.table);
    this.hostPorts = instance.pods.some((pod) => pod.hostPorts !== undefined);
    this.preferTaints = instance.nodes.some((node) => node.taints.some((t) => t.effect === 'PreferNoSchedule'));
    this.order = nodesByName(instance);
    this.position = new Int32Array(instance.nodes.length);
    this.order.forEach((n, k) => {
      this.position[n] = k;
    });
    const inOrder = (amount: (n: number) => number) => new MaxTree(this.order.map(amount));
    this.free = {
      cpu: inOrder((n) => instance.nodes[n].cpu),
      memory: inOrder((n) => instance.nodes[n].memory),
      pods: inOrder((n) => instance.nodes[n].pods),
    };
    const width = this.table.names.length;
    this.assignment = instance.pods.map(() => -1);
    this.usage = instance.nodes.map(() => emptyUsage(width));
    this.scoringUsage = instance.nodes.map(() => emptyUsage(width));
    this.onNode = instance.nodes.map(() => new Set());
    this.version = new Int32Array(instance.nodes.length);
    instance.pods.forEach((pod, p) => {
      if (pod.node !== undefined) this.bind(p, pod.node);
    });
  }

  bind(p: number, n: number): void {
    if (this.assignment[p] >= 0) this.unbind(p);
    this.assignment[p] = n;
    this.onNode[n].add(p);
    this.version[n]++;
    this.shift(p, n, 1);
  }

  unbind(p: number): void {
    const n = this.assignment[p];
    if (n < 0) return;
    this.assignment[p] = -1;
    this.onNode[n].delete(p);
    this.version[n]++;
    this.shift(p, n, -1);
  }

  /** False when some node-independent shortage rules out every node: more cpu, memory or slots than any node has free. */
  mayFitSomewhere(p: number): boolean {
    const pod = this.instance.pods[p];
    if (this.free.pods.max() < 1) return false;
    if (pod.cpu > 0 && pod.cpu > this.free.cpu.max()) return false;
    return !(pod.memory > 0 && pod.memory > this.free.memory.max());
  }

  /**
   * The first place k >= from (below `end`) in name order whose node might take pod p: free
   * slots, and enough free cpu (or memory, when it requests no cpu); -1 when none. Nodes
   * skipped would fail NodeResourcesFit.
   */
  nextCandidate(p: number, from: number, end: number): number {
    const pod = this.instance.pods[p];
    const [tree, need] =
      pod.cpu > 0 ? [this.free.cpu, pod.cpu] : pod.memory > 0 ? [this.free.memory, pod.memory] : [this.free.pods, 1];
    return tree.nextAtLeast(from, need, end);
  }

  /** Pods bound to node `n`, in no particular order (for callers that sort them their own way). */
  podsOnUnordered(n: number): Iterable<number> {
    return this.onNode[n];
  }

  solution(): PodPackingSolution {
    return { assignment: [...this.assignment] };
  }

  private shift(p: number, n: number, sign: 1 | -1): void {
    const pod = this.instance.pods[p];
    const nonZero = nonZeroRequest(pod);
    const [usage, scoring] = [this.usage[n], this.scoringUsage[n]];
    usage.cpu += sign * pod.cpu;
    usage.memory += sign * pod.memory;
    usage.pods += sign;
    scoring.cpu += sign * nonZero.cpu;
    scoring.memory += sign * nonZero.memory;
    scoring.pods += sign;
    const requests = this.table.requests[p];
    for (let r = 0; r < requests.length; r++) usage.named[r] += sign * requests[r];
    this.spread.shift(p, n, sign);
    this.victims.shift(p, n, pod.cpu, pod.memory, sign);
    const k = this.position[n];
    this.free.cpu.add(k, -sign * pod.cpu);
    this.free.memory.add(k, -sign * pod.memory);
    this.free.pods.add(k, -sign);
    for (const port of pod.hostPorts ?? []) {
      if (sign > 0) usage.ports.push(port);
      else usage.ports.splice(usage.ports.indexOf(port), 1);
    }
  }
}

/** Node indices sorted by node name: the deterministic tie-break order. */
export function nodesByName(instance: PodPackingInstance): number[] {
  return instance.nodes
    .map((_, n) => n)
    .sort((a, b) =>
      instance.nodes[a].name < instance.nodes[b].name ? -1 : instance.nodes[a].name > instance.nodes[b].name ? 1 : 0,
    );
}
