/**
 * The event loop. Two heaps drive time forward: task completions, and tasks whose
 * dependencies are done but whose lag or release time lies ahead. At each instant all
 * completions apply first, then tasks that become ready, then every resource touched
 * dispatches; an instant is revisited while zero-length tasks keep ending at it.
 * Each task enters and leaves each heap once, so a run costs O((n + e) log n).
 */
import { SchedlabError } from '../../errors.js';
import type { CompiledDag } from './compile.js';
import { IndexHeap } from './heap.js';
import type { DeadlockInfo } from './types.js';

/** Binding kinds as small integers in the schedule arrays. */
export const BIND_NONE = 0;
export const BIND_DEPENDENCY = 1;
export const BIND_RESOURCE = 2;
export const BIND_ORDER = 3;

/** Start, end, slot and binding constraint of every task, by task index. */
export interface Schedule {
  start: Float64Array;
  end: Float64Array;
  lane: Int32Array;
  bindKind: Int8Array;
  /** The task behind `bindKind`, or -1 (a release time, or nothing). */
  bindTask: Int32Array;
}

class Engine {
  readonly schedule: Schedule;
  private readonly readyAt: Float64Array;
  private readonly readyBy: Int32Array;
  private readonly waiting: Int32Array;
  private readonly isReady: Uint8Array;
  private readonly freeSlots: Int32Array;
  private readonly orderNext: Int32Array;
  private readonly lastFreedBy: Int32Array;
  private readonly lastFreedAt: Float64Array;
  private readonly completions: IndexHeap;
  private readonly pending: IndexHeap;
  private readonly queues: IndexHeap[];
  private readonly lanes: IndexHeap[];
  private readonly dirty: number[] = [];
  private readonly isDirty: Uint8Array;
  private done = 0;

  constructor(private readonly dag: CompiledDag) {
    const n = dag.tasks.length;
    const m = dag.resourceIds.length;
    this.schedule = {
      start: new Float64Array(n).fill(NaN),
      end: new Float64Array(n).fill(NaN),
      lane: new Int32Array(n).fill(-1),
      bindKind: new Int8Array(n),
      bindTask: new Int32Array(n).fill(-1),
    };
    this.readyAt = new Float64Array(n);
    this.readyBy = new Int32Array(n).fill(-1);
    this.waiting = new Int32Array(n);
    this.isReady = new Uint8Array(n);
    this.freeSlots = Int32Array.from(dag.capacity);
    this.orderNext = new Int32Array(m);
    this.lastFreedBy = new Int32Array(m).fill(-1);
    this.lastFreedAt = new Float64Array(m).fill(NaN);
    this.isDirty = new Uint8Array(m);
    const { end } = this.schedule;
    const { idRank, priority } = dag;
    const readyAt = this.readyAt;
    this.completions = new IndexHeap((a, b) => end[a] < end[b] || (end[a] === end[b] && idRank[a] < idRank[b]), n);
    this.pending = new IndexHeap(
      (a, b) => readyAt[a] < readyAt[b] || (readyAt[a] === readyAt[b] && idRank[a] < idRank[b]),
      n,
    );
    const byReadiness = (a: number, b: number) =>
      readyAt[a] !== readyAt[b]
        ? readyAt[a] < readyAt[b]
        : priority[a] !== priority[b]
          ? priority[a] > priority[b]
          : idRank[a] < idRank[b];
    this.queues = dag.resourceIds.map(() => new IndexHeap(byReadiness));
    this.lanes = Array.from(dag.capacity, (cap) => {
      const heap = new IndexHeap((a, b) => a < b, cap);
      for (let lane = 0; lane < cap; lane++) heap.push(lane);
      return heap;
    });
  }

  run(): Schedule {
    const n = this.dag.tasks.length;
    for (let i = 0; i < n; i++) {
      this.waiting[i] = this.dag.predStart[i + 1] - this.dag.predStart[i];
      if (this.waiting[i] === 0) this.scheduleReady(i);
    }
    while (this.completions.size > 0 || this.pending.size > 0) this.step();
    if (this.done < n) throw deadlockError(this.dag, this.schedule, this.orderNext);
    return this.schedule;
  }

  /** Advances to the next instant and handles everything that happens at it. */
  private step(): void {
    const { end } = this.schedule;
    const nextEnd = this.completions.size > 0 ? end[this.completions.peek()] : Infinity;
    const nextReady = this.pending.size > 0 ? this.readyAt[this.pending.peek()] : Infinity;
    const now = Math.min(nextEnd, nextReady);
    while (this.completions.size > 0 && end[this.completions.peek()] === now) this.complete(this.completions.pop());
    while (this.pending.size > 0 && this.readyAt[this.pending.peek()] === now) this.makeReady(this.pending.pop());
    for (const r of this.dirty) {
      this.isDirty[r] = 0;
      this.dispatch(r, now);
    }
    this.dirty.length = 0;
  }

  private complete(i: number): void {
    const { dag } = this;
    const r = dag.resourceOf[i];
    this.done++;
    this.freeSlots[r]++;
    this.lanes[r].push(this.schedule.lane[i]);
    this.lastFreedBy[r] = i;
    this.lastFreedAt[r] = this.schedule.end[i];
    this.touch(r);
    for (let k = dag.succStart[i]; k < dag.succStart[i + 1]; k++) {
      const j = dag.succTask[k];
      if (--this.waiting[j] === 0) this.scheduleReady(j);
    }
  }

  /** All dependencies of `i` have ended: its ready time is the latest end plus lag (or its release). */
  private scheduleReady(i: number): void {
    const { dag } = this;
    let at = dag.release[i];
    let by = -1;
    for (let k = dag.predStart[i]; k < dag.predStart[i + 1]; k++) {
      const t = this.schedule.end[dag.predTask[k]] + dag.predLag[k];
      if (t > at || (by < 0 && t === at)) {
        at = t;
        by = dag.predTask[k];
      }
    }
    this.readyAt[i] = at;
    this.readyBy[i] = by;
    this.pending.push(i);
  }

  private makeReady(i: number): void {
    const r = this.dag.resourceOf[i];
    this.isReady[i] = 1;
    if (this.dag.orders[r] === null) this.queues[r].push(i);
    this.touch(r);
  }

  private touch(r: number): void {
    if (this.isDirty[r]) return;
    this.isDirty[r] = 1;
    this.dirty.push(r);
  }

  private dispatch(r: number, now: number): void {
    const order = this.dag.orders[r];
    if (order === null) {
      const queue = this.queues[r];
      while (this.freeSlots[r] > 0 && queue.size > 0) this.start(queue.pop(), r, now, -1);
      return;
    }
    while (this.freeSlots[r] > 0 && this.orderNext[r] < order.length && this.isReady[order[this.orderNext[r]]]) {
      const previous = this.orderNext[r] > 0 ? order[this.orderNext[r] - 1] : -1;
      this.start(order[this.orderNext[r]++], r, now, previous);
    }
  }

  private start(i: number, r: number, now: number, orderPrevious: number): void {
    const s = this.schedule;
    s.start[i] = now;
    s.end[i] = now + this.dag.duration[i];
    s.lane[i] = this.lanes[r].pop();
    this.freeSlots[r]--;
    this.bind(i, r, now, orderPrevious);
    this.completions.push(i);
  }

  /** Records why `i` starts at `now`: its own readiness, a slot freed just now, or its order predecessor. */
  private bind(i: number, r: number, now: number, orderPrevious: number): void {
    const s = this.schedule;
    if (this.readyAt[i] === now) {
      const unconstrained = this.readyBy[i] < 0 && now === 0;
      s.bindKind[i] = unconstrained ? BIND_NONE : BIND_DEPENDENCY;
      s.bindTask[i] = this.readyBy[i];
    } else if (this.lastFreedAt[r] === now) {
      s.bindKind[i] = BIND_RESOURCE;
      s.bindTask[i] = this.lastFreedBy[r];
    } else {
      s.bindKind[i] = BIND_ORDER;
      s.bindTask[i] = orderPrevious;
    }
  }
}

/** The blocked head of each stuck order, and the unfinished dependencies it waits on. */
function deadlockError(dag: CompiledDag, schedule: Schedule, orderNext: Int32Array): SchedlabError {
  const name = (i: number) => `'${dag.tasks[i].id}'`;
  const unfinished = (i: number) => Number.isNaN(schedule.end[i]);
  const lines: string[] = [];
  const blocked: DeadlockInfo['blocked'] = [];
  dag.orders.forEach((order, r) => {
    if (order === null || orderNext[r] >= order.length) return;
    const head = order[orderNext[r]];
    const waits: number[] = [];
    for (let k = dag.predStart[head]; k < dag.predStart[head + 1]; k++)
      if (unfinished(dag.predTask[k])) waits.push(dag.predTask[k]);
    blocked.push({
      task: dag.tasks[head].id,
      resource: dag.resourceIds[r],
      waitingOn: waits.map((p) => dag.tasks[p].id),
    });
    const described = waits.map((p) => `${name(p)} (on '${dag.resourceIds[dag.resourceOf[p]]}')`);
    lines.push(`${name(head)} is next in the order of '${dag.resourceIds[r]}' but waits on ${described.join(', ')}`);
  });
  const stuck = schedule.end.reduce((count, end) => count + (Number.isNaN(end) ? 1 : 0), 0);
  return new SchedlabError(
    'model',
    `deadlock: ${stuck} task(s) can never start because the prescribed orders contradict the dependencies; ${lines.join('; ')}. ` +
      'Reorder the listed tasks so that each comes after the tasks it depends on.',
    { cause: { blocked } satisfies DeadlockInfo },
  );
}

/**
 * Runs the event loop on a validated, acyclic DAG; throws a 'model' error naming the
 * blocked tasks when the prescribed orders deadlock.
 */
export function runEngine(dag: CompiledDag): Schedule {
  return new Engine(dag).run();
}
