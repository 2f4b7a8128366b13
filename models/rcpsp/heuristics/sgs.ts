/**
 * Schedule generation schemes. The serial SGS takes an activity list (each activity
 * after its predecessors) and starts each activity, in list order, at the earliest
 * period where precedence, release date, capacity (with downtime) and its disjunctive
 * partners allow. The backward serial SGS does the mirror image: latest finishes, for
 * right-justifying a schedule. The parallel SGS advances a clock and starts, by
 * priority, every eligible activity that fits at the current time.
 */
import { book, earliestFit, fitsAt, type Frontiers, latestFit, resetFrontiers } from './capacity-profile.js';
import type { CompiledRcpsp } from './compiled.js';
import { drawByRegret } from './priority-rules.js';

/** Scratch arrays reused across schedules, so decoding allocates nothing. */
export interface Workspace extends Frontiers {
  avail: Int32Array;
  placed: Uint8Array;
}

export function createWorkspace(c: CompiledRcpsp): Workspace {
  return {
    avail: new Int32Array(c.baseProfile.length),
    placed: new Uint8Array(c.n),
    openFrom: new Int32Array(c.resourceCount),
    openUntil: new Int32Array(c.resourceCount),
  };
}

/** Move t forward past every placed partner of j that overlaps [t, t+d); returns t unchanged when none does. */
function afterPartners(c: CompiledRcpsp, ws: Workspace, starts: Int32Array, j: number, t: number): number {
  const d = c.duration[j];
  for (let k = c.partners.start[j]; k < c.partners.start[j + 1]; k++) {
    const p = c.partners.list[k];
    if (ws.placed[p] && starts[p] < t + d && t < starts[p] + c.duration[p]) return starts[p] + c.duration[p];
  }
  return t;
}

/** Move t backward before every placed partner that overlaps [t, t+d). */
function beforePartners(c: CompiledRcpsp, ws: Workspace, starts: Int32Array, j: number, t: number): number {
  const d = c.duration[j];
  for (let k = c.partners.start[j]; k < c.partners.start[j + 1]; k++) {
    const p = c.partners.list[k];
    if (ws.placed[p] && starts[p] < t + d && t < starts[p] + c.duration[p]) return starts[p] - d;
  }
  return t;
}

/** Serial SGS: decode `list` into `starts`; returns the makespan. */
export function serialForward(c: CompiledRcpsp, ws: Workspace, list: Int32Array, starts: Int32Array): number {
  ws.avail.set(c.baseProfile);
  ws.placed.fill(0);
  resetFrontiers(c, ws);
  let makespan = 0;
  for (let i = 0; i < c.n; i++) {
    const j = list[i];
    let t = c.release[j];
    for (let k = c.predecessors.start[j]; k < c.predecessors.start[j + 1]; k++) {
      const p = c.predecessors.list[k];
      const finish = starts[p] + c.duration[p];
      if (finish > t) t = finish;
    }
    for (;;) {
      t = earliestFit(c, ws.avail, j, t, ws);
      const moved = afterPartners(c, ws, starts, j, t);
      if (moved === t) break;
      t = moved;
    }
    book(c, ws.avail, j, t);
    starts[j] = t;
    ws.placed[j] = 1;
    if (t + c.duration[j] > makespan) makespan = t + c.duration[j];
  }
  return makespan;
}

/**
 * Backward serial SGS: `list` has each activity before its predecessors; each one
 * finishes as late as possible, by `end` and before its successors start. Returns
 * false when some activity would have to start before its release date (then
 * `starts` is unusable).
 */
export function serialBackward(
  c: CompiledRcpsp,
  ws: Workspace,
  list: Int32Array,
  end: number,
  starts: Int32Array,
): boolean {
  ws.avail.set(c.baseProfile);
  ws.placed.fill(0);
  resetFrontiers(c, ws, end - 1);
  for (let i = 0; i < c.n; i++) {
    const j = list[i];
    let finish = end;
    for (let k = c.successors.start[j]; k < c.successors.start[j + 1]; k++) {
      const s = c.successors.list[k];
      if (starts[s] < finish) finish = starts[s];
    }
    let t = finish - c.duration[j];
    for (;;) {
      t = latestFit(c, ws.avail, j, t, ws);
      if (t < c.release[j]) return false;
      const moved = beforePartners(c, ws, starts, j, t);
      if (moved === t) break;
      t = moved;
    }
    book(c, ws.avail, j, t);
    starts[j] = t;
    ws.placed[j] = 1;
  }
  return true;
}

/** The first time after `t` at which an activity could newly fit: a finish, a release or a downtime boundary. */
function nextEvent(c: CompiledRcpsp, starts: Int32Array, placed: Uint8Array, events: Int32Array, t: number): number {
  let next = Infinity;
  for (let j = 0; j < c.n; j++) {
    const time = placed[j] ? starts[j] + c.duration[j] : c.release[j];
    if (time > t && time < next) next = time;
  }
  for (let k = 0; k < events.length; k++) if (events[k] > t && events[k] < next) next = events[k];
  return next === Infinity ? t + 1 : next;
}

function isEligible(c: CompiledRcpsp, placed: Uint8Array, starts: Int32Array, j: number, t: number): boolean {
  if (placed[j] || c.release[j] > t) return false;
  for (let k = c.predecessors.start[j]; k < c.predecessors.start[j + 1]; k++) {
    const p = c.predecessors.list[k];
    if (!placed[p] || starts[p] + c.duration[p] > t) return false;
  }
  return true;
}

/** What steers the parallel SGS besides the priority values. */
export interface ParallelOptions {
  /**
   * Latest starts by the deadlines: an eligible activity whose latest start has come
   * goes before every other, earliest latest start first, since waiting any longer
   * breaks a deadline for sure.
   */
  latest?: Int32Array;
  /** When given, the order among the others is drawn by regret (biased random sampling). */
  rng?: () => number;
  bias?: number;
}

/** Eligible activities in the order the parallel SGS tries them at time t. */
function decisionOrder(
  eligible: number[],
  priority: Float64Array,
  t: number,
  options: ParallelOptions,
  weights: number[],
): number[] {
  const { latest, rng } = options;
  const urgent =
    latest === undefined ? [] : eligible.filter((j) => latest[j] <= t).sort((a, b) => latest[a] - latest[b] || a - b);
  const rest = urgent.length === 0 ? eligible.slice() : eligible.filter((j) => latest![j] > t);
  if (rng === undefined) return urgent.concat(rest.sort((a, b) => priority[a] - priority[b] || a - b));
  const drawn: number[] = [];
  while (rest.length > 0) {
    const at = drawByRegret(rest, priority, rng, options.bias ?? 1, weights);
    drawn.push(rest[at]);
    rest[at] = rest[rest.length - 1];
    rest.pop();
  }
  return urgent.concat(drawn);
}

/**
 * Parallel SGS: at each decision time, start eligible activities in order of
 * `priority` (smaller first; see `ParallelOptions` for deadlines and sampling) while
 * they fit. `events` lists the downtime boundaries.
 */
export function parallelForward(
  c: CompiledRcpsp,
  ws: Workspace,
  priority: Float64Array,
  events: Int32Array,
  starts: Int32Array,
  options: ParallelOptions = {},
): number {
  ws.avail.set(c.baseProfile);
  ws.placed.fill(0);
  const eligible: number[] = [];
  const weights: number[] = [];
  let done = 0;
  let makespan = 0;
  for (let t = 0; done < c.n; t = nextEvent(c, starts, ws.placed, events, t)) {
    // A zero-duration activity finishes at once, so its successors may start at the same time: scan again.
    for (let again = true; again; ) {
      again = false;
      eligible.length = 0;
      for (let j = 0; j < c.n; j++) if (isEligible(c, ws.placed, starts, j, t)) eligible.push(j);
      for (const j of decisionOrder(eligible, priority, t, options, weights)) {
        if (!fitsAt(c, ws.avail, j, t) || afterPartners(c, ws, starts, j, t) !== t) continue;
        book(c, ws.avail, j, t);
        starts[j] = t;
        ws.placed[j] = 1;
        done++;
        makespan = Math.max(makespan, t + c.duration[j]);
        if (c.duration[j] === 0) again = true;
      }
    }
  }
  return makespan;
}
