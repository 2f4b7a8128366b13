/**
 * DeepSeek's Expert Parallelism Load Balancer (github.com/deepseek-ai/EPLB, `eplb.py`), one
 * layer at a time, in our own TypeScript with the same tie rules (stable descending sort, the
 * first lightest pack, the first heaviest expert) so that it reproduces the reference outputs:
 *
 * - `balancedPacking`: items heaviest first, each into the lightest pack that still has room
 *   (every pack takes exactly n/m items);
 * - `replicateExperts`: each redundant slot goes to the expert with the highest load per replica;
 * - hierarchical policy (expert groups divide over nodes): pack groups onto nodes, replicate
 *   within each node, pack the replicas onto the node's GPUs; otherwise the global policy
 *   (one group, one node).
 */

/** Pack index and rank within the pack of each item. */
export interface Packing {
  pack: number[];
  rank: number[];
}

/**
 * Pack `weight.length` items into `packs` packs of exactly `weight.length / packs` items each,
 * heaviest first into the lightest pack with room.
 *
 * @example
 * ```ts
 * balancedPacking([5, 4, 3, 2], 2).pack; // [0, 1, 1, 0]
 * ```
 */
export function balancedPacking(weight: readonly number[], packs: number): Packing {
  const perPack = weight.length / packs;
  if (perPack === 1) return { pack: weight.map((_, i) => i), rank: weight.map(() => 0) };
  const order = weight.map((_, i) => i).sort((a, b) => weight[b] - weight[a] || a - b);
  const pack = new Array<number>(weight.length).fill(-1);
  const rank = new Array<number>(weight.length).fill(-1);
  const load = new Array<number>(packs).fill(0);
  const items = new Array<number>(packs).fill(0);
  for (const item of order) {
    let best = -1;
    for (let p = 0; p < packs; p++) if (items[p] < perPack && (best < 0 || load[p] < load[best])) best = p;
    pack[item] = best;
    rank[item] = items[best]++;
    load[best] += weight[item];
  }
  return { pack, rank };
}

/** The logical expert of each physical slot, its replica rank, and the replica count of each expert. */
export interface Replication {
  phy2log: number[];
  rank: number[];
  count: number[];
}

/**
 * Give `physical - weight.length` redundant slots, one at a time, to the expert with the
 * highest load per replica.
 *
 * @example
 * ```ts
 * replicateExperts([10, 1], 3).phy2log; // [0, 1, 0]
 * ```
 */
export function replicateExperts(weight: readonly number[], physical: number): Replication {
  const logical = weight.length;
  const phy2log = Array.from({ length: physical }, (_, i) => (i < logical ? i : -1));
  const rank = new Array<number>(physical).fill(0);
  const count = new Array<number>(logical).fill(1);
  for (let i = logical; i < physical; i++) {
    let best = 0;
    for (let e = 1; e < logical; e++) if (weight[e] / count[e] > weight[best] / count[best]) best = e;
    phy2log[i] = best;
    rank[i] = count[best]++;
  }
  return { phy2log, rank, count };
}

function inverse(permutation: readonly number[]): number[] {
  const inv = new Array<number>(permutation.length);
  permutation.forEach((target, i) => (inv[target] = i));
  return inv;
}

/** Groups onto nodes: the "middle" logical order, node by node, and its inverse. */
function groupsOntoNodes(
  weight: readonly number[],
  groups: number,
  nodes: number,
): { log2mlog: number[]; mlog2log: number[] } {
  const groupSize = weight.length / groups;
  const perGroup = Array.from({ length: groups }, (_, g) =>
    weight.slice(g * groupSize, (g + 1) * groupSize).reduce((a, b) => a + b, 0),
  );
  const { pack, rank } = balancedPacking(perGroup, nodes);
  const groupsPerNode = groups / nodes;
  const log2mlog = weight.map((_, e) => {
    const g = Math.floor(e / groupSize);
    return (pack[g] * groupsPerNode + rank[g]) * groupSize + (e % groupSize);
  });
  return { log2mlog, mlog2log: inverse(log2mlog) };
}

/**
 * EPLB's hierarchical policy for one layer: `physical` slots over `gpus` GPUs on `nodes` nodes.
 *
 * @example
 * ```ts
 * rebalanceHierarchical(weights, 16, 4, 2, 8).phy2log; // the slots GPU by GPU
 * ```
 */
export function rebalanceHierarchical(
  weight: readonly number[],
  physical: number,
  groups: number,
  nodes: number,
  gpus: number,
): Replication {
  const logical = weight.length;
  const { log2mlog, mlog2log } = groupsOntoNodes(weight, groups, nodes);
  const [perNodeLog, perNodePhy, perGpu] = [logical / nodes, physical / nodes, physical / gpus];
  const phy2log: number[] = [];
  const rank: number[] = [];
  const mlogCount: number[] = [];
  for (let node = 0; node < nodes; node++) {
    const tokens = mlog2log.slice(node * perNodeLog, (node + 1) * perNodeLog).map((e) => weight[e]);
    const replication = replicateExperts(tokens, perNodePhy);
    mlogCount.push(...replication.count);
    const perReplica = replication.phy2log.map((m) => tokens[m] / replication.count[m]);
    const packing = balancedPacking(perReplica, gpus / nodes);
    const pphy2phy = inverse(packing.pack.map((p, i) => p * perGpu + packing.rank[i]));
    for (const phy of pphy2phy) {
      phy2log.push(mlog2log[replication.phy2log[phy] + node * perNodeLog]);
      rank.push(replication.rank[phy]);
    }
  }
  return { phy2log, rank, count: log2mlog.map((m) => mlogCount[m]) };
}

/**
 * EPLB's entry point for one layer: hierarchical when the node count divides the expert
 * groups (and the groups divide the experts), global otherwise.
 *
 * @example
 * ```ts
 * rebalanceExperts([90, 132, 40, 61, 104, 165, 39, 4, 73, 56, 183, 86], 16, 4, 2, 8).phy2log;
 * // [5, 6, 5, 7, 8, 4, 3, 4, 10, 9, 10, 2, 0, 1, 11, 1] (the README's first layer)
 * ```
 */
export function rebalanceExperts(
  weight: readonly number[],
  physical: number,
  groups: number,
  nodes: number,
  gpus: number,
): Replication {
  const hierarchical = groups % nodes === 0 && weight.length % groups === 0 && gpus % nodes === 0;
  return hierarchical
    ? rebalanceHierarchical(weight, physical, groups, nodes, gpus)
    : rebalanceHierarchical(weight, physical, 1, 1, gpus);
}
