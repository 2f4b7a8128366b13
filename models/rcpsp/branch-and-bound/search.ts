/**
 * The depth-first search of Demeulemeester and Herroelen (1992, 1997). A node is a
 * partial schedule at a decision point t (time 0, a finish time or a release date): the
 * activities finished by t, those in progress, and the rest unscheduled. At t every
 * eligible activity (all predecessors finished, released by t) is started tentatively; when that overloads a
 * resource, the node branches on the minimal delaying alternatives: the minimal sets of
 * activities in progress (old or just started) whose removal resolves the conflict.
 * Delaying an activity that started earlier cancels its start, so it may start again at
 * a later decision point. The next decision point is the earliest finish among the
 * activities kept, or the next release date of an activity whose predecessors are all
 * finished, if earlier: a schedule in which no activity can start one period earlier
 * starts each activity at 0, at its release or at some finish, so these points suffice.
 * A node where an unscheduled activity can no longer finish by its deadline is pruned.
 *
 * Children are explored by ascending lower bound (`alternatives.ts`); a child is pruned
 * when its bound reaches the incumbent, or by the left-shift rule (an activity started at
 * t could have started at t - 1). On entering a node the cutset rule (`cutsets.ts`) and the
 * energetic check (`energy.ts`) may prune it; the cutset store is fed when a node's subtree
 * is done. With nothing in progress, an activity that can run in parallel with no other
 * unscheduled one starts alone (DH's first separation rule; only when none of those has a
 * deadline, see `loneMember`). The hot loop works on typed
 * arrays allocated once per depth; nothing is allocated per node.
 */
import { noDeadline, type BnbProblem } from './compile.js';
import { Alternatives, prunedBound } from './alternatives.js';
import { CutsetStore } from './cutsets.js';
import { energyFails, energyScratch, type EnergyScratch } from './energy.js';

export interface SearchOptions {
  /** Only schedules with a makespan below this are of interest (the incumbent's makespan). */
  upperBound: number;
  /** A makespan no schedule beats: reaching it ends the search at once. */
  lowerBound: number;
  /** The search stops at this `performance.now()` time and reports itself incomplete. */
  deadline: number;
  /** How many explored states the cutset store keeps at most. */
  maxCutsets: number;
  /** Rules can be switched off to check them against the plain search (default on). */
  cutsetRule?: boolean;
  leftShiftRule?: boolean;
  separationRule?: boolean;
}

export interface SearchResult {
  /** Starts of the real activities of the best schedule found below `upperBound`, if any. */
  starts: Int32Array | undefined;
  /** Its makespan, or `upperBound` when none was found. */
  makespan: number;
  /** True when the search ran to its end: then nothing beats `makespan`. */
  complete: boolean;
  nodes: number;
  cutsets: number;
  cutsetStoreFull: boolean;
  cutsetPrunes: number;
  leftShiftPrunes: number;
  /** Nodes pruned on entry by the energy bound with tails. */
  boundPrunes: number;
}

/** Per-depth buffers: the activities at the decision point and what the parent finished there. */
interface Level {
  /** S: the activities in progress at entry (first `runningCount`), then the eligible ones. */
  members: Int32Array;
  /** Finish times of `members` at entry, to restore cancelled starts. */
  finishes: Int32Array;
  /** Activities that finished exactly at this decision point. */
  done: Int32Array;
  doneCount: number;
  alternatives: Alternatives;
}

/** A deterministic 32-bit random number per activity for the Zobrist hash of the cutset. */
function zobristKeys(m: number): Int32Array {
  const keys = new Int32Array(m);
  let state = 0x9e3779b9;
  for (let k = 0; k < m; k++) {
    state = (Math.imul(state ^ (state >>> 16), 0x45d9f3b) + 0x6d2b79f5) | 0;
    keys[k] = Math.imul(state ^ (state >>> 13), 0x27d4eb2d) ^ (state >>> 15);
  }
  return keys;
}

/**
 * One run of the search for schedules shorter than `options.upperBound`.
 *
 * @example
 * ```ts
 * const result = new DhSearch(compileProblem(instance), { upperBound: 60, lowerBound: 52, deadline: performance.now() + 10_000, maxCutsets: 1e6 }).run();
 * result.complete; // true: nothing shorter than result.makespan exists
 * ```
 */
export class DhSearch {
  private readonly p: BnbProblem;
  private readonly options: SearchOptions;
  private readonly zobrist: Int32Array;
  private readonly store: CutsetStore;
  private readonly start: Int32Array;
  private readonly finish: Int32Array;
  private readonly predsLeft: Int32Array;
  private readonly earliest: Int32Array;
  private readonly bits: Int32Array;
  private hash = 0;
  private readonly running: Int32Array;
  private runningCount = 0;
  private unscheduledCount: number;
  /** Demand x duration of the unscheduled activities, per resource of the energy bound. */
  private readonly unscheduledEnergy: Float64Array;
  private readonly delayed: Uint8Array;
  private readonly energy: EnergyScratch;
  private readonly levels: Level[] = [];
  private upper: number;
  private best: Int32Array | undefined;
  private aborted = false;
  private stopped = false;
  private nodes = 0;
  private cutsetPrunes = 0;
  private leftShiftPrunes = 0;
  private boundPrunes = 0;
  private readonly useCutsets: boolean;
  private readonly useLeftShift: boolean;
  private readonly useSeparation: boolean;

  constructor(problem: BnbProblem, options: SearchOptions) {
    const { m } = problem;
    this.p = problem;
    this.options = options;
    this.zobrist = zobristKeys(m);
    const words = Math.max(1, Math.ceil(m / 32));
    this.store = new CutsetStore(words, options.maxCutsets);
    this.start = new Int32Array(m).fill(-1);
    this.finish = new Int32Array(m);
    this.predsLeft = new Int32Array(m);
    for (let k = 0; k < m; k++) this.predsLeft[k] = problem.predecessors.start[k + 1] - problem.predecessors.start[k];
    this.earliest = new Int32Array(m);
    this.bits = new Int32Array(words);
    this.running = new Int32Array(m);
    this.unscheduledCount = m;
    const { boundCount, boundDemand } = problem;
    this.unscheduledEnergy = new Float64Array(boundCount);
    for (let k = 0; k < m; k++) {
      for (let b = 0; b < boundCount; b++)
        this.unscheduledEnergy[b] += boundDemand[k * boundCount + b] * problem.duration[k];
    }
    this.delayed = new Uint8Array(m);
    this.energy = energyScratch(m);
    this.upper = options.upperBound;
    this.useCutsets = options.cutsetRule ?? true;
    this.useLeftShift = options.leftShiftRule ?? true;
    this.useSeparation = options.separationRule ?? true;
  }

  run(): SearchResult {
    if (this.options.lowerBound < this.upper) this.visit(0, 0, this.options.lowerBound);
    return {
      starts: this.best,
      makespan: this.upper,
      complete: !this.aborted,
      nodes: this.nodes,
      cutsets: this.store.size,
      cutsetStoreFull: this.store.full,
      cutsetPrunes: this.cutsetPrunes,
      leftShiftPrunes: this.leftShiftPrunes,
      boundPrunes: this.boundPrunes,
    };
  }

  private level(depth: number): Level {
    let level = this.levels[depth];
    if (level === undefined) {
      const m = this.p.m;
      level = {
        members: new Int32Array(m),
        finishes: new Int32Array(m),
        done: new Int32Array(m),
        doneCount: 0,
        alternatives: new Alternatives(this.p),
      };
      this.levels[depth] = level;
    }
    return level;
  }

  /** Explores the node at decision point t; the activities finishing at t are already finished. */
  private visit(t: number, depth: number, parentBound: number): void {
    if ((++this.nodes & 1023) === 0 && performance.now() > this.options.deadline) this.aborted = true;
    if (this.aborted || this.stopped) return;
    if (this.unscheduledCount === 0) {
      this.complete(t);
      return;
    }
    if (this.useCutsets && this.store.dominated(this.bits, this.hash, t, this.finish)) {
      this.cutsetPrunes++;
      return;
    }
    if (this.p.hasDeadlines && this.deadlineMissed(t)) {
      this.boundPrunes++;
      return;
    }
    if (energyFails(this.p, t, this.upper - 1, this.start, this.finish, this.running, this.runningCount, this.energy)) {
      this.boundPrunes++;
      if (this.useCutsets) this.store.store(this.bits, this.hash, t, this.running, this.runningCount, this.finish);
      return;
    }
    const level = this.level(depth);
    const runningCount = this.collectMembers(level, t);
    const alternatives = level.alternatives;
    const alone = runningCount === 0 && this.useSeparation ? this.loneMember(level.members, this.memberCount) : -1;
    const pending = this.pendingRelease;
    if (alone >= 0)
      alternatives.buildAlone(
        level.members,
        level.finishes,
        this.memberCount,
        alone,
        pending,
        this.unscheduledEnergy,
        parentBound,
        this.upper,
      );
    else
      alternatives.build(
        level.members,
        level.finishes,
        runningCount,
        this.memberCount,
        pending,
        this.unscheduledEnergy,
        parentBound,
        this.upper,
      );
    if (this.useLeftShift && t > 0)
      this.leftShiftPrunes += alternatives.pruneLeftShifts(this.earliest, level.done, level.doneCount, t);
    alternatives.sort();
    for (let a = 0; a < alternatives.count; a++) {
      const index = alternatives.order[a];
      if (alternatives.bound[index] >= this.upper) break;
      this.descend(level, runningCount, index, t, depth);
      if (this.aborted || this.stopped) return;
    }
    if (this.useCutsets) this.store.store(this.bits, this.hash, t, level.members, runningCount, this.finish);
  }

  private memberCount = 0;
  /** The earliest release after t of an unscheduled activity whose predecessors are all finished (`prunedBound` if none). */
  private pendingRelease = prunedBound;

  /**
   * Whether some unscheduled activity can no longer finish by its deadline: it starts at t
   * at the earliest. (Running ones started by their latest start, checked here when they
   * were still unscheduled; a cancelled one is unscheduled again and checked again.)
   */
  private deadlineMissed(t: number): boolean {
    const { m, latestFinish, duration } = this.p;
    for (let k = 0; k < m; k++) if (this.start[k] < 0 && t + duration[k] > latestFinish[k]) return true;
    return false;
  }

  /**
   * The position of an eligible member that no other unscheduled activity can run in
   * parallel with, or -1. Starting it first is safe because any schedule can be rearranged
   * to run it first, pushing what ran before it later by its duration; a release date
   * never forbids starting later, but a deadline may, so every other unscheduled activity
   * must be free of one (its CPM latest finish unbounded).
   */
  private loneMember(members: Int32Array, memberCount: number): number {
    if (memberCount < 2) return -1;
    const { m, exclusive, latestFinish } = this.p;
    for (let i = 0; i < memberCount; i++) {
      const j = members[i];
      let alone = true;
      for (let u = 0; u < m && alone; u++) {
        if (u !== j && this.start[u] < 0 && (exclusive[j * m + u] === 0 || latestFinish[u] !== noDeadline))
          alone = false;
      }
      if (alone) return i;
    }
    return -1;
  }

  /**
   * Fills `level.members` with the running activities, then the eligible ones; returns the
   * running count. Sets `pendingRelease`. `earliest` gets each eligible activity's earliest
   * start from its predecessors and its release, so the left-shift rule never moves an
   * activity before its release.
   */
  private collectMembers(level: Level, t: number): number {
    const { members, finishes } = level;
    const { start, finish, predsLeft, earliest } = this;
    const { predecessors, release } = this.p;
    let count = 0;
    for (let i = 0; i < this.runningCount; i++) members[count++] = this.running[i];
    const runningCount = count;
    let pending = prunedBound;
    for (let k = 0; k < this.p.m; k++) {
      if (start[k] >= 0 || predsLeft[k] !== 0) continue;
      if (release[k] > t) {
        if (release[k] < pending) pending = release[k];
        continue;
      }
      let est = release[k];
      for (let e = predecessors.start[k]; e < predecessors.start[k + 1]; e++) {
        const f = finish[predecessors.list[e]];
        if (f > est) est = f;
      }
      earliest[k] = est;
      members[count++] = k;
    }
    for (let i = 0; i < count; i++)
      finishes[i] = i < runningCount ? finish[members[i]] : t + this.p.duration[members[i]];
    this.memberCount = count;
    this.pendingRelease = pending;
    return runningCount;
  }

  private toggle(k: number): void {
    this.bits[k >>> 5] ^= 1 << (k & 31);
    this.hash ^= this.zobrist[k];
  }

  private schedule(k: number, s: number): void {
    const { boundCount, boundDemand, duration } = this.p;
    this.start[k] = s;
    this.finish[k] = s + duration[k];
    this.toggle(k);
    this.unscheduledCount--;
    for (let b = 0; b < boundCount; b++) this.unscheduledEnergy[b] -= boundDemand[k * boundCount + b] * duration[k];
  }

  private unschedule(k: number): void {
    const { boundCount, boundDemand, duration } = this.p;
    this.start[k] = -1;
    this.toggle(k);
    this.unscheduledCount++;
    for (let b = 0; b < boundCount; b++) this.unscheduledEnergy[b] += boundDemand[k * boundCount + b] * duration[k];
  }

  /** Applies alternative `index` at t, moves to the next decision point, searches it, and undoes everything. */
  private descend(level: Level, runningCount: number, index: number, t: number, depth: number): void {
    const { members, finishes } = level;
    const memberCount = level.alternatives.memberCount;
    const { delayed, running, finish } = this;
    const { successors } = this.p;
    // The flags are per call: the child's own alternatives reuse them.
    level.alternatives.markDelayed(index, delayed, 1);
    this.runningCount = 0;
    for (let i = 0; i < memberCount; i++) {
      const k = members[i];
      if (delayed[k]) {
        if (i < runningCount) this.unschedule(k);
      } else {
        if (i >= runningCount) this.schedule(k, t);
        running[this.runningCount++] = k;
      }
    }
    level.alternatives.markDelayed(index, delayed, 0);
    const next = level.alternatives.nextTime[index];
    const child = this.level(depth + 1);
    let doneCount = 0;
    let kept = 0;
    for (let i = 0; i < this.runningCount; i++) {
      const k = running[i];
      if (finish[k] === next) {
        child.done[doneCount++] = k;
        for (let e = successors.start[k]; e < successors.start[k + 1]; e++) this.predsLeft[successors.list[e]]--;
      } else {
        running[kept++] = k;
      }
    }
    this.runningCount = kept;
    child.doneCount = doneCount;
    this.visit(next, depth + 1, level.alternatives.bound[index]);
    for (let i = 0; i < doneCount; i++) {
      const k = child.done[i];
      for (let e = successors.start[k]; e < successors.start[k + 1]; e++) this.predsLeft[successors.list[e]]++;
    }
    level.alternatives.markDelayed(index, delayed, 1);
    for (let i = 0; i < memberCount; i++) {
      const k = members[i];
      if (delayed[k]) {
        if (i < runningCount) this.schedule(k, finishes[i] - this.p.duration[k]);
      } else if (i >= runningCount) {
        this.unschedule(k);
      }
    }
    level.alternatives.markDelayed(index, delayed, 0);
    for (let i = 0; i < runningCount; i++) running[i] = members[i];
    this.runningCount = runningCount;
  }

  /** Every activity is scheduled and none can be cancelled any more: a complete schedule. */
  private complete(t: number): void {
    let makespan = Math.max(t, this.p.makespanFloor);
    for (let i = 0; i < this.runningCount; i++) makespan = Math.max(makespan, this.finish[this.running[i]]);
    if (makespan >= this.upper) return;
    this.upper = makespan;
    this.best = Int32Array.from(this.start);
    if (makespan <= this.options.lowerBound) this.stopped = true;
  }
}
