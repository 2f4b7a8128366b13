/** FlashAttention's HBM traffic (Dao et al. 2022) and what it means for a layer's time. */
import { describe, expect, it } from 'vitest';
import {
  estimateTraining,
  flashAttentionSeconds,
  flashAttentionTraffic,
  flashTiles,
  gemmEfficiency,
  getGpu,
  getModelPreset,
  gptSpec,
  layerSeconds,
  makeCluster,
  groupOn,
  type AttentionShape,
  type GpuSpec,
  type LayerContext,
} from '../../src/perf/index.js';

const a100 = getGpu('a100');
const h100 = getGpu('h100');
const shape = (s: number, d: number): AttentionShape => ({
  batch: 16,
  queries: s,
  keys: s,
  qkDim: d,
  vDim: d,
  causal: true,
});
const computeSeconds = (gpu: GpuSpec, s: number, d: number): number =>
  flashAttentionTraffic(gpu, shape(s, d)).forwardFlops /
  (gpu.bf16FlopsPerS * gemmEfficiency(gpu, { m: s, n: s, k: d }));
const memorySeconds = (gpu: GpuSpec, s: number, d: number): number =>
  flashAttentionTraffic(gpu, shape(s, d)).forwardBytes / (gpu.hbmBytesPerS * gpu.memoryEfficiency);

describe('FlashAttention tiles (Dao et al. 2022, Algorithm 1)', () => {
  it('Bc = ceil(M / 4d) and Br = min(Bc, d), M the SRAM in BF16 elements', () => {
    expect(flashTiles(h100, 128, 128)).toEqual({ queryBlock: 128, keyBlock: 227 });
    expect(flashTiles(a100, 64, 64)).toEqual({ queryBlock: 64, keyBlock: Math.ceil((163 * 1024) / 2 / 256) });
    expect(flashTiles(a100, 256, 256).queryBlock).toBe(Math.ceil((163 * 1024) / 2 / 1024));
  });
});

describe('FlashAttention HBM traffic', () => {
  it('forward: Q, O and the row log-sum-exp once, K and V once per query block, counted by hand', () => {
    // One head, 256 queries and keys of width 64, not causal: Br = 64, so 4 query blocks each read all 256 keys.
    const t = flashAttentionTraffic(a100, { batch: 1, queries: 256, keys: 256, qkDim: 64, vDim: 64, causal: false });
    expect(t.tiles.queryBlock).toBe(64);
    expect(t.forwardBytes).toBe(2 * 256 * 64 + 2 * 256 * 64 + 4 * 256 + 4 * 256 * 2 * 64 * 2);
    expect(t.forwardFlops).toBe(2 * 256 * 256 * 128);
    expect(t.backwardFlops).toBe(2 * 256 * 256 * (3 * 64 + 2 * 64));
  });
  it('has no s² score traffic: bytes grow like the FLOPs, so bytes per FLOP do not grow with s', () => {
    for (const d of [64, 128]) {
      const intensity = (s: number): number => {
        const t = flashAttentionTraffic(h100, shape(s, d));
        return t.forwardFlops / t.forwardBytes;
      };
      // The intensity rises to the query block (Dao et al.: Θ(s² d² / M) bytes for Θ(s² d) FLOPs) and stays there.
      expect(intensity(16384)).toBeGreaterThanOrEqual(intensity(2048));
      expect(intensity(131072)).toBeGreaterThanOrEqual(intensity(16384));
      expect(intensity(131072) / flashTiles(h100, d, d).queryBlock).toBeCloseTo(1, 1);
    }
    // Per score element of the full s x s matrix: (d_qk + d_v) / Br bytes of K/V re-reads (half of
    // 2(d_qk + d_v) / Br, causal), against at least 8 for a materialized softmax (write S, read and
    // write it in the softmax, read P in AV).
    const t = flashAttentionTraffic(h100, { ...shape(16384, 128), batch: 1 });
    expect(t.forwardBytes / 16384 ** 2).toBeCloseTo(256 / 128, 1);
    expect(t.forwardBytes / 16384 ** 2).toBeLessThan(8 / 3);
  });
  it('re-reads K and V less with more SRAM: the s² term scales with 1/M while the block is below d', () => {
    const bigger = { ...a100, sramBytesPerSm: 4 * a100.sramBytesPerSm };
    const d = 64;
    expect(flashTiles(bigger, d, d).queryBlock).toBe(64); // capped by d
    const small = { ...a100, sramBytesPerSm: 16 * 1024 };
    expect(flashTiles(small, d, d).queryBlock).toBe(32);
    expect(
      flashAttentionTraffic(small, shape(16384, d)).forwardBytes /
        flashAttentionTraffic(a100, shape(16384, d)).forwardBytes,
    ).toBeCloseTo(2, 1);
  });
  it('is compute-bound for long sequences at head dim 128 on A100, memory-bound at head dim 64', () => {
    for (const s of [8192, 65536]) {
      expect(computeSeconds(a100, s, 128)).toBeGreaterThan(memorySeconds(a100, s, 128));
      expect(computeSeconds(a100, s, 64)).toBeLessThan(memorySeconds(a100, s, 64));
      expect(flashAttentionSeconds(a100, shape(s, 128)).forwardS).toBeCloseTo(computeSeconds(a100, s, 128), 12);
    }
  });
});

describe('attention in a layer', () => {
  const context = (attention: 'flash' | 'materialized', seqLength: number): LayerContext => {
    const cluster = makeCluster('h100', 8);
    return {
      gpu: cluster.gpu,
      model: getModelPreset('llama3-8b'),
      sequences: 1,
      seqLength,
      tp: 1,
      cp: 1,
      ep: 1,
      sp: false,
      attention,
      tpGroup: groupOn(cluster, 1, 1),
      cpGroup: groupOn(cluster, 1, 1),
      epGroup: groupOn(cluster, 1, 1),
    };
  };
  it('flash beats the materialized softmax more as sequences grow', () => {
    const gain = (s: number): number =>
      layerSeconds(context('materialized', s), 0).attentionForwardS /
      layerSeconds(context('flash', s), 0).attentionForwardS;
    expect(gain(4096)).toBeGreaterThan(1);
    expect(gain(32768)).toBeGreaterThan(gain(4096));
  });
});

describe('recomputation accounting', () => {
  const base = {
    model: getModelPreset('llama3-70b'),
    cluster: makeCluster('h100', 64),
    tp: 8,
    pp: 4,
    seqLength: 4096,
    globalBatch: 256,
  } as const;
  it('under flash, selective recomputation costs nothing and saves nothing', () => {
    const none = estimateTraining({ ...base, recompute: 'none' });
    const selective = estimateTraining({ ...base, recompute: 'selective' });
    expect(selective.stepTimeS).toBe(none.stepTimeS);
    expect(selective.microbatch.recomputeS).toBe(0);
    expect(selective.peakMemoryBytes).toBe(none.peakMemoryBytes);
    expect(selective.hardwareFlopsPerStep).toBe(none.hardwareFlopsPerStep);
  });
  it('model FLOPs never include recomputation; hardware FLOPs add what is executed again', () => {
    const gpt = gptSpec('gpt-13b', { layers: 40, hiddenSize: 5120, heads: 40 });
    const plan = {
      model: gpt,
      cluster: makeCluster('a100', 64),
      tp: 8,
      pp: 1,
      seqLength: 2048,
      globalBatch: 64,
    } as const;
    const runs = (['none', 'selective', 'full'] as const).flatMap((recompute) =>
      (['flash', 'materialized'] as const).map((attention) => estimateTraining({ ...plan, recompute, attention })),
    );
    for (const run of runs) expect(run.modelFlopsPerStep).toBe(runs[0]!.modelFlopsPerStep);
    const model = runs[0]!.modelFlopsPerStep;
    const [s, h, l, b] = [2048, 5120, 40, 64];
    const attention = 4 * b * s * s * h * l; // forward QK^T and AV of all layers, Megatron's count
    const forward = model / 3 - 2 * b * s * h * 51200;
    const find = (recompute: string, attentionKernel: string) =>
      runs.find((r) => r.plan.recompute === recompute && r.plan.attention === attentionKernel)!;
    expect(find('none', 'materialized').hardwareFlopsPerStep).toBe(model);
    expect(find('selective', 'materialized').hardwareFlopsPerStep / (model + attention)).toBeCloseTo(1, 12);
    expect(find('full', 'materialized').hardwareFlopsPerStep / (model + forward)).toBeCloseTo(1, 12);
    // Flash's backward recomputes QK^T (half the attention products) whatever the policy.
    expect(find('none', 'flash').hardwareFlopsPerStep / (model + attention / 2)).toBeCloseTo(1, 12);
    expect(find('full', 'flash').hardwareFlopsPerStep / (model + forward + attention / 2)).toBeCloseTo(1, 12);
  });
});
