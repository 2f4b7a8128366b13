/**
 * Last passes that make a baseline's answer keep rules the packers do not plan for: a pod
 * with `preemptionPolicy: Never` that landed where a lower-priority pod was displaced goes
 * back to pending (it may not take room made by evicting or moving others).
 */
import type { Cluster } from './cluster.js';

/** Unplace every newly placed Never pod on a node from which a lower-priority snapshot-running pod left. */
export function repairNeverPreempt(cluster: Cluster): void {
  const { instance, assignment } = cluster;
  const displaced = instance.nodes.map(() => Number.POSITIVE_INFINITY);
  instance.pods.forEach((pod, p) => {
    if (pod.node !== undefined && assignment[p] !== pod.node)
      displaced[pod.node] = Math.min(displaced[pod.node], pod.priority);
  });
  instance.pods.forEach((pod, p) => {
    const n = assignment[p];
    if (pod.preemptionPolicy === 'Never' && n >= 0 && n !== pod.node && displaced[n] < pod.priority) cluster.unbind(p);
  });
}
