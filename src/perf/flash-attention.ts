/**
 * FlashAttention as a roofline of its FLOPs and its HBM traffic, counted as Dao et al. 2022
 * (Section 3.2, Theorem 2) count it: the s x s scores never reach HBM; the kernel reads Q once,
 * writes O and the row log-sum-exp once, and re-reads K and V once per query block, whose size
 * the on-chip SRAM sets. The backward pass (FlashAttention-2, Dao 2023, Algorithm 2) loops over
 * key/value blocks, recomputes the scores from Q and K, and per key block re-reads Q, dO and the
 * row statistics and accumulates dQ in FP32. Traffic is therefore `Θ(s² d² / M)` instead of the
 * materialized kernel's `Θ(s d + s²)`: its s² term shrinks with the SRAM size M, and its bytes
 * grow like its FLOPs, so the kernel's arithmetic intensity is about the block size.
 *
 * Not modeled: L2-cache reuse of K/V tiles among query blocks running at the same time, and
 * kernels that pack a GQA group into one block (both make real kernels read less than this).
 */
import type { GpuSpec } from './hardware.js';
import { gemmEfficiency } from './roofline.js';

/** Attention of one GPU: `batch` independent (sequence, query head) pairs. */
export interface AttentionShape {
  batch: number;
  queries: number;
  keys: number;
  /** Per-head width of queries and keys, and of values. */
  qkDim: number;
  vDim: number;
  causal: boolean;
}

/** Row counts of the query and key/value tiles. */
export interface FlashTiles {
  queryBlock: number;
  keyBlock: number;
}

/** FLOPs executed and HBM bytes moved, forward and backward. */
export interface FlashTraffic {
  forwardFlops: number;
  forwardBytes: number;
  backwardFlops: number;
  backwardBytes: number;
  tiles: FlashTiles;
}

/**
 * Tile sizes of Dao et al. 2022, Algorithm 1, line 1: `Bc = ⌈M / 4d⌉`, `Br = min(Bc, d)`, with M
 * the SRAM in BF16 elements. Q, K, V and O tiles share the SRAM, so with different query/key and
 * value widths `4d` becomes `2(d_qk + d_v)`.
 *
 * @example
 * ```ts
 * flashTiles(getGpu('h100'), 128, 128); // { queryBlock: 128, keyBlock: 227 }
 * ```
 */
export function flashTiles(gpu: GpuSpec, qkDim: number, vDim: number): FlashTiles {
  const sramElements = gpu.sramBytesPerSm / 2;
  const keyBlock = Math.max(1, Math.ceil(sramElements / (2 * (qkDim + vDim))));
  return { queryBlock: Math.max(1, Math.min(keyBlock, qkDim)), keyBlock };
}

/**
 * (query, key) pairs in the tiles the kernel computes. A causal kernel skips the tiles above
 * the diagonal and computes the diagonal ones whole, so it does half the pairs plus half a tile
 * row per query (exact for `queries = keys` divisible by `block`).
 */
function computedPairs(shape: AttentionShape, block: number): number {
  const all = shape.queries * shape.keys;
  if (!shape.causal) return all;
  return Math.min(all, all / 2 + (shape.queries * Math.min(block, shape.keys)) / 2);
}

/**
 * FLOPs and HBM bytes of FlashAttention on one GPU, BF16 operands.
 *
 * @example
 * ```ts
 * const t = flashAttentionTraffic(getGpu('a100'), { batch: 32, queries: 8192, keys: 8192, qkDim: 128, vDim: 128, causal: true });
 * t.forwardFlops / t.forwardBytes; // about the query block, 128
 * ```
 */
export function flashAttentionTraffic(gpu: GpuSpec, shape: AttentionShape): FlashTraffic {
  const tiles = flashTiles(gpu, shape.qkDim, shape.vDim);
  const { queries, keys, qkDim, vDim, batch } = shape;
  const forwardPairs = computedPairs(shape, tiles.queryBlock);
  const backwardPairs = computedPairs(shape, tiles.keyBlock);
  // Forward: Q read, O and log-sum-exp written once; K and V rows re-read once per query block.
  const kvRowReads = forwardPairs / tiles.queryBlock;
  const forwardBytes = 2 * queries * (qkDim + vDim) + 4 * queries + 2 * (qkDim + vDim) * kvRowReads;
  // Backward: D = rowsum(dO * O) pre-pass; K, V read and dK, dV written once; per key block each
  // query row re-reads Q, dO, log-sum-exp and D and adds into an FP32 dQ (read and write);
  // a final pass converts dQ to BF16.
  const queryRowReads = backwardPairs / tiles.keyBlock;
  const prePass = queries * (4 * vDim + 4);
  const keyValue = 4 * keys * (qkDim + vDim);
  const perQueryRow = 2 * qkDim + 2 * vDim + 8 + 8 * qkDim;
  const backwardBytes = prePass + keyValue + perQueryRow * queryRowReads + 6 * queries * qkDim;
  return {
    forwardFlops: batch * 2 * forwardPairs * (qkDim + vDim),
    forwardBytes: batch * forwardBytes,
    backwardFlops: batch * 2 * backwardPairs * (3 * qkDim + 2 * vDim),
    backwardBytes: batch * backwardBytes,
    tiles,
  };
}

/**
 * Seconds of FlashAttention forward and backward: the longer of its FLOPs at the small-GEMM
 * efficiency of its products (scores `queries x keys x d_qk`, context `queries x d_v x keys`)
 * and its bytes at the streaming bandwidth.
 *
 * @example
 * ```ts
 * flashAttentionSeconds(getGpu('h100'), { batch: 16, queries: 8192, keys: 8192, qkDim: 128, vDim: 128, causal: true });
 * ```
 */
export function flashAttentionSeconds(gpu: GpuSpec, shape: AttentionShape): { forwardS: number; backwardS: number } {
  if (shape.batch <= 0 || shape.queries <= 0 || shape.keys <= 0) return { forwardS: 0, backwardS: 0 };
  const traffic = flashAttentionTraffic(gpu, shape);
  const rate = (m: number, n: number, k: number): number => gpu.bf16FlopsPerS * gemmEfficiency(gpu, { m, n, k });
  const scoreRate = rate(shape.queries, shape.keys, shape.qkDim);
  const contextRate = rate(shape.queries, shape.vDim, shape.keys);
  const qkShare = shape.qkDim / (shape.qkDim + shape.vDim);
  const forwardComputeS =
    (traffic.forwardFlops * qkShare) / scoreRate + (traffic.forwardFlops * (1 - qkShare)) / contextRate;
  // Backward: three products of the score shape (S again, dQ, dK) and two of the context shape (dP, dV).
  const backwardQkShare = (3 * shape.qkDim) / (3 * shape.qkDim + 2 * shape.vDim);
  const backwardComputeS =
    (traffic.backwardFlops * backwardQkShare) / scoreRate +
    (traffic.backwardFlops * (1 - backwardQkShare)) / contextRate;
  const bandwidth = gpu.hbmBytesPerS * gpu.memoryEfficiency;
  return {
    forwardS: Math.max(forwardComputeS, traffic.forwardBytes / bandwidth),
    backwardS: Math.max(backwardComputeS, traffic.backwardBytes / bandwidth),
  };
}
