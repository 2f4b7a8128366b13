/**
 * The passes along a topological order of a `Dag` (`dag.ts`): heads and tails, latest starts
 * and finishes (the critical-path passes, with node lengths and edge lags, seeded with
 * release dates or deadlines), and the transitive closure as bitsets. All of them run in
 * time linear in the edges (the closure in edges times n/32 words), so the heuristics, the
 * branch and bound and the simulator call them freely.
 *
 * Every array is typed and of one kind (orders `Int32Array`, times and lengths
 * `Float64Array`): each loop then sees one element kind wherever it is called from. With
 * plain arrays and mixed kinds in one process, V8's element loads in these shared loops go
 * megamorphic (the simulator's critical path ran seven times slower in such a process).
 */
import type { Dag } from './dag.js';

/**
 * What an edge i → j means to every pass: j starts `lag[k]` or more after i finishes, i.e.
 * `length[i] + lag[k]` after i starts (either part 0 when absent, so weights alone can go in
 * `lag`). `lag[k]` belongs to the edge at position k of the adjacency the pass reads: heads
 * read `dag.predecessors`, the backward passes `dag.successors`.
 */
export interface Lengths {
  length?: Float64Array;
  lag?: Float64Array;
}

/**
 * Zeros standing in for an absent `length` or `lag` (read, never written), so the loops add
 * both without a branch per edge: x + 0 is x, and the sums keep their order.
 */
let zeroBuffer = new Float64Array(0);

function zeros(size: number): Float64Array {
  if (zeroBuffer.length < size) zeroBuffer = new Float64Array(size);
  return zeroBuffer;
}

/**
 * Heads (earliest starts), in place along a topological `order`: `head[j]` rises to
 * `head[i] + length[i] + lag[k]` for every predecessor i (`lag` by position in
 * `dag.predecessors`). Seed `head` with release dates (or −∞ but at a source, for the
 * longest paths from it). With `via`, `via[j]` becomes the predecessor that sets `head[j]`:
 * the first listed among equals, and one that only ties with the seed still counts; −1 when
 * the seed is strictly later than every predecessor's path.
 *
 * @example
 * ```ts
 * const head = Float64Array.from(release);
 * heads(dag, order, head, { length: duration });
 * ```
 */
export function heads(dag: Dag, order: Int32Array, head: Float64Array, lengths: Lengths = {}, via?: Int32Array): void {
  const { start, list } = dag.predecessors;
  const length = lengths.length ?? zeros(dag.n);
  const lag = lengths.lag ?? zeros(list.length);
  for (let o = 0; o < order.length; o++) {
    const j = order[o];
    let best = head[j];
    let from = -1;
    for (let k = start[j]; k < start[j + 1]; k++) {
      const i = list[k];
      const t = head[i] + length[i] + lag[k];
      if (t > best || (from < 0 && t === best)) {
        best = t;
        from = i;
      }
    }
    head[j] = best;
    if (via) via[j] = from;
  }
}

/**
 * Tails, in place against a topological `order`: `tail[j]` rises to
 * `tail[s] + length[s] + lag[k]` for every successor s (`lag` by position in
 * `dag.successors`). Seeded with 0, `tail[j]` is the longest path from j's finish to the end.
 *
 * @example
 * ```ts
 * const tail = new Float64Array(dag.n);
 * tails(dag, order, tail, { length: duration }); // remaining work after each node ends
 * ```
 */
export function tails(dag: Dag, order: Int32Array, tail: Float64Array, lengths: Lengths = {}): void {
  const { start, list } = dag.successors;
  const length = lengths.length ?? zeros(dag.n);
  const lag = lengths.lag ?? zeros(list.length);
  for (let o = order.length - 1; o >= 0; o--) {
    const j = order[o];
    let best = tail[j];
    for (let k = start[j]; k < start[j + 1]; k++) {
      const s = list[k];
      const t = tail[s] + length[s] + lag[k];
      if (t > best) best = t;
    }
    tail[j] = best;
  }
}

/**
 * Latest finishes, in place against a topological `order`: `finish[j]` falls to
 * `finish[s] − length[s] − lag[k]` for every successor s (`lag` by position in
 * `dag.successors`). Seed it with the deadlines (Infinity where none).
 *
 * @example
 * ```ts
 * const latestFinish = Float64Array.from(deadline);
 * latestFinishes(dag, order, latestFinish, { length: duration });
 * ```
 */
export function latestFinishes(dag: Dag, order: Int32Array, finish: Float64Array, lengths: Lengths = {}): void {
  const { start, list } = dag.successors;
  const length = lengths.length ?? zeros(dag.n);
  const lag = lengths.lag ?? zeros(list.length);
  for (let o = order.length - 1; o >= 0; o--) {
    const j = order[o];
    let best = finish[j];
    for (let k = start[j]; k < start[j + 1]; k++) {
      const s = list[k];
      const t = finish[s] - length[s] - lag[k];
      if (t < best) best = t;
    }
    finish[j] = best;
  }
}

/**
 * Latest starts, in place against a topological `order`: `latest[j]` falls to
 * `latest[s] − length[j] − lag[k]` for every successor s (`lag` by position in
 * `dag.successors`). Seed it with each deadline minus the node's length.
 *
 * @example
 * ```ts
 * latestStarts(dag, order, latest, { length: duration });
 * ```
 */
export function latestStarts(dag: Dag, order: Int32Array, latest: Float64Array, lengths: Lengths = {}): void {
  const { start, list } = dag.successors;
  const length = lengths.length ?? zeros(dag.n);
  const lag = lengths.lag ?? zeros(list.length);
  for (let o = order.length - 1; o >= 0; o--) {
    const j = order[o];
    let best = latest[j];
    for (let k = start[j]; k < start[j + 1]; k++) {
      const t = latest[list[k]] - length[j] - lag[k];
      if (t < best) best = t;
    }
    latest[j] = best;
  }
}

/** Sets of nodes by node as bit rows: node j's set is bits `words * j .. words * (j + 1) - 1` of `bits`. */
export interface Bitsets {
  readonly n: number;
  readonly words: number;
  readonly bits: Uint32Array;
}

/**
 * The transitive closure: row j holds every node reachable from j by one edge or more
 * (`'after'`), or every node that reaches j (`'before'`); `order` is a topological order.
 *
 * @example
 * ```ts
 * const after = closure(dag, order, 'after');
 * hasMember(after, 0, 2); // true when a path leads from 0 to 2
 * ```
 */
export function closure(dag: Dag, order: Int32Array, side: 'before' | 'after'): Bitsets {
  const n = dag.n;
  const words = (n + 31) >>> 5;
  const bits = new Uint32Array(n * words);
  const { start, list } = side === 'after' ? dag.successors : dag.predecessors;
  for (let o = 0; o < n; o++) {
    const j = side === 'after' ? order[n - 1 - o] : order[o];
    const row = j * words;
    for (let k = start[j]; k < start[j + 1]; k++) {
      const s = list[k];
      bits[row + (s >>> 5)] |= 1 << (s & 31);
      const other = s * words;
      for (let w = 0; w < words; w++) bits[row + w] |= bits[other + w];
    }
  }
  return { n, words, bits };
}

/**
 * Whether node `j` is in the set of `row`.
 *
 * @example
 * ```ts
 * hasMember(closure(dag, order, 'after'), 0, 2);
 * ```
 */
export function hasMember(sets: Bitsets, row: number, j: number): boolean {
  return ((sets.bits[row * sets.words + (j >>> 5)] >>> (j & 31)) & 1) === 1;
}

/**
 * The size of the set of `row`.
 *
 * @example
 * ```ts
 * memberCount(closure(dag, order, 'after'), 0); // how many nodes follow node 0
 * ```
 */
export function memberCount(sets: Bitsets, row: number): number {
  let count = 0;
  for (let w = row * sets.words; w < (row + 1) * sets.words; w++) {
    let x = sets.bits[w];
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    count += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return count;
}

/**
 * The set of `row` as node indices in increasing order.
 *
 * @example
 * ```ts
 * members(closure(dag, order, 'before'), 3); // the nodes before node 3
 * ```
 */
export function members(sets: Bitsets, row: number): number[] {
  const out: number[] = [];
  for (let w = 0; w < sets.words; w++) {
    for (let x = sets.bits[row * sets.words + w]; x !== 0; x &= x - 1) out.push(w * 32 + 31 - Math.clz32(x & -x));
  }
  return out;
}
