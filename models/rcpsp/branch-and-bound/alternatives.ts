/**
 * The children of one node: the minimal delaying alternatives of the activities S at a
 * decision point t, each with the next decision point and a lower bound.
 *
 * A delaying alternative D is a subset of S whose removal leaves S \ D within every
 * capacity; it is minimal when no activity of D can be put back. Only minimal ones are
 * branched on (Demeulemeester and Herroelen 1992): an activity kept now can still be
 * cancelled at a later decision point. Bounds, each valid for every schedule below the
 * child (`next` = the earliest finish in S \ D or the next release date of an activity
 * whose predecessors are finished, before which nothing new starts):
 * - critical path: a delayed activity k starts at `next` at the earliest, so the project
 *   lasts until next + (longest path from k's start); a kept one until f_k + (longest path after k);
 * - energy: after `next`, each resource still has to serve the unscheduled activities' demand x
 *   duration and the kept activities' remaining parts, at most `capacity` per period. Release
 *   dates only push work later and deadlines only remove schedules, so neither bound weakens.
 * A child that delays an activity past its latest start from the deadlines has no schedule
 * and is not added.
 */
import type { BnbProblem } from './compile.js';

/** The bound of an alternative pruned by a dominance rule: above every incumbent. */
export const prunedBound = 0x3fffffff;

/** The children of the node being expanded at one depth; `build` (or `buildAlone`) refills it. */
export class Alternatives {
  private readonly p: BnbProblem;
  count = 0;
  memberCount = 0;
  private runningCount = 0;
  /** The next release after t among the activities not yet eligible, `prunedBound` if none: a decision point. */
  private pendingRelease = prunedBound;
  private members: Int32Array;
  private finishes: Int32Array;
  /** Alternatives by ascending bound after `sort`. */
  order: Int32Array;
  bound: Int32Array;
  nextTime: Int32Array;
  /** Alternative a delays the members at positions `items[itemStart[a] .. itemStart[a] + itemLength[a] - 1]`. */
  private items: Int32Array;
  private itemStart: Int32Array;
  private itemLength: Int32Array;
  private itemCount = 0;
  // Scratch for the enumeration, sized once.
  private readonly excess: Int32Array;
  private readonly released: Int32Array;
  private readonly usageBefore: Int32Array;
  private readonly baseEnergy: Float64Array;
  private readonly demandSum: Float64Array;
  private readonly finishSum: Float64Array;
  private readonly candidates: Int32Array;
  private candidateCount = 0;
  private readonly suffix: Int32Array;
  private readonly chosen: Int32Array;
  private readonly flag: Uint8Array;

  constructor(problem: BnbProblem) {
    const { m, resourceCount } = problem;
    this.p = problem;
    this.members = new Int32Array(0);
    this.finishes = new Int32Array(0);
    this.order = new Int32Array(16);
    this.bound = new Int32Array(16);
    this.nextTime = new Int32Array(16);
    this.itemStart = new Int32Array(16);
    this.itemLength = new Int32Array(16);
    this.items = new Int32Array(64);
    this.excess = new Int32Array(resourceCount);
    this.released = new Int32Array(resourceCount);
    this.usageBefore = new Int32Array(resourceCount);
    this.baseEnergy = new Float64Array(problem.boundCount);
    this.demandSum = new Float64Array(problem.boundCount);
    this.finishSum = new Float64Array(problem.boundCount);
    this.candidates = new Int32Array(m);
    this.suffix = new Int32Array((m + 1) * resourceCount);
    this.chosen = new Int32Array(m);
    this.flag = new Uint8Array(m);
  }

  /**
   * Enumerates the minimal delaying alternatives of `members` (the first `runningCount` in
   * progress, the rest starting at t; `finishes` their finish times) and keeps those whose
   * bound is below `upper`. `pendingRelease` is the next release date after t of an activity
   * that is not a member only because it is not released yet.
   */
  build(
    members: Int32Array,
    finishes: Int32Array,
    runningCount: number,
    memberCount: number,
    pendingRelease: number,
    unscheduledEnergy: Float64Array,
    parentBound: number,
    upper: number,
    enumerate = true,
  ): void {
    const { resourceCount, demand, duration } = this.p;
    this.pendingRelease = pendingRelease;
    this.members = members;
    this.finishes = finishes;
    this.runningCount = runningCount;
    this.memberCount = memberCount;
    this.count = 0;
    this.itemCount = 0;
    let conflict = false;
    for (let r = 0; r < resourceCount; r++) {
      let used = 0;
      for (let i = 0; i < memberCount; i++) used += demand[members[i] * resourceCount + r];
      this.excess[r] = used - this.p.capacity[r];
      if (this.excess[r] > 0) conflict = true;
    }
    // Per resource of the bound: the energy of the unscheduled activities outside S, and the
    // sums over S of q and q x finish, so that an alternative costs only its delayed members.
    const { boundCount, boundDemand } = this.p;
    for (let b = 0; b < boundCount; b++) {
      let energy = unscheduledEnergy[b];
      let demandSum = 0;
      let finishSum = 0;
      for (let i = 0; i < memberCount; i++) {
        const q = boundDemand[members[i] * boundCount + b];
        if (q === 0) continue;
        if (i >= runningCount) energy -= q * duration[members[i]];
        demandSum += q;
        finishSum += q * finishes[i];
      }
      this.baseEnergy[b] = energy;
      this.demandSum[b] = demandSum;
      this.finishSum[b] = finishSum;
    }
    if (!enumerate) return;
    if (!conflict) {
      this.add(0, parentBound, upper);
      return;
    }
    this.collectCandidates();
    this.released.fill(0);
    this.enumerate(0, 0, parentBound, upper);
  }

  /**
   * The single child of DH's first separation rule: with nothing in progress, the member at
   * `keep` that cannot run in parallel with any other unscheduled activity starts alone at t
   * and every other member is delayed (starting it first loses nothing).
   */
  buildAlone(
    members: Int32Array,
    finishes: Int32Array,
    memberCount: number,
    keep: number,
    pendingRelease: number,
    unscheduledEnergy: Float64Array,
    parentBound: number,
    upper: number,
  ): void {
    this.build(members, finishes, 0, memberCount, pendingRelease, unscheduledEnergy, parentBound, upper, false);
    let size = 0;
    for (let i = 0; i < memberCount; i++) if (i !== keep) this.chosen[size++] = i;
    this.add(size, parentBound, upper);
  }

  /** Members that use a resource in conflict, and suffix sums of their demands for pruning. */
  private collectCandidates(): void {
    const { resourceCount, demand } = this.p;
    let count = 0;
    for (let i = 0; i < this.memberCount; i++) {
      const base = this.members[i] * resourceCount;
      for (let r = 0; r < resourceCount; r++) {
        if (this.excess[r] > 0 && demand[base + r] > 0) {
          this.candidates[count++] = i;
          break;
        }
      }
    }
    this.candidateCount = count;
    const suffix = this.suffix;
    for (let r = 0; r < resourceCount; r++) suffix[count * resourceCount + r] = 0;
    for (let c = count - 1; c >= 0; c--) {
      const base = this.members[this.candidates[c]] * resourceCount;
      for (let r = 0; r < resourceCount; r++)
        suffix[c * resourceCount + r] = suffix[(c + 1) * resourceCount + r] + demand[base + r];
    }
  }

  /** Chooses candidates c.. into `chosen` (already `size` of them) until the conflict is resolved. */
  private enumerate(c: number, size: number, parentBound: number, upper: number): void {
    const { resourceCount, demand } = this.p;
    const { excess, released } = this;
    let resolved = true;
    let useful = false;
    const base = c < this.candidateCount ? this.members[this.candidates[c]] * resourceCount : -1;
    for (let r = 0; r < resourceCount; r++) {
      const need = excess[r] - released[r];
      if (need <= 0) continue;
      resolved = false;
      if (c >= this.candidateCount || this.suffix[c * resourceCount + r] < need) return;
      if (demand[base + r] > 0) useful = true;
    }
    if (resolved) {
      if (this.isMinimal(size)) this.add(size, parentBound, upper);
      return;
    }
    if (useful) {
      this.chosen[size] = this.candidates[c];
      for (let r = 0; r < resourceCount; r++) released[r] += demand[base + r];
      this.enumerate(c + 1, size + 1, parentBound, upper);
      for (let r = 0; r < resourceCount; r++) released[r] -= demand[base + r];
    }
    this.enumerate(c + 1, size, parentBound, upper);
  }

  /** No chosen member can be put back without a resource going over capacity again. */
  private isMinimal(size: number): boolean {
    const { resourceCount, demand } = this.p;
    for (let s = 0; s < size; s++) {
      const base = this.members[this.chosen[s]] * resourceCount;
      let needed = false;
      for (let r = 0; r < resourceCount; r++) {
        if (this.excess[r] > 0 && this.released[r] - demand[base + r] < this.excess[r]) {
          needed = true;
          break;
        }
      }
      if (!needed) return false;
    }
    return true;
  }

  /** Records the alternative in `chosen[0 .. size-1]` with its next decision point and bound, unless the bound reaches `upper`. */
  private add(size: number, parentBound: number, upper: number): void {
    const { duration, remaining, tail, latestFinish } = this.p;
    const { members, finishes, flag, chosen } = this;
    for (let s = 0; s < size; s++) flag[chosen[s]] = 1;
    let next = this.pendingRelease;
    for (let i = 0; i < this.memberCount; i++) if (flag[i] === 0 && finishes[i] < next) next = finishes[i];
    let bound = parentBound;
    for (let i = 0; i < this.memberCount; i++) {
      const k = members[i];
      // A delayed activity starts at `next` at the earliest (its release is at most t).
      if (flag[i] === 1 && next + duration[k] > latestFinish[k]) bound = prunedBound;
      const value = flag[i] === 1 ? next + remaining[k] : finishes[i] + tail[k];
      if (value > bound) bound = value;
    }
    // Kept members still need q x (f - next) after next, delayed ones q x d: all of S as kept, then the delayed corrected.
    const { boundCount, boundDemand, boundCapacity } = this.p;
    for (let b = 0; b < boundCount && bound < upper; b++) {
      if (boundCapacity[b] === 0) continue;
      let energy = this.baseEnergy[b] + this.finishSum[b] - next * this.demandSum[b];
      for (let s = 0; s < size; s++) {
        const i = chosen[s];
        const q = boundDemand[members[i] * boundCount + b];
        if (q !== 0) energy += q * (duration[members[i]] - finishes[i] + next);
      }
      const value = next + Math.ceil(energy / boundCapacity[b]);
      if (value > bound) bound = value;
    }
    for (let s = 0; s < size; s++) flag[chosen[s]] = 0;
    if (bound >= upper || next === prunedBound) return;
    this.reserve(size);
    const a = this.count++;
    this.bound[a] = bound;
    this.nextTime[a] = next;
    this.itemStart[a] = this.itemCount;
    this.itemLength[a] = size;
    for (let s = 0; s < size; s++) this.items[this.itemCount++] = chosen[s];
  }

  private reserve(size: number): void {
    if (this.count === this.bound.length) {
      const length = this.bound.length * 2;
      this.order = grow(this.order, length);
      this.bound = grow(this.bound, length);
      this.nextTime = grow(this.nextTime, length);
      this.itemStart = grow(this.itemStart, length);
      this.itemLength = grow(this.itemLength, length);
    }
    if (this.itemCount + size > this.items.length)
      this.items = grow(this.items, Math.max(this.items.length * 2, this.itemCount + size));
  }

  /**
   * The left-shift rule: a child is dominated when an activity it starts at t could start
   * at t - 1 instead (its predecessors finished and it is released by then — `earliest`
   * holds both — and period t - 1 has room for it beside the activities running then in the
   * child). The shifted schedule finishes that activity one period earlier, so it meets every
   * deadline the original meets. Returns how many children it pruned.
   */
  pruneLeftShifts(earliest: Int32Array, done: Int32Array, doneCount: number, t: number): number {
    const { resourceCount, demand } = this.p;
    const { members, flag } = this;
    let pruned = 0;
    // Usage in period t - 1: what finished at t and what is still running (unless cancelled).
    const before = this.usageBefore;
    for (let r = 0; r < resourceCount; r++) {
      let used = 0;
      for (let i = 0; i < doneCount; i++) used += demand[done[i] * resourceCount + r];
      for (let i = 0; i < this.runningCount; i++) used += demand[members[i] * resourceCount + r];
      before[r] = used;
    }
    let anyEarly = false;
    for (let i = this.runningCount; i < this.memberCount; i++) if (earliest[members[i]] < t) anyEarly = true;
    if (!anyEarly) return 0;
    for (let a = 0; a < this.count; a++) {
      const from = this.itemStart[a];
      const to = from + this.itemLength[a];
      for (let s = from; s < to; s++) flag[this.items[s]] = 1;
      if (this.leftShiftable(before, earliest, t)) {
        this.bound[a] = prunedBound;
        pruned++;
      }
      for (let s = from; s < to; s++) flag[this.items[s]] = 0;
    }
    return pruned;
  }

  /** Whether some activity the flagged alternative starts at t fits into period t - 1. */
  private leftShiftable(before: Int32Array, earliest: Int32Array, t: number): boolean {
    const { resourceCount, demand, capacity } = this.p;
    const { members, flag } = this;
    for (let i = this.runningCount; i < this.memberCount; i++) {
      const k = members[i];
      if (flag[i] === 1 || earliest[k] >= t) continue;
      let fits = true;
      for (let r = 0; r < resourceCount && fits; r++) {
        let used = before[r] + demand[k * resourceCount + r];
        for (let c = 0; c < this.runningCount; c++) if (flag[c] === 1) used -= demand[members[c] * resourceCount + r];
        if (used > capacity[r]) fits = false;
      }
      if (fits) return true;
    }
    return false;
  }

  /** Sorts the alternatives by ascending bound (insertion sort: there are few). */
  sort(): void {
    const { order, bound } = this;
    for (let a = 0; a < this.count; a++) {
      let b = a;
      while (b > 0 && bound[order[b - 1]] > bound[a]) {
        order[b] = order[b - 1];
        b--;
      }
      order[b] = a;
    }
  }

  /** Sets `delayed[k]` to `value` for the activities alternative `index` delays. */
  markDelayed(index: number, delayed: Uint8Array, value: number): void {
    const from = this.itemStart[index];
    const to = from + this.itemLength[index];
    for (let s = from; s < to; s++) delayed[this.members[this.items[s]]] = value;
  }
}

function grow(array: Int32Array, size: number): Int32Array {
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}
