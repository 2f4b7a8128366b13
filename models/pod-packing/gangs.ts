/**
 * Gangs (PodGroups) as the rules see them: a group is placed when at least `minMember` of
 * its pods have a node, unplaced when none has, and partly placed (a violation) otherwise.
 */
import type { PodGroup, PodPackingInstance } from './types.js';

/** The group index of every pod, -1 for a pod in no group. */
export function groupOfPods(instance: PodPackingInstance): number[] {
  const group = instance.pods.map(() => -1);
  (instance.groups ?? []).forEach((g, k) => {
    for (const p of g.pods) group[p] = k;
  });
  return group;
}

/** How many of the group's pods the assignment places. */
export function placedMembers(group: PodGroup, assignment: number[]): number {
  return group.pods.filter((p) => (assignment[p] ?? -1) >= 0).length;
}

/** Placed, but fewer than minMember: the group's pods cannot run as a gang. */
export function partlyPlaced(group: PodGroup, assignment: number[]): boolean {
  const placed = placedMembers(group, assignment);
  return placed > 0 && placed < group.minMember;
}

/** A group with fewer pods than minMember can never start (coscheduling's PreFilter refuses it). */
export function tooFewPods(group: PodGroup): boolean {
  return group.pods.length < group.minMember;
}
