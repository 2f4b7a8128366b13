/**
 * What preemption could free on each node: the requests of the pods that may be victims
 * (pods the run placed, and running pods marked evictable), summed per priority, kept up
 * to date as pods are bound and unbound. A node where even evicting every such pod of lower
 * priority leaves too little room is no candidate, found without looking at its pods; the
 * preemption search checks this first, so a pod that can preempt nowhere costs a pass over
 * the nodes, not over every pod.
 */
import type { Pod, PodNode, PodPackingInstance } from '../types.js';
import type { NodeUsage } from './filters.js';
import type { ResourceTable } from '../resources.js';

export class PriorityUsage {
  /** Distinct priorities, ascending. */
  private readonly priorities: number[];
  private readonly tierOf: Int32Array;
  private readonly victimClass: Uint8Array;
  /** Per node and tier: cpu, memory, pods, then the named resources. */
  private readonly usage: Float64Array[];
  private readonly width: number;

  constructor(
    instance: PodPackingInstance,
    private readonly table: ResourceTable,
  ) {
    this.priorities = [...new Set(instance.pods.map((pod) => pod.priority))].sort((a, b) => a - b);
    const tier = new Map(this.priorities.map((priority, t) => [priority, t]));
    this.tierOf = Int32Array.from(instance.pods, (pod) => tier.get(pod.priority)!);
    this.victimClass = Uint8Array.from(instance.pods, (pod) => (pod.node === undefined || pod.evictable ? 1 : 0));
    this.width = 3 + table.names.length;
    this.usage = instance.nodes.map(() => new Float64Array(this.priorities.length * this.width));
  }

  shift(p: number, n: number, cpu: number, memory: number, sign: 1 | -1): void {
    if (this.victimClass[p] === 0) return;
    const row = this.usage[n];
    const base = this.tierOf[p] * this.width;
    row[base] += sign * cpu;
    row[base + 1] += sign * memory;
    row[base + 2] += sign;
    const requests = this.table.requests[p];
    for (let r = 0; r < requests.length; r++) row[base + 3 + r] += sign * requests[r];
  }

  /**
   * Whether pod p's cpu, memory, slot and named requests fit node n once every possible
   * victim below `priority` is gone (allocation-free: it runs for every node a failing pod
   * could preempt on).
   */
  fitsWithout(p: number, n: number, priority: number, usage: NodeUsage, node: PodNode, pod: Pod): boolean {
    let [cpu, memory, pods] = [usage.cpu, usage.memory, usage.pods];
    const row = this.usage[n];
    let t = 0;
    for (; t < this.priorities.length && this.priorities[t] < priority; t++) {
      const base = t * this.width;
      cpu -= row[base];
      memory -= row[base + 1];
      pods -= row[base + 2];
    }
    if (pods + 1 > node.pods || (pod.cpu > 0 && node.cpu - cpu < pod.cpu)) return false;
    if (pod.memory > 0 && node.memory - memory < pod.memory) return false;
    const requests = this.table.requests[p];
    for (let r = 0; r < requests.length; r++) {
      if (requests[r] <= 0) continue;
      let used = usage.named[r];
      for (let k = 0; k < t; k++) used -= row[k * this.width + 3 + r];
      if (this.table.allocatable[n][r] - used < requests[r]) return false;
    }
    return true;
  }

  /** The lowest priority among the node's possible victims below `priority` (Infinity: none). */
  lowestVictim(n: number, priority: number): number {
    const row = this.usage[n];
    for (let t = 0; t < this.priorities.length && this.priorities[t] < priority; t++)
      if (row[t * this.width + 2] > 0) return this.priorities[t];
    return Number.POSITIVE_INFINITY;
  }
}
