/**
 * Costs of expert parallelism placed expert by expert: the GEMM seconds of one expert replica
 * for the tokens it serves, the same seconds as affine pieces (what a MIP can hold), the bytes
 * of one expert's weights, and the all-to-all seconds of an explicit GPU-pair traffic matrix.
 * `layer-time.ts` prices an even spread of tokens over experts; this file prices a placement.
 */
import { achievedBytesPerS } from './communication.js';
import type { ClusterSpec, GpuSpec } from './hardware.js';
import { mlpParams, type ModelSpec } from './llm.js';
import { gemmHalfEfficiencyDim, gemmSeconds, type GemmShape } from './roofline.js';

/** The two GEMMs of one routed expert for `tokens` tokens (up and gate fused, then down). */
function expertGemms(model: ModelSpec, tokens: number): GemmShape[] {
  const f = model.moe?.expertFfnHiddenSize ?? model.ffnHiddenSize;
  const h = model.hiddenSize;
  const up = model.gatedMlp ? 2 * f : f;
  return [
    { m: tokens, n: up, k: h },
    { m: tokens, n: h, k: f },
  ];
}

/**
 * Forward seconds of one expert replica serving `tokens` tokens on `gpu`: the roofline of its
 * two GEMMs; a replica without tokens launches nothing and costs 0.
 *
 * @example
 * ```ts
 * expertReplicaSeconds(getGpu('h100'), getModelPreset('mixtral-8x7b'), 1024); // about 0.5 ms
 * ```
 */
export function expertReplicaSeconds(gpu: GpuSpec, model: ModelSpec, tokens: number): number {
  if (!(tokens > 0)) return 0;
  return expertGemms(model, tokens).reduce((sum, shape) => sum + gemmSeconds(gpu, shape), 0);
}

/** `seconds = slope * tokens + intercept`, one piece of a convex piecewise-linear cost. */
export interface AffinePiece {
  slope: number;
  intercept: number;
}

/** The compute roof and the memory roof of one GEMM as affine functions of its rows `m`. */
function gemmPieces(gpu: GpuSpec, shape: GemmShape, bytesPerElement = 2): AffinePiece[] {
  const saturation = (d: number): number => d / (d + gemmHalfEfficiencyDim);
  // 2mnk / (peak e0 s(n) s(k) m/(m+d0)) = 2nk (m + d0) / (peak e0 s(n) s(k)): affine in m.
  const rate = gpu.bf16FlopsPerS * gpu.gemmEfficiency * saturation(shape.n) * saturation(shape.k);
  const compute = {
    slope: (2 * shape.n * shape.k) / rate,
    intercept: (2 * shape.n * shape.k * gemmHalfEfficiencyDim) / rate,
  };
  const bandwidth = gpu.hbmBytesPerS * gpu.memoryEfficiency;
  const memory = {
    slope: ((shape.k + shape.n) * bytesPerElement) / bandwidth,
    intercept: (shape.k * shape.n * bytesPerElement) / bandwidth,
  };
  return [compute, memory];
}

/**
 * `expertReplicaSeconds` for `tokens > 0` as the maximum of affine pieces (the sum of two
 * GEMMs, each the larger of its compute and memory roofs, is the largest of four sums).
 *
 * @example
 * ```ts
 * const pieces = expertReplicaPieces(getGpu('h100'), getModelPreset('mixtral-8x7b'));
 * Math.max(...pieces.map((p) => p.slope * 512 + p.intercept)); // = expertReplicaSeconds(..., 512)
 * ```
 */
export function expertReplicaPieces(gpu: GpuSpec, model: ModelSpec): AffinePiece[] {
  const [first, second] = expertGemms(model, 1).map((shape) => gemmPieces(gpu, shape));
  return first.flatMap((a) => second.map((b) => ({ slope: a.slope + b.slope, intercept: a.intercept + b.intercept })));
}

/**
 * Bytes of one routed expert's weights (BF16 by default).
 *
 * @example
 * ```ts
 * expertWeightBytes(getModelPreset('mixtral-8x7b')); // 3 x 4096 x 14336 x 2
 * ```
 */
export function expertWeightBytes(model: ModelSpec, bytesPerElement = 2): number {
  return mlpParams(model, model.moe?.expertFfnHiddenSize ?? model.ffnHiddenSize) * bytesPerElement;
}

/**
 * Seconds of an all-to-all whose GPU-pair traffic is `bytes[from][to]` (the diagonal stays on
 * its GPU and costs nothing), GPUs numbered node by node, `gpusPerNode` to a node. Each GPU
 * sends and receives over its intra-node link and its inter-node link at the same time; the
 * busiest port of the busiest GPU sets the time, plus one latency per peer as in
 * `allToAllSeconds`.
 *
 * @example
 * ```ts
 * trafficAllToAllSeconds([[0, 1e6], [1e6, 0]], makeCluster('h100', 2)); // 1 MB each way over NVLink
 * ```
 */
export function trafficAllToAllSeconds(bytes: readonly ArrayLike<number>[], cluster: ClusterSpec): number {
  const gpus = bytes.length;
  if (gpus <= 1) return 0;
  const perNode = Math.min(cluster.gpusPerNode, gpus);
  const node = (g: number): number => Math.floor(g / perNode);
  const send = Array.from({ length: gpus }, () => [0, 0]);
  const recv = Array.from({ length: gpus }, () => [0, 0]);
  for (let from = 0; from < gpus; from++)
    for (let to = 0; to < gpus; to++) {
      if (from === to) continue;
      const port = node(from) === node(to) ? 0 : 1;
      send[from][port] += bytes[from][to];
      recv[to][port] += bytes[from][to];
    }
  const intra = achievedBytesPerS(cluster.intraLink);
  const inter = achievedBytesPerS(cluster.interLink);
  let busiest = 0;
  for (let g = 0; g < gpus; g++)
    busiest = Math.max(busiest, Math.max(send[g][0], recv[g][0]) / intra, Math.max(send[g][1], recv[g][1]) / inter);
  return allToAllLatencySeconds(gpus, cluster) + busiest;
}

/** One latency per peer: `(perNode - 1)` intra-node and `(gpus - perNode)` inter-node messages. */
export function allToAllLatencySeconds(gpus: number, cluster: ClusterSpec): number {
  if (gpus <= 1) return 0;
  const perNode = Math.min(cluster.gpusPerNode, gpus);
  return (perNode - 1) * cluster.intraLink.latencyS + (gpus - perNode) * cluster.interLink.latencyS;
}
