/**
 * Time windows [earliest start, latest start] of every activity for a given horizon:
 * critical-path heads and tails (with release dates and deadlines), tightened by
 * resource energy (the transitive predecessors of an activity must fit into the
 * capacity available before it starts, its transitive successors into the capacity
 * after it ends) and by downtime (an activity starts only where it fits alone).
 *
 * A private helper of the MIP formulation. `models/rcpsp/bounds.ts` (`timeWindows`) computes
 * the plain critical-path windows for the bounds; these add the energy and downtime rules.
 */
import { closure, heads, latestFinishes } from '../../../src/util/dag-paths.js';
import type { Dag } from '../../../src/util/dag.js';
import type { RcpspInstance } from '../instance.js';
import { activityDurations, precedenceDag, precedenceOrder } from '../topology.js';

// Re-exported: the formulation and its tests have imported it from here.
export { topologicalOrder } from '../topology.js';

/** Windows by activity, plus the same for a virtual end node that follows every activity. */
export interface TimeWindows {
  /** Earliest start by activity index. */
  earliest: number[];
  /** Latest start by activity index (inclusive); earliest > latest means no schedule fits. */
  latest: number[];
  /** A lower bound on the makespan (the virtual end's earliest start). */
  endEarliest: number;
  /** True when some window is empty: no schedule ends by the horizon. */
  empty: boolean;
}

/**
 * Capacity of every resource in every period 0 .. horizon-1; where downtime windows
 * overlap the smallest capacity holds.
 */
export function capacityProfiles(instance: RcpspInstance, horizon: number): Int32Array[] {
  return instance.resources.map((resource) => {
    const profile = new Int32Array(Math.max(0, horizon)).fill(resource.capacity);
    for (const window of resource.downtime) {
      for (let t = Math.max(0, window.start); t < Math.min(horizon, window.end); t++)
        profile[t] = Math.min(profile[t], window.capacity);
    }
    return profile;
  });
}

/**
 * For every activity, the set of its transitive predecessors (`forward`) or successors as a
 * boolean matrix row: `sets[j][i]` is 1 when i comes before (after) j.
 *
 * @example
 * ```ts
 * const predecessors = closures(instance, topologicalOrder(instance), true);
 * ```
 */
export function closures(
  instance: RcpspInstance,
  order: ArrayLike<number>,
  forward: boolean,
  dag = precedenceDag(instance),
): Uint8Array[] {
  const n = instance.activities.length;
  const { words, bits } = closure(dag, new Int32Array(order), forward ? 'before' : 'after');
  return Array.from({ length: n }, (_, j) => {
    const row = new Uint8Array(n);
    for (let i = 0; i < n; i++) row[i] = (bits[j * words + (i >>> 5)] >>> (i & 31)) & 1;
    return row;
  });
}

/** True when the activity alone fits every resource's profile when started at `start`. */
function fitsAlone(demand: number[], duration: number, profiles: Int32Array[], start: number): boolean {
  for (let r = 0; r < profiles.length; r++) {
    if (demand[r] === 0) continue;
    for (let t = start; t < start + duration; t++)
      if (t < profiles[r].length && profiles[r][t] < demand[r]) return false;
  }
  return true;
}

interface Context {
  instance: RcpspInstance;
  horizon: number;
  dag: Dag;
  order: Int32Array;
  duration: Float64Array;
  profiles: Int32Array[];
  /** Prefix sums of each profile: cumulative[r][t] = capacity over periods 0 .. t-1. */
  cumulative: Float64Array[];
  predecessors: Uint8Array[];
  successors: Uint8Array[];
  earliest: Float64Array;
  latestFinish: Float64Array;
}

function prefixSums(profile: Int32Array): Float64Array {
  const sums = new Float64Array(profile.length + 1);
  for (let t = 0; t < profile.length; t++) sums[t + 1] = sums[t] + profile[t];
  return sums;
}

/** Critical-path passes: heads forward from the release dates, latest finishes backward from the deadlines. */
function propagate(context: Context): void {
  const { dag, order, duration } = context;
  heads(dag, order, context.earliest, { length: duration });
  latestFinishes(dag, order, context.latestFinish, { length: duration });
}

/** The first period T >= from with capacity over [from, T) at least `amount` (Infinity when none before the horizon). */
function firstCovering(cumulative: Float64Array, from: number, amount: number): number {
  for (let t = from; t < cumulative.length; t++) if (cumulative[t] - cumulative[from] >= amount) return t;
  return Infinity;
}

/** The last period T <= to with capacity over [T, to) at least `amount` (-Infinity when none). */
function lastCovering(cumulative: Float64Array, to: number, amount: number): number {
  for (let t = to; t >= 0; t--) if (cumulative[to] - cumulative[t] >= amount) return t;
  return -Infinity;
}

/**
 * Resource energy: the transitive predecessors of j all run between the earliest of
 * their heads and j's start, so the capacity there must cover their energy; the same
 * for the successors between j's finish and the latest of their latest finishes.
 */
function tightenByEnergy(context: Context): void {
  const { instance, profiles, cumulative, predecessors, successors, earliest, latestFinish, horizon } = context;
  const n = instance.activities.length;
  for (let j = 0; j < n; j++) {
    for (let r = 0; r < profiles.length; r++) {
      let before = 0;
      let from = Infinity;
      let after = 0;
      let to = -Infinity;
      for (let i = 0; i < n; i++) {
        const work = instance.activities[i].duration * instance.activities[i].demand[r];
        if (predecessors[j][i]) {
          before += work;
          from = Math.min(from, earliest[i]);
        }
        if (successors[j][i]) {
          after += work;
          to = Math.max(to, latestFinish[i]);
        }
      }
      if (before > 0)
        earliest[j] = Math.max(earliest[j], firstCovering(cumulative[r], Math.min(from, horizon), before));
      if (after > 0)
        latestFinish[j] = Math.min(
          latestFinish[j],
          lastCovering(cumulative[r], Math.max(0, Math.min(to, horizon)), after),
        );
    }
  }
}

/** Moves each window inward to the first and last start at which the activity fits alone under downtime. */
function tightenByDowntime(context: Context): void {
  const { instance, profiles, earliest, latestFinish } = context;
  instance.activities.forEach((activity, j) => {
    if (activity.duration === 0) return;
    while (
      earliest[j] + activity.duration <= latestFinish[j] &&
      !fitsAlone(activity.demand, activity.duration, profiles, earliest[j])
    )
      earliest[j]++;
    while (
      latestFinish[j] - activity.duration >= earliest[j] &&
      !fitsAlone(activity.demand, activity.duration, profiles, latestFinish[j] - activity.duration)
    )
      latestFinish[j]--;
  });
}

function fingerprint(context: Context): string {
  return `${context.earliest.join(',')}|${context.latestFinish.join(',')}`;
}

/**
 * Windows of every activity such that any schedule ending by `horizon` starts each
 * activity inside its window.
 *
 * @example
 * ```ts
 * const { earliest, latest } = activityWindows(instance, 43);
 * ```
 */
export function activityWindows(instance: RcpspInstance, horizon: number): TimeWindows {
  const dag = precedenceDag(instance);
  const order = precedenceOrder(instance, dag);
  const profiles = capacityProfiles(instance, horizon);
  const context: Context = {
    instance,
    horizon,
    dag,
    order,
    duration: activityDurations(instance),
    profiles,
    cumulative: profiles.map(prefixSums),
    predecessors: closures(instance, order, true, dag),
    successors: closures(instance, order, false, dag),
    earliest: new Float64Array(instance.activities.map((a) => a.release)),
    latestFinish: new Float64Array(instance.activities.map((a) => Math.min(horizon, a.deadline))),
  };
  // Each tightening can enable another; a few rounds reach the fixed point on PSPLIB sizes.
  for (let round = 0; round < 8; round++) {
    const before = fingerprint(context);
    propagate(context);
    tightenByDowntime(context);
    tightenByEnergy(context);
    if (fingerprint(context) === before) break;
  }
  propagate(context);
  const earliest = Array.from(context.earliest);
  const latest = instance.activities.map((a, j) => context.latestFinish[j] - a.duration);
  const endEarliest = Math.max(
    0,
    ...instance.activities.map((a, j) => earliest[j] + a.duration),
    ...profiles.map((_, r) => totalEnergyBound(context, r)),
  );
  const empty = earliest.some((e, j) => !(e <= latest[j])) || endEarliest > horizon;
  return { earliest, latest, endEarliest, empty };
}

/** The makespan needed to fit every activity's energy on resource r (Infinity when it does not fit by the horizon). */
function totalEnergyBound(context: Context, r: number): number {
  const total = context.instance.activities.reduce((acc, a) => acc + a.duration * a.demand[r], 0);
  if (total === 0) return 0;
  const from = Math.min(...context.earliest);
  return firstCovering(context.cumulative[r], Math.max(0, Math.min(from, context.horizon)), total);
}
