/**
 * Critical-path (CPM) times on the precedence network, with release dates and
 * deadlines, and the counts of transitive successors. Resources are ignored here;
 * these times feed the priority rules and the lower bound.
 */
import { closure, heads, latestFinishes as latestFinishesAlong, memberCount } from '../../../src/util/dag-paths.js';
import type { CompiledRcpsp } from './compiled.js';

/** Earliest starts: an activity starts after its release and after all its predecessors finish. */
export function earliestStarts(c: CompiledRcpsp): Int32Array {
  const es = new Float64Array(c.release);
  heads(c, c.topological, es, { length: new Float64Array(c.duration) });
  return new Int32Array(es);
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
  const lf = new Float64Array(c.n);
  for (let j = 0; j < c.n; j++) lf[j] = Math.min(horizon, c.deadline[j]);
  latestFinishesAlong(c, c.topological, lf, { length: new Float64Array(c.duration) });
  return new Int32Array(lf);
}

/** How many activities follow each one, directly or not. */
export function transitiveSuccessorCounts(c: CompiledRcpsp): Int32Array {
  const after = closure(c, c.topological, 'after');
  const counts = new Int32Array(c.n);
  for (let j = 0; j < c.n; j++) counts[j] = memberCount(after, j);
  return counts;
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
