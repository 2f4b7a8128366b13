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

/** The earliest t' >= t at which activity j fits the remaining capacity in every period t' .. t'+d-1. */
export function earliestFit(c: CompiledRcpsp, avail: Int32Array, j: number, t: number): number {
  const d = c.duration[j];
  const from = c.uses.start[j];
  const to = c.uses.start[j + 1];
  if (d === 0 || from === to) return t;
  const count = c.resourceCount;
  const uses = c.uses.list;
  const amounts = c.useAmount;
  let start = t;
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

/** The latest t' <= t at which activity j fits; may be negative when nothing fits at or after 0. */
export function latestFit(c: CompiledRcpsp, avail: Int32Array, j: number, t: number): number {
  const d = c.duration[j];
  const from = c.uses.start[j];
  const to = c.uses.start[j + 1];
  if (d === 0 || from === to) return t;
  const count = c.resourceCount;
  const uses = c.uses.list;
  const amounts = c.useAmount;
  let start = t;
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
