/**
 * Last passes that make a baseline's answer keep rules the packers do not plan for: a pod
 * with `preemptionPolicy: Never` that landed where a lower-priority pod was displaced goes
 * back to pending (it may not take room made by evicting or moving others), and a gang
 * holding fewer than minMember nodes gives them up (all or none).
 */
import { partlyPlaced } from '../gangs.js';
import { neverPreemptBreaches } from '../preemption-policy.js';
import type { Cluster } from './cluster.js';

/** Unplace every newly placed Never pod on a node from which a lower-priority snapshot-running pod left. */
export function repairNeverPreempt(cluster: Cluster): void {
  for (const p of neverPreemptBreaches(cluster.instance, cluster.assignment)) cluster.unbind(p);
}

/**
 * Unplace every gang that holds fewer than minMember nodes (pods that may neither move nor
 * be evicted stay: such a gang is broken in the snapshot already). Returns the pods unplaced.
 */
export function repairGangs(cluster: Cluster): number[] {
  const { instance, assignment } = cluster;
  const unplaced: number[] = [];
  for (const group of instance.groups ?? []) {
    if (!partlyPlaced(group, assignment)) continue;
    for (const p of group.pods) {
      const pod = instance.pods[p];
      const pinned = pod.node !== undefined && !pod.evictable;
      if (assignment[p] >= 0 && !pinned) {
        cluster.unbind(p);
        unplaced.push(p);
      }
    }
  }
  return unplaced;
}
