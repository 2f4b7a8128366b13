/**
 * Priority rules and the activity lists they induce. Every rule is a value per
 * activity where smaller means more urgent, so the list builder and the regret-based
 * biased random sampling (Drexl 1991; Kolisch & Drexl 1996) treat them alike.
 */
import { orderBy } from '../../../src/util/dag.js';
import type { CompiledRcpsp } from './compiled.js';
import { criticalPathLength, earliestStarts, latestFinishes, transitiveSuccessorCounts } from './precedence.js';

export type PriorityRule = 'lft' | 'lst' | 'mts' | 'grpw' | 'mslk';

/** Rule values (smaller = scheduled earlier) on the CPM times of the precedence network with windows. */
export function priorityValues(c: CompiledRcpsp, rule: PriorityRule): Float64Array {
  const es = earliestStarts(c);
  const lf = latestFinishes(c, criticalPathLength(c, es));
  const values = new Float64Array(c.n);
  if (rule === 'mts') {
    const counts = transitiveSuccessorCounts(c);
    for (let j = 0; j < c.n; j++) values[j] = -counts[j];
    return values;
  }
  for (let j = 0; j < c.n; j++) {
    const ls = lf[j] - c.duration[j];
    if (rule === 'lft') values[j] = lf[j];
    else if (rule === 'lst') values[j] = ls;
    else if (rule === 'mslk') values[j] = ls - es[j];
    else values[j] = -(c.duration[j] + successorDurations(c, j));
  }
  return values;
}

function successorDurations(c: CompiledRcpsp, j: number): number {
  let total = 0;
  for (let k = c.successors.start[j]; k < c.successors.start[j + 1]; k++) total += c.duration[c.successors.list[k]];
  return total;
}

/**
 * Build an activity list: repeatedly take an eligible activity (all predecessors
 * listed). Without `rng` the most urgent one (ties by index); with `rng`, one drawn
 * with probability proportional to (regret + 1)^bias, where regret is how much more
 * urgent it is than the least urgent eligible activity.
 */
export function priorityList(c: CompiledRcpsp, values: Float64Array, rng?: () => number, bias = 1): Int32Array {
  if (rng === undefined) return mostUrgentFirst(c, values);
  const weights: number[] = [];
  const sample: number[] = [];
  return orderBy(c, (eligible) => {
    if (eligible.length <= maxDrawPool) return drawByRegret(eligible, values, rng, bias, weights);
    // Among thousands of eligible activities, draw by regret within a uniform sample (linear per pick, not quadratic).
    const picks = samplePositions(eligible.length, rng, sample);
    const chosen = drawByRegret(
      picks.map((k) => eligible[k]),
      values,
      rng,
      bias,
      weights,
    );
    return picks[chosen];
  });
}

/** The most eligible activities one regret draw weighs (PSPLIB's largest sets, j120, stay below it). */
const maxDrawPool = 256;

/** `maxDrawPool` distinct positions in 0..length-1, drawn uniformly (rejection: length > 2 x pool). */
function samplePositions(length: number, rng: () => number, out: number[]): number[] {
  out.length = 0;
  const taken = new Set<number>();
  while (out.length < maxDrawPool) {
    const k = Math.floor(rng() * length);
    if (taken.has(k)) continue;
    taken.add(k);
    out.push(k);
  }
  return out;
}

/** The topological order taking the most urgent eligible activity first (ties by index), by a binary heap. */
function mostUrgentFirst(c: CompiledRcpsp, values: Float64Array): Int32Array {
  const heap = new MinHeap((a, b) => values[a] - values[b] || a - b);
  const waiting = new Int32Array(c.n);
  for (let j = 0; j < c.n; j++) {
    waiting[j] = c.predecessors.start[j + 1] - c.predecessors.start[j];
    if (waiting[j] === 0) heap.push(j);
  }
  const order = new Int32Array(c.n);
  for (let placed = 0; heap.size > 0; placed++) {
    const j = heap.pop();
    order[placed] = j;
    for (let k = c.successors.start[j]; k < c.successors.start[j + 1]; k++) {
      const s = c.successors.list[k];
      if (--waiting[s] === 0) heap.push(s);
    }
  }
  return order;
}

/** A binary min-heap of activity indices under `compare` (negative when a comes first). */
class MinHeap {
  private readonly items: number[] = [];
  constructor(private readonly compare: (a: number, b: number) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(item: number): void {
    const items = this.items;
    let at = items.push(item) - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (this.compare(items[parent], items[at]) <= 0) break;
      [items[parent], items[at]] = [items[at], items[parent]];
      at = parent;
    }
  }

  pop(): number {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length === 0) return top;
    items[0] = last;
    for (let at = 0; ; ) {
      const [left, right] = [2 * at + 1, 2 * at + 2];
      let least = at;
      if (left < items.length && this.compare(items[left], items[least]) < 0) least = left;
      if (right < items.length && this.compare(items[right], items[least]) < 0) least = right;
      if (least === at) return top;
      [items[least], items[at]] = [items[at], items[least]];
      at = least;
    }
  }
}

/** Index into `eligible` drawn with probability proportional to (regret + 1)^bias. */
export function drawByRegret(
  eligible: number[],
  values: Float64Array,
  rng: () => number,
  bias: number,
  weights: number[],
): number {
  let worst = -Infinity;
  for (const j of eligible) worst = Math.max(worst, values[j]);
  weights.length = 0;
  let total = 0;
  for (const j of eligible) {
    const weight = (worst - values[j] + 1) ** bias;
    weights.push(weight);
    total += weight;
  }
  let draw = rng() * total;
  for (let k = 0; k < eligible.length; k++) {
    draw -= weights[k];
    if (draw < 0) return k;
  }
  return eligible.length - 1;
}
