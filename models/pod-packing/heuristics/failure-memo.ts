/**
 * Pods alike in everything the filters and preemption read (requests, ports, selectors,
 * tolerations, priority, preemption policy) fail alike. Once such a pod found no node and
 * no preemption, the next one is known to fail too as long as no pod left a node (which
 * alone adds room) and no pod of lower priority was bound (which alone adds victims): the
 * scheduler skips its scan of every node. It changes no outcome, only the time a cluster
 * with thousands of unschedulable replicas takes.
 */
import type { Pod, PodPackingInstance } from '../types.js';

interface Failure {
  unbinds: number;
  lowerBinds: number;
}

function shape(pod: Pod): string {
  const { cpu, memory, resources, hostPorts, nodeSelector, affinity, tolerations, priority, preemptionPolicy } = pod;
  return JSON.stringify([
    cpu,
    memory,
    resources,
    hostPorts,
    nodeSelector,
    affinity,
    tolerations,
    priority,
    preemptionPolicy,
  ]);
}

export class FailureMemo {
  private readonly shapeOf: Int32Array;
  private readonly failures = new Map<number, Failure>();
  private unbinds = 0;
  /** Binds per priority (and gang permits, which make waiting pods victims), in priority order. */
  private readonly binds = new Map<number, number>();

  /** `exclude`: pods never memoized (gang pods, whose fate depends on their group). */
  constructor(instance: PodPackingInstance, exclude: (p: number) => boolean) {
    const ids = new Map<string, number>();
    this.shapeOf = Int32Array.from(instance.pods, (pod, p) => {
      if (exclude(p)) return -1;
      const key = shape(pod);
      if (!ids.has(key)) ids.set(key, ids.size);
      return ids.get(key)!;
    });
  }

  bound(priority: number): void {
    this.binds.set(priority, (this.binds.get(priority) ?? 0) + 1);
  }

  unbound(): void {
    this.unbinds++;
  }

  private lowerBinds(priority: number): number {
    let total = 0;
    for (const [bound, count] of this.binds) if (bound < priority) total += count;
    return total;
  }

  /** Whether a pod of the same shape failed and nothing since could help it. */
  knownToFail(p: number, priority: number): boolean {
    const id = this.shapeOf[p];
    const failure = id < 0 ? undefined : this.failures.get(id);
    return (
      failure !== undefined && failure.unbinds === this.unbinds && failure.lowerBinds === this.lowerBinds(priority)
    );
  }

  failed(p: number, priority: number): void {
    const id = this.shapeOf[p];
    if (id >= 0) this.failures.set(id, { unbinds: this.unbinds, lowerBinds: this.lowerBinds(priority) });
  }
}
