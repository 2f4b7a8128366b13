/**
 * A cluster's state while a heuristic runs: where each pod is bound, and per node the
 * requested totals (actual and "non-zero", the latter for the scheduler's scores), the
 * named resources in the columns of `resourceTable` and the host ports in use.
 */
import { resourceTable, type ResourceTable } from '../resources.js';
import type { PodPackingInstance, PodPackingSolution } from '../types.js';
import { emptyUsage, type NodeUsage } from './filters.js';
import { nonZeroRequest } from './scoring.js';

export class Cluster {
  readonly assignment: number[];
  readonly usage: NodeUsage[];
  readonly scoringUsage: NodeUsage[];
  /** The named resources (GPUs, ephemeral storage, huge pages) as columns. */
  readonly table: ResourceTable;
  private readonly onNode: Set<number>[];

  /** Every running pod on its current node, every pending pod unplaced. */
  constructor(readonly instance: PodPackingInstance) {
    this.table = resourceTable(instance);
    const width = this.table.names.length;
    this.assignment = instance.pods.map(() => -1);
    this.usage = instance.nodes.map(() => emptyUsage(width));
    this.scoringUsage = instance.nodes.map(() => emptyUsage(width));
    this.onNode = instance.nodes.map(() => new Set());
    instance.pods.forEach((pod, p) => {
      if (pod.node !== undefined) this.bind(p, pod.node);
    });
  }

  bind(p: number, n: number): void {
    if (this.assignment[p] >= 0) this.unbind(p);
    this.assignment[p] = n;
    this.onNode[n].add(p);
    this.shift(p, n, 1);
  }

  unbind(p: number): void {
    const n = this.assignment[p];
    if (n < 0) return;
    this.assignment[p] = -1;
    this.onNode[n].delete(p);
    this.shift(p, n, -1);
  }

  /** Pods bound to node `n`, in creation order. */
  podsOn(n: number): number[] {
    return [...this.onNode[n]].sort((a, b) => a - b);
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
