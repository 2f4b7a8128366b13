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
import { heads } from '../../src/util/dag-paths.js';
import { dagOfEdges, type EdgeDag, topologicalOrder, weightsAlong } from '../../src/util/dag.js';
import { passLength, slotCount, slotOf, waitsFor } from './evaluate-graph.js';
import type { Pass, PipelineInstance, PipelineSolution } from './instance.js';

interface PassGraph {
  length: Float64Array;
  /** The orders and dependencies over slots; `weight` (start-to-start) by position in `dag.predecessors`. */
  dag: EdgeDag;
  weight: Float64Array;
  /** Slots in a topological order of the DAG. */
  order: Int32Array;
}

function buildGraph(instance: PipelineInstance, orders: readonly Pass[][]): PassGraph | undefined {
  const size = slotCount(instance);
  const length = new Float64Array(size);
  const from: number[] = [];
  const to: number[] = [];
  const weights: number[] = [];
  const edge = (tail: number, head: number, weight: number) => {
    from.push(tail);
    to.push(head);
    weights.push(weight);
  };
  for (const list of orders) {
    list.forEach((pass, k) => {
      const slot = slotOf(instance, pass);
      length[slot] = passLength(instance, pass);
      if (k > 0) edge(slotOf(instance, list[k - 1]), slot, passLength(instance, list[k - 1]));
    });
  }
  for (const list of orders) {
    for (const pass of list)
      for (const dep of waitsFor(instance, pass))
        edge(slotOf(instance, dep.pass), slotOf(instance, pass), passLength(instance, dep.pass) + dep.lag);
  }
  const dag = dagOfEdges(size, from, to);
  const order = topologicalOrder(dag);
  return order === undefined ? undefined : { length, dag, weight: weightsAlong(dag.predecessorEdge, weights), order };
}

/** Longest start-to-start distances from one slot (−∞ where unreachable). */
function longestFrom(graph: PassGraph, source: number): Float64Array {
  const dist = new Float64Array(graph.length.length).fill(-Infinity);
  dist[source] = 0;
  heads(graph.dag, graph.order, dist, { lag: graph.weight });
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
    heads(graph.dag, graph.order, start, { lag: graph.weight });
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
