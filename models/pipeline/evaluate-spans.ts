/**
 * The shortest longest span of fixed per-device orders, exactly. With the orders fixed, the
 * start times t of the passes only have to satisfy difference constraints:
 *   t_j ≥ t_i + d_i + lag   for a dependency i → j (lag: T_comm between devices),
 *   t_j ≥ t_i + d_i         for consecutive passes i, j of one device,
 *   t_first(e) ≥ t_last(e) + d_last(e) − S   for every device e (its span is at most S).
 * The first two kinds form a DAG (the orders run); the span rows are its only back edges, so
 * the system is feasible iff no cycle has positive weight. A cycle runs through k span rows,
 * each followed by a DAG path from first(e) to last(e'), so with
 *   A[e][e'] = longest DAG path first(e) → last(e') + d_last(e')
 * it is feasible iff S ≥ the maximum mean cycle of A (over p devices), which Karp's algorithm
 * gives exactly. The times are then the longest paths from 0 with S at that value.
 */
import { passLength, slotCount, slotOf, waitsFor } from './evaluate-graph.js';
import type { Pass, PipelineInstance, PipelineSolution } from './instance.js';

interface PassGraph {
  length: Float64Array;
  /** Outgoing edges per slot: to, weight (start-to-start). */
  out: { to: number; weight: number }[][];
  /** Slots in a topological order of the DAG. */
  order: number[];
}

function buildGraph(instance: PipelineInstance, orders: readonly Pass[][]): PassGraph | undefined {
  const size = slotCount(instance);
  const length = new Float64Array(size);
  const out: { to: number; weight: number }[][] = Array.from({ length: size }, () => []);
  const indegree = new Int32Array(size);
  const used: number[] = [];
  const edge = (from: number, to: number, weight: number) => {
    out[from].push({ to, weight });
    indegree[to]++;
  };
  for (const list of orders) {
    list.forEach((pass, k) => {
      const slot = slotOf(instance, pass);
      length[slot] = passLength(instance, pass);
      used.push(slot);
      if (k > 0) edge(slotOf(instance, list[k - 1]), slot, passLength(instance, list[k - 1]));
    });
  }
  for (const list of orders) {
    for (const pass of list)
      for (const dep of waitsFor(instance, pass))
        edge(slotOf(instance, dep.pass), slotOf(instance, pass), passLength(instance, dep.pass) + dep.lag);
  }
  const order = used.filter((slot) => indegree[slot] === 0);
  for (let k = 0; k < order.length; k++) {
    for (const { to } of out[order[k]]) if (--indegree[to] === 0) order.push(to);
  }
  return order.length === used.length ? { length, out, order } : undefined;
}

/** Longest start-to-start distances from one slot (−∞ where unreachable). */
function longestFrom(graph: PassGraph, source: number): Float64Array {
  const dist = new Float64Array(graph.length.length).fill(-Infinity);
  dist[source] = 0;
  for (const slot of graph.order) {
    if (dist[slot] === -Infinity) continue;
    for (const { to, weight } of graph.out[slot]) if (dist[slot] + weight > dist[to]) dist[to] = dist[slot] + weight;
  }
  return dist;
}

/** Karp's maximum mean cycle of a dense matrix (−∞ = no edge); every node has a self loop here. */
export function maximumMeanCycle(weights: readonly Float64Array[]): number {
  const n = weights.length;
  const walks: Float64Array[] = [new Float64Array(n)];
  for (let k = 1; k <= n; k++) {
    const next = new Float64Array(n).fill(-Infinity);
    for (let u = 0; u < n; u++)
      for (let v = 0; v < n; v++) next[v] = Math.max(next[v], walks[k - 1][u] + weights[u][v]);
    walks.push(next);
  }
  let best = -Infinity;
  for (let v = 0; v < n; v++) {
    if (walks[n][v] === -Infinity) continue;
    let worst = Infinity;
    for (let k = 0; k < n; k++)
      if (walks[k][v] > -Infinity) worst = Math.min(worst, (walks[n][v] - walks[k][v]) / (n - k));
    best = Math.max(best, worst);
  }
  return best;
}

/** Earliest start times ≥ 0 that keep every span within `cost` (the back edges relaxed until stable). */
function startTimes(graph: PassGraph, ends: { first: number; last: number }[], cost: number): Float64Array {
  const start = new Float64Array(graph.length.length);
  const slack = 1e-9 * Math.max(1, cost);
  for (let round = 0; round <= ends.length + 1; round++) {
    for (const slot of graph.order)
      for (const { to, weight } of graph.out[slot]) start[to] = Math.max(start[to], start[slot] + weight);
    let changed = false;
    for (const { first, last } of ends) {
      const need = start[last] + graph.length[last] - cost;
      if (need > start[first] + slack) {
        start[first] = need;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return start;
}

/** The minimal longest span of the orders and start times (by `slotOf`) that reach it; undefined when the orders deadlock. */
export interface SpanSchedule {
  cost: number;
  start: Float64Array;
}

/**
 * Minimize the longest device span over all start times that keep the orders.
 *
 * @example
 * ```ts
 * const { cost, start } = minimalSpans(instance, schedule)!;
 * ```
 */
export function minimalSpans(instance: PipelineInstance, solution: PipelineSolution): SpanSchedule | undefined {
  const graph = buildGraph(instance, solution.orders);
  if (!graph) return undefined;
  const ends = solution.orders
    .filter((list) => list.length > 0)
    .map((list) => ({ first: slotOf(instance, list[0]), last: slotOf(instance, list[list.length - 1]) }));
  const weights = ends.map(({ first }) => {
    const dist = longestFrom(graph, first);
    return Float64Array.from(ends, ({ last }) => dist[last] + graph.length[last]);
  });
  const cost = ends.length === 0 ? 0 : maximumMeanCycle(weights);
  return { cost, start: startTimes(graph, ends, cost) };
}
