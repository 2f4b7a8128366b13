/**
 * Forward-backward improvement (double justification; Tormos & Lova 2001, Valls,
 * Ballestín & Quintanilla 2005). A backward pass right-justifies the schedule
 * (activities in order of decreasing finish, each as late as possible); a forward
 * pass then left-justifies it again (in order of the new starts). For the plain RCPSP
 * neither pass lengthens the schedule, and it often shortens it.
 *
 * Schedules are compared by `cost`: deadline lateness first, then makespan, so a pass
 * that would trade deadlines for makespan is refused.
 */
import type { CompiledRcpsp } from './compiled.js';
import { createWorkspace, serialBackward, serialForward, type Workspace } from './sgs.js';

/** Total lateness over the deadlines: the sum of max(0, finish - deadline). */
export function deadlineLateness(c: CompiledRcpsp, starts: Int32Array): number {
  if (!c.hasDeadlines) return 0;
  let late = 0;
  for (let j = 0; j < c.n; j++) late += Math.max(0, starts[j] + c.duration[j] - c.deadline[j]);
  return late;
}

/** Lexicographic (lateness, makespan) as one number: makespans stay below the horizon. */
export function scheduleCost(c: CompiledRcpsp, starts: Int32Array, makespan: number): number {
  return deadlineLateness(c, starts) * c.horizon + makespan;
}

/** Serial SGS decoding and justification passes sharing one set of scratch arrays. */
export class Decoder {
  readonly ws: Workspace;
  /** How many SGS passes have run (the usual unit of a schedule budget). */
  schedules = 0;
  private readonly buckets: Int32Array;
  private readonly backwardList: Int32Array;
  private readonly backwardStarts: Int32Array;
  private readonly forwardList: Int32Array;
  private readonly forwardStarts: Int32Array;

  constructor(readonly c: CompiledRcpsp) {
    this.ws = createWorkspace(c);
    this.buckets = new Int32Array(c.horizon + 2);
    this.backwardList = new Int32Array(c.n);
    this.backwardStarts = new Int32Array(c.n);
    this.forwardList = new Int32Array(c.n);
    this.forwardStarts = new Int32Array(c.n);
  }

  /** Serial SGS of `list` into `starts`; returns the cost. */
  decode(list: Int32Array, starts: Int32Array): number {
    this.schedules++;
    return scheduleCost(this.c, starts, serialForward(this.c, this.ws, list, starts));
  }

  /**
   * One backward and one forward pass on the schedule (`list`, `starts`, `cost`);
   * when the result is no worse, `list` and `starts` are replaced. Returns the cost.
   */
  justify(list: Int32Array, starts: Int32Array, cost: number): number {
    const { c } = this;
    let end = 0;
    for (let j = 0; j < c.n; j++) end = Math.max(end, starts[j] + c.duration[j]);
    // Decreasing finish; ties in reverse list order keep zero-duration chains valid.
    this.sortByKey(list, true, (j) => end - starts[j] - c.duration[j], this.backwardList);
    this.schedules++;
    if (!serialBackward(c, this.ws, this.backwardList, end, this.backwardStarts)) return cost;
    this.sortByKey(this.backwardList, true, (j) => this.backwardStarts[j], this.forwardList);
    this.schedules++;
    const makespan = serialForward(c, this.ws, this.forwardList, this.forwardStarts);
    const next = scheduleCost(c, this.forwardStarts, makespan);
    if (next > cost) return cost;
    list.set(this.forwardList);
    starts.set(this.forwardStarts);
    return next;
  }

  /** Repeat justification while it improves; returns the cost. */
  justifyFully(list: Int32Array, starts: Int32Array, cost: number): number {
    for (;;) {
      const next = this.justify(list, starts, cost);
      if (next >= cost) return next;
      cost = next;
    }
  }

  /** Stable counting sort of `items` (visited in reverse when `reverse`) by a key in 0 .. horizon. */
  private sortByKey(items: Int32Array, reverse: boolean, key: (j: number) => number, out: Int32Array): void {
    const counts = this.buckets;
    counts.fill(0);
    const n = items.length;
    for (let i = 0; i < n; i++) counts[key(items[i]) + 1]++;
    for (let k = 1; k < counts.length; k++) counts[k] += counts[k - 1];
    for (let i = 0; i < n; i++) {
      const j = items[reverse ? n - 1 - i : i];
      out[counts[key(j)]++] = j;
    }
  }
}
