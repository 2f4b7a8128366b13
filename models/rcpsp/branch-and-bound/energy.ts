/**
 * The energetic check of a node, for the horizon H = incumbent - 1: the search only looks
 * for schedules that end by H. Its full-energy part is the energy bound with tails
 * (`bounds.ts`). Release dates are ignored (they only push work later, so the minimal parts
 * stay minimal), and so are deadlines (latest starts from the deadlines would be tighter
 * but would break the sorted order of the sweep; `search.ts` checks deadlines itself).
 */
import type { BnbProblem } from './compile.js';

/** Scratch of one search for the running activities' ramps (see `energyFails`). */
export interface EnergyScratch {
  /** Running activities by ascending ramp start, and by ascending ramp end. */
  byOpen: Int32Array;
  byClose: Int32Array;
  /** Ramp start and end per activity (valid for the running ones). */
  openAt: Int32Array;
  closeAt: Int32Array;
}

export function energyScratch(m: number): EnergyScratch {
  return {
    byOpen: new Int32Array(m),
    byClose: new Int32Array(m),
    openAt: new Int32Array(m),
    closeAt: new Int32Array(m),
  };
}

/** Insertion sort of `count` activities into `into` by ascending `key` (there are few). */
function sortBy(key: Int32Array, items: Int32Array, count: number, into: Int32Array): void {
  for (let i = 0; i < count; i++) {
    const k = items[i];
    let j = i;
    while (j > 0 && key[into[j - 1]] > key[k]) {
      into[j] = into[j - 1];
      j--;
    }
    into[j] = k;
  }
}

/** The check on one resource `b` of the bound, with the running activities' ramps sorted in `scratch`. */
function resourceFails(
  problem: BnbProblem,
  b: number,
  t: number,
  horizon: number,
  start: Int32Array,
  scratch: EnergyScratch,
  runningCount: number,
): boolean {
  const { boundCount, boundDemand, usersByTail, usersByRemaining, tail, remaining } = problem;
  const { byOpen, byClose, openAt, closeAt } = scratch;
  const capacity = problem.boundCapacity[b];
  const opens = usersByRemaining.list;
  const closes = usersByTail.list;
  let open = usersByRemaining.start[b];
  const openEnd = usersByRemaining.start[b + 1];
  let close = usersByTail.start[b];
  const closeEnd = usersByTail.start[b + 1];
  let runOpen = 0;
  let runClose = 0;
  let value = 0;
  let slope = 0;
  let previous = t;
  for (;;) {
    // Four sorted streams of breakpoints: latest starts and running ramp starts (slope +q), latest finishes and ramp ends (-q).
    while (open < openEnd && start[opens[open]] >= 0) open++;
    while (close < closeEnd && start[closes[close]] >= 0) close++;
    const a = open < openEnd ? horizon - remaining[opens[open]] : Infinity;
    const c = close < closeEnd ? horizon - tail[closes[close]] : Infinity;
    const ra = runOpen < runningCount ? openAt[byOpen[runOpen]] : Infinity;
    const rc = runClose < runningCount ? closeAt[byClose[runClose]] : Infinity;
    const at = Math.min(a, c, ra, rc);
    if (at === Infinity) return false;
    // A latest start before t: that activity cannot start in time any more.
    if (at < t) return true;
    value += slope * (at - previous);
    previous = at;
    if (value > capacity * (at - t)) return true;
    if (at === a) slope += boundDemand[opens[open++] * boundCount + b];
    else if (at === ra) slope += boundDemand[byOpen[runOpen++] * boundCount + b];
    else if (at === c) slope -= boundDemand[closes[close++] * boundCount + b];
    else slope -= boundDemand[byClose[runClose++] * boundCount + b];
  }
}

/**
 * Energetic reasoning on the intervals [t, T] for the horizon H: an unscheduled activity k
 * must start by its latest start H - remaining_k, so at least q_k x clamp(T - latest start,
 * 0, d_k) of its energy falls before T. A running activity k (finish f_k) either keeps its
 * start or is cancelled below this node and starts again by its latest start; both leave
 * at least q_k x clamp(T - a_k, 0, f_k - t) before T, with a_k = max(t, latest start).
 * When, on some resource of the bound, these minimal parts exceed capacity x (T - t), no
 * schedule below this node ends by H. The minimal parts add up to a piecewise linear
 * function of T, so one sweep over its breakpoints in ascending order checks every T.
 *
 * @example
 * ```ts
 * if (energyFails(problem, t, incumbent - 1, start, finish, running, runningCount, scratch)) return; // prune
 * ```
 */
export function energyFails(
  problem: BnbProblem,
  t: number,
  horizon: number,
  start: Int32Array,
  finish: Int32Array,
  running: Int32Array,
  runningCount: number,
  scratch: EnergyScratch,
): boolean {
  const { openAt, closeAt } = scratch;
  for (let i = 0; i < runningCount; i++) {
    const k = running[i];
    openAt[k] = Math.max(t, horizon - problem.remaining[k]);
    closeAt[k] = openAt[k] + finish[k] - t;
  }
  sortBy(openAt, running, runningCount, scratch.byOpen);
  sortBy(closeAt, running, runningCount, scratch.byClose);
  for (let b = 0; b < problem.boundCount; b++) {
    if (resourceFails(problem, b, t, horizon, start, scratch, runningCount)) return true;
  }
  return false;
}
