/**
 * A cluster's state while a heuristic runs: where each pod is bound, and per node the
 * requested totals (actual and "non-zero", the latter for the scheduler's scores).
 */
import type { PodPackingInstance, PodPackingSolution } from '../instance.js';
import type { NodeUsage } from './filters.js';
import { nonZeroRequest } from './scoring.js';

export class Cluster {
  readonly assignment: number[];
  readonly usage: NodeUsage[];
  readonly scoringUsage: NodeUsage[];

  /** Every running pod on its current node, every pending pod unplaced. */
  constructor(readonly instance: PodPackingInstance) {
    this.assignment = instance.pods.map(() => -1);
    this.usage = instance.nodes.map(() => ({ cpu: 0, memory: 0, pods: 0 }));
    this.scoringUsage = instance.nodes.map(() => ({ cpu: 0, memory: 0, pods: 0 }));
    instance.pods.forEach((pod, p) => {
      if (pod.node !== undefined) this.bind(p, pod.node);
    });
  }

  bind(p: number, n: number): void {
    if (this.assignment[p] >= 0) this.unbind(p);
    this.assignment[p] = n;
    this.shift(p, n, 1);
  }

  unbind(p: number): void {
    const n = this.assignment[p];
    if (n < 0) return;
    this.assignment[p] = -1;
    this.shift(p, n, -1);
  }

  /** Pods bound to node `n`, in creation order. */
  podsOn(n: number): number[] {
    const pods: number[] = [];
    this.assignment.forEach((node, p) => node === n && pods.push(p));
    return pods;
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
