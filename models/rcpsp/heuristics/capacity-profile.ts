/**
 * The remaining capacity of every resource in every period, as one time-major
 * `Int32Array` (`avail[t * resourceCount + r]`), with the queries a schedule
 * generation scheme needs: the earliest (or latest) start at which an activity fits,
 * and booking an activity into the profile.
 *
 * Both searches scan the activity's window from the side that yields the longest
 * jump: going forward, a conflict at period τ means no start <= τ fits, so scanning
 * the window backwards finds the latest conflict first.
 */
import type { CompiledRcpsp } from './compiled.js';

/**
 * Per resource, the frontiers of a pass that only books: every period before `openFrom[r]`
 * (forward) or after `openUntil[r]` (backward) has none of resource r left. The searches start
 * there, which keeps a pass over thousands of activities competing for one resource linear
 * (100,000 unconstrained unit activities: 13 s of scanning full periods before, see README).
 */
export interface Frontiers {
  openFrom: Int32Array;
  openUntil: Int32Array;
}

/** Frontiers for a pass that starts on a fresh profile and books nothing after period `last` (a backward pass's end - 1). */
export function resetFrontiers(c: CompiledRcpsp, frontiers: Frontiers, last = Number.POSITIVE_INFINITY): void {
  frontiers.openFrom.fill(0);
  frontiers.openUntil.fill(Math.min(last, c.baseProfile.length / c.resourceCount - 1));
}

/** The first period from which resource r has some capacity left (advancing the frontier). */
function firstOpen(c: CompiledRcpsp, avail: Int32Array, frontiers: Frontiers, r: number): number {
  const count = c.resourceCount;
  const periods = avail.length / count;
  let t = frontiers.openFrom[r];
  while (t < periods && avail[t * count + r] <= 0) t++;
  frontiers.openFrom[r] = t;
  return t;
}

/** The last period up to which resource r has some capacity left (moving the frontier back). */
function lastOpen(c: CompiledRcpsp, avail: Int32Array, frontiers: Frontiers, r: number): number {
  const count = c.resourceCount;
  let t = frontiers.openUntil[r];
  while (t >= 0 && avail[t * count + r] <= 0) t--;
  frontiers.openUntil[r] = t;
  return t;
}

/**
 * The earliest t' >= t at which activity j fits the remaining capacity in every period t' .. t'+d-1.
 * With `frontiers` (a forward pass that only books) the search skips the periods where a
 * resource j needs is already full.
 */
export function earliestFit(c: CompiledRcpsp, avail: Int32Array, j: number, t: number, frontiers?: Frontiers): number {
  const d = c.duration[j];
  const from = c.uses.start[j];
  const to = c.uses.start[j + 1];
  if (d === 0 || from === to) return t;
  const count = c.resourceCount;
  const uses = c.uses.list;
  const amounts = c.useAmount;
  let start = t;
  if (frontiers)
    for (let k = from; k < to; k++)
      if (amounts[k] > 0) start = Math.max(start, firstOpen(c, avail, frontiers, uses[k]));
  scan: for (;;) {
    for (let tau = start + d - 1; tau >= start; tau--) {
      const row = tau * count;
      for (let k = from; k < to; k++) {
        if (avail[row + uses[k]] < amounts[k]) {
          start = tau + 1;
          continue scan;
        }
      }
    }
    return start;
  }
}

/**
 * The latest t' <= t at which activity j fits; may be negative when nothing fits at or after 0.
 * With `frontiers` (a backward pass that only books) it skips the full periods at the end.
 */
export function latestFit(c: CompiledRcpsp, avail: Int32Array, j: number, t: number, frontiers?: Frontiers): number {
  const d = c.duration[j];
  const from = c.uses.start[j];
  const to = c.uses.start[j + 1];
  if (d === 0 || from === to) return t;
  const count = c.resourceCount;
  const uses = c.uses.list;
  const amounts = c.useAmount;
  let start = t;
  if (frontiers)
    for (let k = from; k < to; k++)
      if (amounts[k] > 0) start = Math.min(start, lastOpen(c, avail, frontiers, uses[k]) - d + 1);
  scan: while (start >= 0) {
    for (let tau = start; tau < start + d; tau++) {
      const row = tau * count;
      for (let k = from; k < to; k++) {
        if (avail[row + uses[k]] < amounts[k]) {
          start = tau - d;
          continue scan;
        }
      }
    }
    return start;
  }
  return start;
}

/** Book activity j, started at t, into the profile. */
export function book(c: CompiledRcpsp, avail: Int32Array, j: number, t: number): void {
  const d = c.duration[j];
  const count = c.resourceCount;
  for (let k = c.uses.start[j]; k < c.uses.start[j + 1]; k++) {
    const r = c.uses.list[k];
    const amount = c.useAmount[k];
    for (let at = t * count + r, end = (t + d) * count; at < end; at += count) avail[at] -= amount;
  }
}

/** Whether activity j started at t fits the remaining capacity (used by the parallel SGS). */
export function fitsAt(c: CompiledRcpsp, avail: Int32Array, j: number, t: number): boolean {
  const d = c.duration[j];
  const count = c.resourceCount;
  for (let k = c.uses.start[j]; k < c.uses.start[j + 1]; k++) {
    const r = c.uses.list[k];
    const amount = c.useAmount[k];
    for (let tau = t; tau < t + d; tau++) if (avail[tau * count + r] < amount) return false;
  }
  return true;
}
