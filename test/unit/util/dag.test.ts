import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCycle, graphlibNodeLimit } from '../../../src/util/cycles.js';
import {
  closure,
  hasMember,
  heads,
  latestFinishes,
  latestStarts,
  memberCount,
  members,
  tails,
} from '../../../src/util/dag-paths.js';
import {
  adjacencyOf,
  blockedNodes,
  cycleAmong,
  type Dag,
  dagOfEdges,
  dagOfSuccessors,
  orderBy,
  randomTopologicalOrder,
  topologicalOrder,
  weightsAlong,
} from '../../../src/util/dag.js';
import { seededRandom } from '../../../src/util/random.js';

/** A diamond with a tail: 0 → 1, 0 → 2, 1 → 3, 2 → 3, 3 → 4. */
const diamond = [[1, 2], [3], [3], [4], []];

function successorLists(dag: Dag): number[][] {
  return Array.from({ length: dag.n }, (_, i) =>
    Array.from(dag.successors.list.subarray(dag.successors.start[i], dag.successors.start[i + 1])),
  );
}

/** Every edge goes forward in the order, and every node appears once. */
function respects(dag: Dag, order: ArrayLike<number>): boolean {
  const position = new Int32Array(dag.n).fill(-1);
  for (let k = 0; k < order.length; k++) position[order[k]] = k;
  if (order.length !== dag.n || position.includes(-1)) return false;
  return successorLists(dag).every((list, i) => list.every((s) => position[i] < position[s]));
}

/** Nodes reachable from `from` by one edge or more, by depth-first search. */
function reachable(lists: number[][], from: number): number[] {
  const seen = new Set<number>();
  const stack = [...lists[from]];
  while (stack.length > 0) {
    const j = stack.pop()!;
    if (seen.has(j)) continue;
    seen.add(j);
    stack.push(...lists[j]);
  }
  return [...seen].sort((a, b) => a - b);
}

/** Heads by enumerating every path: its first node's seed plus the lengths of all its nodes but the last. */
function bruteHeads(lists: number[][], length: number[], seed: number[]): number[] {
  const best = [...seed];
  const walk = (j: number, t: number) => {
    best[j] = Math.max(best[j], t);
    for (const s of lists[j]) walk(s, t + length[j]);
  };
  seed.forEach((t, j) => walk(j, t));
  return best;
}

/** Tails by enumerating every path: its last node's seed plus the lengths of all its nodes but the first. */
function bruteTails(lists: number[][], length: number[], seed: number[]): number[] {
  const walk = (j: number, t: number): number => Math.max(t + seed[j], ...lists[j].map((s) => walk(s, t + length[s])));
  return seed.map((_, j) => walk(j, 0));
}

/** A random DAG: edges only from a lower to a higher index, relabelled by a permutation. */
const arbitraryDag = fc
  .integer({ min: 1, max: 12 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }),
      labels: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      length: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }),
      seed: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }),
    }),
  )
  .map(({ n, edges, labels, length, seed }) => {
    const lists: number[][] = Array.from({ length: n }, () => []);
    for (const [a, b] of edges) if (a < b && !lists[labels[a]].includes(labels[b])) lists[labels[a]].push(labels[b]);
    return { lists, length, seed };
  });

describe('building a dag', () => {
  it('keeps successors in list order and predecessors in increasing order of their sources', () => {
    const dag = dagOfSuccessors(diamond);
    expect(Array.from(dag.successors.start)).toEqual([0, 2, 3, 4, 5, 5]);
    expect(Array.from(dag.predecessors.list)).toEqual([0, 0, 1, 2, 3]);
    expect(adjacencyOf([[2], [], [0, 1]]).list).toEqual(Int32Array.from([2, 0, 1]));
  });

  it('maps edge weights to both sides of an edge list', () => {
    const dag = dagOfEdges(3, [1, 0, 0], [2, 2, 1]);
    expect(successorLists(dag)).toEqual([[2, 1], [2], []]);
    expect(Array.from(weightsAlong(dag.successorEdge, [10, 20, 30]))).toEqual([20, 30, 10]);
    expect(Array.from(dag.predecessors.list)).toEqual([0, 0, 1]);
    expect(Array.from(weightsAlong(dag.predecessorEdge, [10, 20, 30]))).toEqual([30, 20, 10]);
  });
});

describe('topological orders', () => {
  it('takes the sources in index order, then each node as its last predecessor is placed', () => {
    expect(Array.from(topologicalOrder(dagOfSuccessors([[3], [2], [], []]))!)).toEqual([0, 1, 3, 2]);
    expect(Array.from(topologicalOrder(dagOfSuccessors(diamond))!)).toEqual([0, 1, 2, 3, 4]);
  });

  it('has none when there is a cycle, and marks what cannot be placed', () => {
    const cyclic = dagOfSuccessors([[1], [2], [1, 3], []]);
    expect(topologicalOrder(cyclic)).toBeUndefined();
    expect(Array.from(blockedNodes(cyclic)!)).toEqual([0, 1, 1, 1]);
    expect(blockedNodes(dagOfSuccessors(diamond))).toBeUndefined();
  });

  it('draws a random order that respects the edges, the same for the same seed', () => {
    const dag = dagOfSuccessors(diamond);
    const order = randomTopologicalOrder(dag, seededRandom(3))!;
    expect(respects(dag, order)).toBe(true);
    expect(randomTopologicalOrder(dag, seededRandom(3))).toEqual(order);
    expect(randomTopologicalOrder(dagOfSuccessors([[1], [0]]), seededRandom(3))).toBeUndefined();
  });

  it('orders by a rule over the ready nodes', () => {
    const highestFirst = (ready: number[]) => ready.indexOf(Math.max(...ready));
    expect(Array.from(orderBy(dagOfSuccessors([[3], [], [], []]), highestFirst))).toEqual([2, 1, 0, 3]);
  });

  it('every order respects every edge (fast-check)', () => {
    fc.assert(
      fc.property(arbitraryDag, fc.integer(), ({ lists }, seed) => {
        const dag = dagOfSuccessors(lists);
        const rng = seededRandom(seed);
        return (
          respects(dag, topologicalOrder(dag)!) &&
          respects(dag, randomTopologicalOrder(dag, rng)!) &&
          respects(
            dag,
            orderBy(dag, (ready) => Math.floor(rng() * ready.length)),
          )
        );
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('longest paths', () => {
  const dag = dagOfSuccessors(diamond);
  const order = topologicalOrder(dag)!;
  const length = Float64Array.of(2, 5, 1, 3, 4);

  it('heads: earliest starts from the seeds, with the predecessor that sets each', () => {
    const head = Float64Array.of(0, 0, 4, 0, 0);
    const via = new Int32Array(5);
    heads(dag, order, head, { length }, via);
    expect(Array.from(head)).toEqual([0, 2, 4, 7, 10]);
    // Node 2's release (4) is later than 0's finish (2), so no predecessor sets its head.
    expect(Array.from(via)).toEqual([-1, 0, -1, 1, 3]);
  });

  it('heads with lags by predecessor position, ties to the first listed', () => {
    const head = new Float64Array(5);
    const via = new Int32Array(5);
    // Lags by position in predecessors.list = [0, 0, 1, 2, 3]: the edge 2 → 3 gets 4.
    heads(dag, order, head, { length, lag: Float64Array.of(0, 0, 0, 4, 0) }, via);
    expect(Array.from(head)).toEqual([0, 2, 2, 7, 10]);
    expect(via[3]).toBe(1);
  });

  it('tails, latest finishes and latest starts against the order', () => {
    const tail = new Float64Array(5);
    tails(dag, order, tail, { length });
    expect(Array.from(tail)).toEqual([12, 7, 7, 4, 0]);
    const finish = Float64Array.of(Infinity, Infinity, 6, Infinity, 20);
    latestFinishes(dag, order, finish, { length });
    expect(Array.from(finish)).toEqual([5, 13, 6, 16, 20]);
    const latest = finish.map((f, j) => f - length[j]);
    const fromDeadlines = Float64Array.of(Infinity, Infinity, 6, Infinity, 20).map((f, j) => f - length[j]);
    latestStarts(dag, order, fromDeadlines, { length });
    expect(Array.from(fromDeadlines)).toEqual(Array.from(latest));
  });

  it('heads and tails equal the longest paths found by enumerating them (fast-check)', () => {
    fc.assert(
      fc.property(arbitraryDag, ({ lists, length, seed }) => {
        const random = dagOfSuccessors(lists);
        const sequence = topologicalOrder(random)!;
        const head = Float64Array.from(seed);
        heads(random, sequence, head, { length: Float64Array.from(length) });
        const tail = Float64Array.from(seed);
        tails(random, sequence, tail, { length: Float64Array.from(length) });
        return (
          head.join() === bruteHeads(lists, length, seed).join() &&
          tail.join() === bruteTails(lists, length, seed).join()
        );
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('transitive closure', () => {
  it('after and before, as bit rows', () => {
    const dag = dagOfSuccessors(diamond);
    const order = topologicalOrder(dag)!;
    const after = closure(dag, order, 'after');
    const before = closure(dag, order, 'before');
    expect(members(after, 0)).toEqual([1, 2, 3, 4]);
    expect(members(after, 2)).toEqual([3, 4]);
    expect(members(before, 4)).toEqual([0, 1, 2, 3]);
    expect(hasMember(after, 1, 2)).toBe(false);
    expect(memberCount(after, 1)).toBe(2);
  });

  it('spans word boundaries', () => {
    const chain = Array.from({ length: 70 }, (_, j) => (j + 1 < 70 ? [j + 1] : []));
    const dag = dagOfSuccessors(chain);
    const after = closure(dag, topologicalOrder(dag)!, 'after');
    expect(memberCount(after, 0)).toBe(69);
    expect(members(after, 30)).toEqual(Array.from({ length: 39 }, (_, k) => 31 + k));
  });

  it('equals reachability by depth-first search (fast-check)', () => {
    fc.assert(
      fc.property(arbitraryDag, ({ lists }) => {
        const dag = dagOfSuccessors(lists);
        const order = topologicalOrder(dag)!;
        const after = closure(dag, order, 'after');
        const before = closure(dag, order, 'before');
        return lists.every(
          (_, j) =>
            members(after, j).join() === reachable(lists, j).join() &&
            members(before, j).every((i) => reachable(lists, i).includes(j)) &&
            memberCount(before, j) === lists.filter((_, i) => reachable(lists, i).includes(j)).length,
        );
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('cycles', () => {
  it('names one cycle in edge order from its lowest node, inside the component with the lowest node', () => {
    expect(findCycle(dagOfSuccessors(diamond))).toBeUndefined();
    expect(Array.from(findCycle(dagOfSuccessors([[1], [2], [3], [1]]))!)).toEqual([1, 2, 3]);
    expect(Array.from(findCycle(dagOfSuccessors([[0]]))!)).toEqual([0]);
    // Two cycles, 3 → 4 → 3 and 1 → 2 → 1, and 0 before both: the one through 1 is named.
    expect(Array.from(findCycle(dagOfSuccessors([[3, 1], [2], [1], [4], [3]]))!)).toEqual([1, 2]);
  });

  it('walks a cycle among a given set of nodes', () => {
    const dag = dagOfSuccessors([[1], [2], [0, 3], []]);
    expect(Array.from(cycleAmong(dag, Uint8Array.from([1, 1, 1, 0])))).toEqual([0, 1, 2]);
  });

  it('names a cycle past graphlib’s recursion depth (a 20,000-node ring)', () => {
    const n = 20_000;
    expect(n).toBeGreaterThan(graphlibNodeLimit);
    const ring = dagOfSuccessors(Array.from({ length: n }, (_, j) => [(j + 1) % n]));
    expect(findCycle(ring)).toHaveLength(n);
  });

  it('a DAG with one back edge added is cyclic, and the cycle named is a real one (fast-check)', () => {
    fc.assert(
      fc.property(arbitraryDag, fc.nat(), fc.nat(), ({ lists }, a, b) => {
        const from = a % lists.length;
        // A back edge from → to closes a cycle when to reaches from, or when it is a loop.
        const closers = lists.flatMap((_, i) => (i === from || reachable(lists, i).includes(from) ? [i] : []));
        const to = closers[b % closers.length];
        const cyclic = lists.map((list, j) => (j === from ? [...list, to] : list));
        const cycle = Array.from(findCycle(dagOfSuccessors(cyclic)) ?? []);
        return (
          topologicalOrder(dagOfSuccessors(cyclic)) === undefined &&
          cycle.length > 0 &&
          new Set(cycle).size === cycle.length &&
          cycle.every((j, k) => cyclic[j].includes(cycle[(k + 1) % cycle.length])) &&
          cycle[0] === Math.min(...cycle)
        );
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
