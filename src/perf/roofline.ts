/**
 * Kernel times from a roofline: a kernel takes the longer of its FLOPs at the achieved
 * compute rate and its HBM bytes at the achieved bandwidth. The achieved compute rate is the
 * GPU's large-GEMM efficiency times a saturation factor `d / (d + d0)` per GEMM dimension,
 * which models tile quantization and short K loops: efficiency falls for small GEMMs.
 */
import type { GpuSpec } from './hardware.js';

/**
 * The GEMM dimension at which that dimension alone halves the efficiency. One global
 * constant for every GPU and every shape: 32 reproduces the usual picture of tensor-core GEMMs
 * (about 80% of the large-GEMM rate at K = 128, about 95% at 1,024 and beyond).
 */
export const gemmHalfEfficiencyDim = 32;

/** A (batched) GEMM `C[m,n] = A[m,k] B[k,n]`. */
export interface GemmShape {
  m: number;
  n: number;
  k: number;
  /** Independent GEMMs of this shape (batched matmul); default 1. */
  batch?: number;
}

/**
 * Fraction of dense peak a GEMM of this shape reaches.
 *
 * @example
 * ```ts
 * gemmEfficiency(getGpu('a100'), { m: 8192, n: 8192, k: 8192 }); // about 0.74
 * ```
 */
export function gemmEfficiency(gpu: GpuSpec, shape: GemmShape): number {
  const saturation = (d: number): number => d / (d + gemmHalfEfficiencyDim);
  return gpu.gemmEfficiency * saturation(shape.m) * saturation(shape.n) * saturation(shape.k);
}

/**
 * Seconds of one (batched) GEMM with `bytesPerElement`-byte operands: roofline of its FLOPs
 * and of reading A and B and writing C once.
 *
 * @example
 * ```ts
 * gemmSeconds(getGpu('h100'), { m: 4096, n: 4096, k: 4096 }); // about 0.2 ms
 * ```
 */
export function gemmSeconds(gpu: GpuSpec, shape: GemmShape, bytesPerElement = 2): number {
  const batch = shape.batch ?? 1;
  if (shape.m <= 0 || shape.n <= 0 || shape.k <= 0 || batch <= 0) return 0;
  const flops = 2 * shape.m * shape.n * shape.k * batch;
  const bytes = batch * (shape.m * shape.k + shape.k * shape.n + shape.m * shape.n) * bytesPerElement;
  const computeS = flops / (gpu.bf16FlopsPerS * gemmEfficiency(gpu, shape));
  return Math.max(computeS, streamSeconds(gpu, bytes));
}

/**
 * Seconds to move `bytes` through HBM at the achieved streaming bandwidth (memory-bound
 * kernels: norms, activations, softmax, optimizer step).
 *
 * @example
 * ```ts
 * streamSeconds(getGpu('a100'), 1e9); // about 0.6 ms
 * ```
 */
export function streamSeconds(gpu: GpuSpec, bytes: number): number {
  return bytes / (gpu.hbmBytesPerS * gpu.memoryEfficiency);
}

/**
 * Seconds of `flops` at the compute roof and `bytes` at the memory roof, whichever is longer,
 * with a fixed compute efficiency (used where the shape is not a plain GEMM).
 *
 * @example
 * ```ts
 * rooflineSeconds(getGpu('a100'), 1e12, 1e9, 0.5);
 * ```
 */
export function rooflineSeconds(gpu: GpuSpec, flops: number, bytes: number, efficiency: number): number {
  return Math.max(flops / (gpu.bf16FlopsPerS * efficiency), streamSeconds(gpu, bytes));
}
