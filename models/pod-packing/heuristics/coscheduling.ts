/**
 * The coscheduling plugin's gang state (kubernetes-sigs/scheduler-plugins,
 * pkg/coscheduling) for the scheduler run:
 * - PreFilter: a group with fewer pods than `minMember` is refused, and a recently
 *   rejected group waits for a cluster event;
 * - Permit: a pod that gets a node waits (holding it) until `minMember` pods of its group
 *   hold nodes, then all of them are bound;
 * - PostFilter: when a pod fits nowhere (and preemption found nothing) and fewer than
 *   `minMember` hold nodes with a gap over 10% (`podGroupRejectPercentage`), every waiting
 *   pod of the group is released and the group moves to the back of its priority (its
 *   failure time becomes its queue time);
 * - the permit wait times out when the queue runs dry: the waiting pods are released.
 * A released group is retried on later cluster events, at most `maxRetries` times, since a
 * snapshot has no clock to end a livelock between gangs that release each other's room.
 */
import type { PodPackingInstance } from '../types.js';
import { groupOfPods } from '../gangs.js';

/** The reject threshold of the coscheduling plugin's default configuration. */
export const rejectShare = 0.1;
/** How often a released group is tried again (see the header). */
export const maxRetries = 2;

interface GangRun {
  /** Queue time: the PodGroup's creation, or its last failure. */
  created: number;
  /** Its pods that hold a node but wait for the rest (Permit). */
  waiting: Set<number>;
  /** minMember reached: its bound pods run. */
  permitted: boolean;
  rejections: number;
}

export class Gangs {
  readonly groupOf: number[];
  readonly runs: GangRun[];

  constructor(readonly instance: PodPackingInstance) {
    this.groupOf = groupOfPods(instance);
    this.runs = (instance.groups ?? []).map((group) => ({
      created: Math.min(...group.pods),
      waiting: new Set<number>(),
      permitted: false,
      rejections: 0,
    }));
  }

  /** The group's name and queue time for coscheduling's `Less`, or undefined for a pod in no group. */
  queueKey(p: number): { created: number; name: string } | undefined {
    const g = this.groupOf[p];
    return g < 0 ? undefined : { created: this.runs[g].created, name: this.instance.groups![g].name };
  }

  /** PreFilter: enough pods exist, and the group has retries left. */
  preFilter(g: number): boolean {
    const group = this.instance.groups![g];
    return group.pods.length >= group.minMember && this.runs[g].rejections <= maxRetries;
  }

  /** Pods of the group that hold a node (waiting or bound), given the assignment. */
  assigned(g: number, assignment: number[]): number {
    return this.instance.groups![g].pods.filter((p) => assignment[p] >= 0).length;
  }

  /** Permit after `p` got a node: true when the group reached minMember (its waiting pods are bound). */
  permit(g: number, p: number, assignment: number[]): boolean {
    const run = this.runs[g];
    if (run.permitted || this.assigned(g, assignment) >= this.instance.groups![g].minMember) {
      run.permitted = true;
      run.waiting.clear();
      return true;
    }
    run.waiting.add(p);
    return false;
  }

  /** PostFilter: whether the whole group is rejected (its waiting pods released). */
  rejects(g: number, assignment: number[]): boolean {
    const minMember = this.instance.groups![g].minMember;
    const assigned = this.assigned(g, assignment);
    if (this.runs[g].permitted || assigned >= minMember) return false;
    return (minMember - assigned) / minMember > rejectShare;
  }

  /** Release the group's waiting pods: they leave their nodes; the group goes to the back of the queue. */
  release(g: number, clock: number): number[] {
    const run = this.runs[g];
    const released = [...run.waiting];
    run.waiting.clear();
    run.rejections++;
    run.created = clock;
    return released;
  }

  /** Groups with pods still waiting. */
  waitingGroups(): number[] {
    return this.runs.flatMap((run, g) => (run.waiting.size > 0 ? [g] : []));
  }

  isWaiting(p: number): boolean {
    const g = this.groupOf[p];
    return g >= 0 && this.runs[g].waiting.has(p);
  }
}
