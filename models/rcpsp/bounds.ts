/**
 * Lower bounds on the makespan of an RCPSP instance, and earliest/latest start windows
 * for a given horizon (for time-indexed MIPs). Everything here is a valid relaxation:
 * no feasible schedule ends before `lowerBound`, and no feasible schedule that ends by
 * the horizon starts an activity outside its window.
 */
import { closure, heads, latestStarts, members } from '../../src/util/dag-paths.js';
import { topologicalOrder as orderOf } from '../../src/util/dag.js';
import type { RcpspInstance, Resource } from './instance.js';
import { activityDurations, precedenceDag, precedenceOrder } from './topology.js';

// Re-exported: callers have imported it from here since before topology.ts existed.
export { topologicalOrder } from './topology.js';

/**
 * The longest path through the precedence network, with durations, starting each
 * activity no earlier than its release date; Infinity when precedence has a cycle.
 *
 * @example
 * ```ts
 * criticalPathBound(instance); // e.g. 38 for PSPLIB j301_1
 * ```
 */
export function criticalPathBound(instance: RcpspInstance): number {
  const dag = precedenceDag(instance);
  const order = orderOf(dag);
  if (order === undefined) return Infinity;
  const earliest = new Float64Array(instance.activities.map((a) => a.release));
  heads(dag, order, earliest, { length: activityDurations(instance) });
  return instance.activities.reduce((end, a, j) => Math.max(end, earliest[j] + a.duration), 0);
}

/** The capacity of a resource in period t: the lowest of the downtime windows covering t, else the normal one. */
export function capacityAt(resource: Resource, t: number): number {
  let capacity = resource.capacity;
  for (const w of resource.downtime) if (w.start <= t && t < w.end) capacity = Math.min(capacity, w.capacity);
  return capacity;
}

/** Breakpoints of a resource's capacity inside [from, to], sorted: the capacity is constant between two of them. */
function breakpoints(resource: Resource, from: number, to: number): number[] {
  const points = new Set([from, to]);
  for (const w of resource.downtime) for (const t of [w.start, w.end]) if (t > from && t < to) points.add(t);
  return [...points].sort((x, y) => x - y);
}

/**
 * The earliest T such that the capacity-periods of `resource` in [from, T) add up to
 * at least `energy`; Infinity when they never do.
 */
export function energyFitsBy(resource: Resource, energy: number, from = 0): number {
  if (energy <= 0) return from;
  const lastWindowEnd = resource.downtime.reduce((end, w) => Math.max(end, w.end), from);
  // Past the last window the capacity is the normal one, which is the open-ended last piece.
  const points = [...breakpoints(resource, from, lastWindowEnd), Infinity];
  let left = energy;
  for (let k = 0; k + 1 < points.length; k++) {
    const capacity = capacityAt(resource, points[k]);
    if (capacity > 0 && capacity * (points[k + 1] - points[k]) >= left) return points[k] + Math.ceil(left / capacity);
    left -= capacity * (points[k + 1] - points[k]);
  }
  return Infinity;
}

/**
 * The latest T such that the capacity-periods of `resource` in [T, end) add up to at
 * least `energy`; -Infinity when they never do.
 */
export function energyFitsFrom(resource: Resource, energy: number, end: number): number {
  if (energy <= 0) return end;
  const points = breakpoints(resource, 0, Math.max(0, end));
  let left = energy;
  for (let k = points.length - 1; k > 0; k--) {
    const capacity = capacityAt(resource, points[k - 1]);
    if (capacity > 0 && capacity * (points[k] - points[k - 1]) >= left) return points[k] - Math.ceil(left / capacity);
    left -= capacity * (points[k] - points[k - 1]);
  }
  return -Infinity;
}

/**
 * The energy bound: for each resource, the earliest time by which its available
 * capacity-periods (after downtime, from the earliest release among its users) cover
 * the sum of demand × duration; the largest over the resources.
 *
 * @example
 * ```ts
 * resourceBound(instance); // ceil(sum demand*duration / capacity) with no downtime
 * ```
 */
export function resourceBound(instance: RcpspInstance): number {
  let bound = 0;
  instance.resources.forEach((resource, r) => {
    const users = instance.activities.filter((a) => a.demand[r] > 0 && a.duration > 0);
    if (users.length === 0) return;
    const energy = users.reduce((sum, a) => sum + a.demand[r] * a.duration, 0);
    const from = Math.min(...users.map((a) => a.release));
    bound = Math.max(bound, energyFitsBy(resource, energy, from));
  });
  return bound;
}

/**
 * The best of the bounds here: no feasible schedule ends before it.
 *
 * @example
 * ```ts
 * lowerBound(instance) >= criticalPathBound(instance); // true
 * ```
 */
export function lowerBound(instance: RcpspInstance): number {
  return Math.max(criticalPathBound(instance), resourceBound(instance));
}

function energyOf(instance: RcpspInstance, members: number[], r: number): number {
  return members.reduce((sum, i) => sum + instance.activities[i].demand[r] * instance.activities[i].duration, 0);
}

/**
 * Earliest and latest start of every activity in any feasible schedule that ends by
 * `horizon`: CPM with release dates and deadlines, tightened by resource energy (on each
 * resource, the transitive predecessors of an activity must fit before it starts, and
 * with it before it ends; its transitive successors after it ends, and with it after
 * it starts, all counted with downtime). `earliest[j] > latest[j]` means no
 * such schedule exists. Throws an input error when precedence has a cycle.
 *
 * @example
 * ```ts
 * const { earliest, latest } = timeWindows(instance, 60);
 * // start variables x[j][t] are needed only for earliest[j] <= t <= latest[j]
 * ```
 */
export function timeWindows(instance: RcpspInstance, horizon: number): { earliest: number[]; latest: number[] } {
  const dag = precedenceDag(instance);
  const order = precedenceOrder(instance, dag);
  const { activities, resources } = instance;
  const before = closure(dag, order, 'before');
  const after = closure(dag, order, 'after');
  const length = activityDurations(instance);
  // Before an activity starts, its predecessors' energy must fit; before it ends, theirs and its own.
  const earliest = Float64Array.from(activities, (a, j) =>
    resources.reduce((t, res, r) => {
      const energy = energyOf(instance, members(before, j), r);
      return Math.max(t, energyFitsBy(res, energy), energyFitsBy(res, energy + a.demand[r] * a.duration) - a.duration);
    }, a.release),
  );
  heads(dag, order, earliest, { length });
  // After an activity ends, its successors' energy must fit; after it starts, theirs and its own.
  const latest = Float64Array.from(activities, (a, j) =>
    resources.reduce((t, res, r) => {
      const energy = energyOf(instance, members(after, j), r);
      return Math.min(
        t,
        energyFitsFrom(res, energy, horizon) - a.duration,
        energyFitsFrom(res, energy + a.demand[r] * a.duration, horizon),
      );
    }, Math.min(horizon, a.deadline) - a.duration),
  );
  latestStarts(dag, order, latest, { length });
  return { earliest: Array.from(earliest), latest: Array.from(latest) };
}
