/**
 * Critical-path (CPM) times on the precedence network, with release dates and
 * deadlines, and the counts of transitive successors. Resources are ignored here;
 * these times feed the priority rules and the lower bound.
 */
import type { CompiledRcpsp } from './compiled.js';

/** Earliest starts: an activity starts after its release and after all its predecessors finish. */
export function earliestStarts(c: CompiledRcpsp): Int32Array {
  const es = new Int32Array(c.n);
  for (const j of c.topological) {
    let t = c.release[j];
    for (let k = c.predecessors.start[j]; k < c.predecessors.start[j + 1]; k++) {
      const p = c.predecessors.list[k];
      t = Math.max(t, es[p] + c.duration[p]);
    }
    es[j] = t;
  }
  return es;
}

/** The critical-path length: the largest earliest finish. */
export function criticalPathLength(c: CompiledRcpsp, es = earliestStarts(c)): number {
  let length = 0;
  for (let j = 0; j < c.n; j++) length = Math.max(length, es[j] + c.duration[j]);
  return length;
}

/**
 * Latest finishes for a project that ends by `horizon`: an activity finishes by its
 * deadline and before any successor's latest start. Values may fall below the
 * earliest finish when deadlines are tight; rules then read them as urgency.
 */
export function latestFinishes(c: CompiledRcpsp, horizon: number): Int32Array {
  const lf = new Int32Array(c.n);
  for (let k = c.n - 1; k >= 0; k--) {
    const j = c.topological[k];
    let t = Math.min(horizon, c.deadline[j]);
    for (let m = c.successors.start[j]; m < c.successors.start[j + 1]; m++) {
      const s = c.successors.list[m];
      t = Math.min(t, lf[s] - c.duration[s]);
    }
    lf[j] = t;
  }
  return lf;
}

/** How many activities follow each one, directly or not (bitsets, in reverse topological order). */
export function transitiveSuccessorCounts(c: CompiledRcpsp): Int32Array {
  const words = (c.n + 31) >>> 5;
  const reach = new Uint32Array(c.n * words);
  const counts = new Int32Array(c.n);
  for (let k = c.n - 1; k >= 0; k--) {
    const j = c.topological[k];
    const row = j * words;
    for (let m = c.successors.start[j]; m < c.successors.start[j + 1]; m++) {
      const s = c.successors.list[m];
      reach[row + (s >>> 5)] |= 1 << (s & 31);
      for (let w = 0; w < words; w++) reach[row + w] |= reach[s * words + w];
    }
    let count = 0;
    for (let w = 0; w < words; w++) count += popCount(reach[row + w]);
    counts[j] = count;
  }
  return counts;
}

function popCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * A lower bound on the makespan: the critical path (with release dates), and for each
 * resource the work it must do divided by its normal capacity.
 */
export function makespanLowerBound(c: CompiledRcpsp): number {
  let bound = criticalPathLength(c);
  const work = new Float64Array(c.resourceCount);
  for (let j = 0; j < c.n; j++) {
    for (let k = c.uses.start[j]; k < c.uses.start[j + 1]; k++) work[c.uses.list[k]] += c.useAmount[k] * c.duration[j];
  }
  for (let r = 0; r < c.resourceCount; r++) {
    let capacity = 0;
    for (let t = 0; t < c.horizon; t++) capacity = Math.max(capacity, c.baseProfile[t * c.resourceCount + r]);
    if (capacity > 0) bound = Math.max(bound, Math.ceil(work[r] / capacity));
  }
  return bound;
}
