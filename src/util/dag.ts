/**
 * Directed acyclic graphs on typed arrays, for every family: nodes 0 .. n-1 with their edges
 * in compressed rows both ways, builders from lists and edge lists, and the orders: Kahn's
 * topological order, a random one (the generators') and one chosen by a rule (the priority
 * heuristics'). The passes along an order are in `dag-paths.ts`. Finding and naming a cycle
 * for an error message is `cycles.ts`, which reads graphs through graphlib; the one cycle
 * walk it needs, `cycleAmong`, is here. Nothing here allocates per edge, so heuristics, the
 * branch and bound and the simulator call it in their loops.
 */
import { SchedlabError } from '../errors.js';
import { shuffle } from './random.js';

/** Adjacency in compressed rows: the neighbours of i are `list[start[i] .. start[i + 1] - 1]`. */
export interface Adjacency {
  readonly start: Int32Array;
  readonly list: Int32Array;
}

/** A directed graph on nodes 0 .. n-1 with its edges both ways. */
export interface Dag {
  readonly n: number;
  readonly successors: Adjacency;
  /** The same edges reversed; the predecessors of each node in increasing order of the edges' sources. */
  readonly predecessors: Adjacency;
}

/** A graph built from an edge list: position k of each adjacency holds input edge `…Edge[k]`. */
export interface EdgeDag extends Dag {
  readonly successorEdge: Int32Array;
  readonly predecessorEdge: Int32Array;
}

/**
 * Rows from lists: row i is `lists[i]` in its order.
 *
 * @example
 * ```ts
 * adjacencyOf([[1, 2], [2], []]); // { start: [0, 2, 3, 3], list: [1, 2, 2] }
 * ```
 */
export function adjacencyOf(lists: readonly (readonly number[])[]): Adjacency {
  const start = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) start[i + 1] = start[i] + lists[i].length;
  const list = new Int32Array(start[lists.length]);
  for (let i = 0; i < lists.length; i++) list.set(lists[i], start[i]);
  return { start, list };
}

/** Rows of the reversed edges, sources in increasing order; `edge[k]` is the input position of reversed edge k. */
function reversed(n: number, adjacency: Adjacency): { adjacency: Adjacency; edge: Int32Array } {
  const start = new Int32Array(n + 1);
  for (let k = 0; k < adjacency.list.length; k++) start[adjacency.list[k] + 1]++;
  for (let j = 0; j < n; j++) start[j + 1] += start[j];
  const fill = start.slice(0, n);
  const list = new Int32Array(adjacency.list.length);
  const edge = new Int32Array(adjacency.list.length);
  for (let i = 0; i < n; i++) {
    for (let k = adjacency.start[i]; k < adjacency.start[i + 1]; k++) {
      const at = fill[adjacency.list[k]]++;
      list[at] = i;
      edge[at] = k;
    }
  }
  return { adjacency: { start, list }, edge };
}

/**
 * A graph from successor rows (the predecessors are derived).
 *
 * @example
 * ```ts
 * const dag = dagOfAdjacency(adjacencyOf([[1, 2], [2], []]));
 * dag.predecessors.list; // [0, 0, 1]
 * ```
 */
export function dagOfAdjacency(successors: Adjacency): Dag {
  const n = successors.start.length - 1;
  return { n, successors, predecessors: reversed(n, successors).adjacency };
}

/**
 * A graph from successor lists by node.
 *
 * @example
 * ```ts
 * const dag = dagOfSuccessors([[1, 2], [2], []]);
 * ```
 */
export function dagOfSuccessors(lists: readonly (readonly number[])[]): Dag {
  return dagOfAdjacency(adjacencyOf(lists));
}

/**
 * A graph from an edge list `from[e] → to[e]`; each node's successors and predecessors keep
 * the input order of their edges, and `successorEdge` / `predecessorEdge` map positions back
 * to edges so that edge weights can follow (`weightsAlong`).
 *
 * @example
 * ```ts
 * const dag = dagOfEdges(3, [0, 1, 0], [1, 2, 2]);
 * dag.successors.list; // [1, 2, 2]
 * ```
 */
export function dagOfEdges(n: number, from: ArrayLike<number>, to: ArrayLike<number>): EdgeDag {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < from.length; e++) start[from[e] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const list = new Int32Array(from.length);
  const successorEdge = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) {
    const at = fill[from[e]]++;
    list[at] = to[e];
    successorEdge[at] = e;
  }
  const successors = { start, list };
  const back = reversed(n, successors);
  const predecessorEdge = new Int32Array(back.edge.length);
  for (let k = 0; k < back.edge.length; k++) predecessorEdge[k] = successorEdge[back.edge[k]];
  return { n, successors, predecessors: back.adjacency, successorEdge, predecessorEdge };
}

/**
 * Edge weights in the order of an adjacency's positions, from weights by input edge.
 *
 * @example
 * ```ts
 * const lag = weightsAlong(dag.predecessorEdge, lagByEdge); // for `heads`
 * ```
 */
export function weightsAlong(positions: Int32Array, byEdge: ArrayLike<number>): Float64Array {
  const weights = new Float64Array(positions.length);
  for (let k = 0; k < positions.length; k++) weights[k] = byEdge[positions[k]];
  return weights;
}

/** Kahn's queue: ready nodes in index order first, then each as its last predecessor is placed. */
function kahn(dag: Dag): { order: Int32Array; placed: number; waiting: Int32Array } {
  const { n, successors, predecessors } = dag;
  const waiting = new Int32Array(n);
  for (let i = 0; i < n; i++) waiting[i] = predecessors.start[i + 1] - predecessors.start[i];
  const order = new Int32Array(n);
  let placed = 0;
  for (let i = 0; i < n; i++) if (waiting[i] === 0) order[placed++] = i;
  for (let head = 0; head < placed; head++) {
    const j = order[head];
    for (let k = successors.start[j]; k < successors.start[j + 1]; k++) {
      if (--waiting[successors.list[k]] === 0) order[placed++] = successors.list[k];
    }
  }
  return { order, placed, waiting };
}

/**
 * The nodes with every predecessor first (Kahn's algorithm: the sources in index order, then
 * each node as soon as its last predecessor is placed); undefined when the graph has a cycle.
 *
 * @example
 * ```ts
 * topologicalOrder(dagOfSuccessors([[2], [2], []])); // Int32Array [0, 1, 2]
 * topologicalOrder(dagOfSuccessors([[1], [0]])); // undefined
 * ```
 */
export function topologicalOrder(dag: Dag): Int32Array | undefined {
  const { order, placed } = kahn(dag);
  return placed === dag.n ? order : undefined;
}

/**
 * The nodes no topological order can place (those on a cycle or after one), marked 1;
 * undefined when the graph is acyclic. Each of them has a predecessor among them.
 *
 * @example
 * ```ts
 * blockedNodes(dagOfSuccessors([[1], [2], [1], []])); // Uint8Array [0, 1, 1, 0]: 1 → 2 → 1
 * ```
 */
export function blockedNodes(dag: Dag): Uint8Array | undefined {
  const { placed, waiting } = kahn(dag);
  if (placed === dag.n) return undefined;
  return Uint8Array.from(waiting, (count) => (count > 0 ? 1 : 0));
}

/**
 * One cycle among the `member` nodes, in edge order and starting at its lowest node (not
 * repeated at the end). Every member must have a member predecessor, as the nodes of a
 * strongly connected component or `blockedNodes` do: the walk backwards from the lowest
 * member along the first member predecessor must then come back to a node it passed.
 *
 * @example
 * ```ts
 * const dag = dagOfSuccessors([[1], [2], [0]]);
 * cycleAmong(dag, new Uint8Array([1, 1, 1])); // Int32Array [0, 1, 2]: 0 → 1 → 2 → 0
 * ```
 */
export function cycleAmong(dag: Dag, member: Uint8Array): Int32Array {
  const { predecessors } = dag;
  const seenAt = new Int32Array(dag.n).fill(-1);
  const walk: number[] = [];
  let current = member.indexOf(1);
  while (seenAt[current] < 0) {
    seenAt[current] = walk.length;
    walk.push(current);
    let next = -1;
    for (let k = predecessors.start[current]; k < predecessors.start[current + 1] && next < 0; k++) {
      if (member[predecessors.list[k]] === 1) next = predecessors.list[k];
    }
    if (next < 0)
      throw new SchedlabError('internal', `cycleAmong: node ${current} has no predecessor among the members`);
    current = next;
  }
  // The walk ran against the edges; reversed, the loop reads in edge order.
  const loop = walk.slice(seenAt[current]).reverse();
  let first = 0;
  for (let k = 1; k < loop.length; k++) if (loop[k] < loop[first]) first = k;
  return Int32Array.from([...loop.slice(first), ...loop.slice(0, first)]);
}

/**
 * A random topological order: the sources shuffled, then repeatedly one ready node drawn
 * uniformly (`splice`, so the others keep their order), its successors becoming ready in
 * their list order; undefined when the graph has a cycle. The generators' orders depend on
 * this exact sequence of draws.
 *
 * @example
 * ```ts
 * randomTopologicalOrder(dag, seededRandom(7)); // e.g. [2, 0, 1, 3]
 * ```
 */
export function randomTopologicalOrder(dag: Dag, rng: () => number): number[] | undefined {
  const { n, successors, predecessors } = dag;
  const waiting = new Int32Array(n);
  const sources: number[] = [];
  for (let i = 0; i < n; i++) {
    waiting[i] = predecessors.start[i + 1] - predecessors.start[i];
    if (waiting[i] === 0) sources.push(i);
  }
  const ready = shuffle(rng, sources);
  const order: number[] = [];
  while (ready.length > 0) {
    const j = ready.splice(Math.floor(rng() * ready.length), 1)[0];
    order.push(j);
    for (let k = successors.start[j]; k < successors.start[j + 1]; k++) {
      if (--waiting[successors.list[k]] === 0) ready.push(successors.list[k]);
    }
  }
  return order.length === n ? order : undefined;
}

/**
 * A topological order chosen by a rule: the ready nodes start as the sources in index order;
 * each step places `ready[pick(ready)]`, moves the last ready node into its slot, and appends
 * the successors it makes ready. Every node is placed when the graph is acyclic (a cycle
 * leaves zeros at the end; call it on checked graphs).
 *
 * @example
 * ```ts
 * const byValue = orderBy(dag, (ready) => ready.indexOf(Math.min(...ready))); // lowest ready index first
 * ```
 */
export function orderBy(dag: Dag, pick: (ready: number[]) => number): Int32Array {
  const { n, successors, predecessors } = dag;
  const waiting = new Int32Array(n);
  const ready: number[] = [];
  for (let i = 0; i < n; i++) {
    waiting[i] = predecessors.start[i + 1] - predecessors.start[i];
    if (waiting[i] === 0) ready.push(i);
  }
  const order = new Int32Array(n);
  for (let placed = 0; placed < n && ready.length > 0; placed++) {
    const at = pick(ready);
    const j = ready[at];
    ready[at] = ready[ready.length - 1];
    ready.pop();
    order[placed] = j;
    for (let k = successors.start[j]; k < successors.start[j + 1]; k++) {
      if (--waiting[successors.list[k]] === 0) ready.push(successors.list[k]);
    }
  }
  return order;
}
