/**
 * Collective communication times in the alpha-beta model: a step costs the link latency
 * alpha, and each byte costs 1/beta with beta the achieved bandwidth (raw bandwidth times the
 * link's achievable fraction). Formulas: Thakur, Rabenseifner and Gropp 2005 (ring and tree);
 * hierarchical collectives split into an intra-node and an inter-node phase as NCCL does.
 */
import type { ClusterSpec, LinkSpec } from './hardware.js';

/** A process group laid out on a cluster. */
export interface CommGroup {
  /** Ranks in the group. */
  size: number;
  /** Ranks of the group that share one node (1 when the group spans nodes with a stride). */
  perNode: number;
  intraLink: LinkSpec;
  interLink: LinkSpec;
}

/** Achieved bandwidth of a link, bytes/s. */
export function achievedBytesPerS(link: LinkSpec): number {
  return link.bytesPerS * link.efficiency;
}

/**
 * The group of `size` ranks whose neighbours are `stride` ranks apart (Megatron's rank order
 * puts TP innermost, then CP, then DP, then PP).
 *
 * @example
 * ```ts
 * const tp = groupOn(makeCluster('h100', 64), 8, 1); // one node, NVLink
 * tp.perNode; // 8
 * ```
 */
export function groupOn(cluster: ClusterSpec, size: number, stride: number): CommGroup {
  const fit = stride >= cluster.gpusPerNode ? 1 : Math.max(1, Math.floor(cluster.gpusPerNode / stride));
  return { size, perNode: Math.min(size, fit), intraLink: cluster.intraLink, interLink: cluster.interLink };
}

/** Ring all-reduce of `bytes` over `p` ranks on one link: `2(p-1) alpha + 2 (p-1)/p bytes/beta`. */
export function ringAllReduceSeconds(bytes: number, p: number, link: LinkSpec): number {
  if (p <= 1 || bytes <= 0) return 0;
  return 2 * (p - 1) * link.latencyS + (((2 * (p - 1)) / p) * bytes) / achievedBytesPerS(link);
}

/** Pipelined (double binary) tree all-reduce: `2 log2(p) alpha + 2 bytes/beta`. */
export function treeAllReduceSeconds(bytes: number, p: number, link: LinkSpec): number {
  if (p <= 1 || bytes <= 0) return 0;
  return 2 * Math.ceil(Math.log2(p)) * link.latencyS + (2 * bytes) / achievedBytesPerS(link);
}

/** Ring all-gather (or reduce-scatter) whose full buffer is `bytes`: `(p-1) alpha + (p-1)/p bytes/beta`. */
export function ringAllGatherSeconds(bytes: number, p: number, link: LinkSpec): number {
  if (p <= 1 || bytes <= 0) return 0;
  return (p - 1) * link.latencyS + (((p - 1) / p) * bytes) / achievedBytesPerS(link);
}

/** Point-to-point send of `bytes`: `alpha + bytes/beta`. */
export function p2pSeconds(bytes: number, link: LinkSpec): number {
  if (bytes <= 0) return 0;
  return link.latencyS + bytes / achievedBytesPerS(link);
}

/** Ranks inside one node and number of nodes a group spans. */
function split(group: CommGroup): { intra: number; inter: number } {
  const intra = Math.max(1, Math.min(group.size, group.perNode));
  return { intra, inter: Math.ceil(group.size / intra) };
}

/**
 * Hierarchical all-reduce: reduce-scatter inside each node, all-reduce of the node's shard
 * across nodes (ring or tree, whichever is faster, as NCCL picks), all-gather inside the node.
 *
 * @example
 * ```ts
 * allReduceSeconds(1e9, groupOn(makeCluster('a100', 64), 64, 1)); // 1 GB over 8 DGX A100 nodes
 * ```
 */
export function allReduceSeconds(
  bytes: number,
  group: CommGroup,
  algorithm: 'ring' | 'tree' | 'auto' = 'auto',
): number {
  const { intra, inter } = split(group);
  const interBytes = bytes / intra;
  const ring = ringAllReduceSeconds(interBytes, inter, group.interLink);
  const tree = treeAllReduceSeconds(interBytes, inter, group.interLink);
  const across = algorithm === 'ring' ? ring : algorithm === 'tree' ? tree : Math.min(ring, tree);
  return 2 * ringAllGatherSeconds(bytes, intra, group.intraLink) + across;
}

/**
 * Hierarchical all-gather whose gathered buffer is `bytes` per rank (reduce-scatter costs
 * the same by symmetry).
 *
 * @example
 * ```ts
 * allGatherSeconds(1e9, groupOn(makeCluster('h100', 8), 8, 1));
 * ```
 */
export function allGatherSeconds(bytes: number, group: CommGroup): number {
  const { intra, inter } = split(group);
  return (
    ringAllGatherSeconds(bytes / intra, inter, group.interLink) + ringAllGatherSeconds(bytes, intra, group.intraLink)
  );
}

/** Reduce-scatter of a `bytes` buffer per rank; same cost as the all-gather. */
export function reduceScatterSeconds(bytes: number, group: CommGroup): number {
  return allGatherSeconds(bytes, group);
}

/**
 * All-to-all where each rank sends `bytes` in total (1/p of it to each rank, itself included).
 * Intra-node and inter-node parts go over their own links at the same time. A group that
 * leaves a node partly filled is taken as spread evenly over its nodes (`p / nodes` ranks
 * each), so the share crossing nodes, `1 - 1/nodes`, never falls as ranks are added.
 *
 * @example
 * ```ts
 * allToAllSeconds(64e6, groupOn(makeCluster('h100', 64), 64, 1));
 * ```
 */
export function allToAllSeconds(bytes: number, group: CommGroup): number {
  const p = group.size;
  if (p <= 1 || bytes <= 0) return 0;
  const { intra, inter } = split(group);
  const perNode = p / inter;
  const intraS = (((perNode - 1) / p) * bytes) / achievedBytesPerS(group.intraLink);
  const interS = (((p - perNode) / p) * bytes) / achievedBytesPerS(group.interLink);
  const latencyS = (intra - 1) * group.intraLink.latencyS + (p - intra) * group.interLink.latencyS;
  return latencyS + Math.max(intraS, interS);
}

/**
 * Bytes each rank sends in the MoE dispatch (and again in the combine) of one layer: every
 * token goes to `topK` experts, the fraction `(ep-1)/ep` of them on other ranks.
 *
 * @example
 * ```ts
 * moeDispatchBytes(4096, 4096, 2, 8); // 4096 tokens x 2 experts x 4096 x 2 bytes x 7/8
 * ```
 */
export function moeDispatchBytes(
  tokens: number,
  hiddenSize: number,
  topK: number,
  ep: number,
  bytesPerElement = 2,
): number {
  if (ep <= 1) return 0;
  return tokens * topK * hiddenSize * bytesPerElement * ((ep - 1) / ep);
}
