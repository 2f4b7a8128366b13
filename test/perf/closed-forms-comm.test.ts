/** Closed forms of the collectives, the pipeline in-flight counts, the small-GEMM fall-off and ZeRO inside a training estimate. */
import { describe, expect, it } from 'vitest';
import {
  achievedBytesPerS,
  allGatherSeconds,
  allReduceSeconds,
  allToAllSeconds,
  estimateTraining,
  gemmEfficiency,
  gemmHalfEfficiencyDim,
  gemmSeconds,
  getGpu,
  getModelPreset,
  groupOn,
  inFlightMicrobatches,
  makeCluster,
  modelStateBytes,
  p2pSeconds,
  reduceScatterSeconds,
  ringAllGatherSeconds,
  stagePeakActivations,
  totalParams,
  treeAllReduceSeconds,
} from '../../src/perf/index.js';

const cluster = makeCluster('h100', 64); // 8 nodes of 8, NVLink 4 inside, NDR InfiniBand across
const nvlink = cluster.intraLink;
const ib = cluster.interLink;
const beta = achievedBytesPerS;
const n = 1e9;

describe('collectives, alpha-beta closed forms', () => {
  it('tree all-reduce across nodes: 2 ceil(log2 p) alpha + 2 n / beta', () => {
    // Stride 8 puts one rank per node: the group is 8 ranks over the NIC only.
    const group = groupOn(cluster, 8, 8);
    expect(allReduceSeconds(n, group, 'tree')).toBeCloseTo(2 * 3 * ib.latencyS + (2 * n) / beta(ib), 12);
    expect(treeAllReduceSeconds(n, 5, ib)).toBeCloseTo(2 * 3 * ib.latencyS + (2 * n) / beta(ib), 12);
    expect(allReduceSeconds(n, group, 'ring')).toBeCloseTo(14 * ib.latencyS + ((14 / 8) * n) / beta(ib), 12);
  });
  it('reduce-scatter and all-gather in a node: (p-1) alpha + (p-1)/p n / beta', () => {
    const group = groupOn(cluster, 8, 1);
    const expected = 7 * nvlink.latencyS + ((7 / 8) * n) / beta(nvlink);
    expect(reduceScatterSeconds(n, group)).toBeCloseTo(expected, 12);
    expect(allGatherSeconds(n, group)).toBeCloseTo(expected, 12);
    expect(ringAllGatherSeconds(n, 8, nvlink)).toBeCloseTo(expected, 12);
  });
  it('point to point: alpha + n / beta', () => {
    expect(p2pSeconds(n, ib)).toBeCloseTo(ib.latencyS + n / beta(ib), 12);
    expect(p2pSeconds(0, ib)).toBe(0);
  });
  it('all-to-all over two nodes: intra and inter shares at once, plus one alpha per peer', () => {
    const group = groupOn(cluster, 16, 1);
    const expected =
      7 * nvlink.latencyS + 8 * ib.latencyS + Math.max(((7 / 16) * n) / beta(nvlink), ((8 / 16) * n) / beta(ib));
    expect(allToAllSeconds(n, group)).toBeCloseTo(expected, 12);
    expect(allToAllSeconds(n, groupOn(cluster, 8, 1))).toBeCloseTo(
      7 * nvlink.latencyS + ((7 / 8) * n) / beta(nvlink),
      12,
    );
  });
  it('hierarchical all-reduce: reduce-scatter and all-gather in the node, the 1/8 shard across nodes', () => {
    const group = groupOn(cluster, 64, 1);
    const inNode = 2 * (7 * nvlink.latencyS + ((7 / 8) * n) / beta(nvlink));
    const ring = 14 * ib.latencyS + ((14 / 8) * (n / 8)) / beta(ib);
    const tree = 6 * ib.latencyS + (2 * (n / 8)) / beta(ib);
    expect(allReduceSeconds(n, group, 'ring')).toBeCloseTo(inNode + ring, 12);
    expect(allReduceSeconds(n, group, 'tree')).toBeCloseTo(inNode + tree, 12);
    expect(allReduceSeconds(n, group)).toBeCloseTo(inNode + Math.min(ring, tree), 12);
  });
  it('hierarchical all-gather: the inter-node ring on 1/8 of the buffer, then the node ring', () => {
    const expected =
      7 * ib.latencyS + ((7 / 8) * (n / 8)) / beta(ib) + 7 * nvlink.latencyS + ((7 / 8) * n) / beta(nvlink);
    expect(allGatherSeconds(n, groupOn(cluster, 64, 1))).toBeCloseTo(expected, 12);
  });
});

describe('pipeline microbatches in flight', () => {
  it('1F1B: stage i holds min(p - i, m)', () => {
    for (const stage of [0, 3, 7]) expect(stagePeakActivations('1f1b', 8, 64, stage, [1])).toBe(8 - stage);
    expect(stagePeakActivations('1f1b', 8, 4, 0, [1])).toBe(4);
    expect(stagePeakActivations('zb-h1', 8, 64, 0, [1])).toBe(8);
    expect(stagePeakActivations('gpipe', 8, 64, 5, [1])).toBe(64);
  });
  it('interleaved: the first stage holds p (1 + (p-1)/(p v)) microbatches (Korthikanti et al. 2022)', () => {
    const [p, m, v] = [8, 64, 4];
    expect(inFlightMicrobatches('interleaved', p, m, v)).toBeCloseTo(p * (1 + (p - 1) / (p * v)), 12);
    // 2(p-1) + (v-1)p warm-up chunk forwards plus one, each a 1/v share of the stage.
    const chunks = new Array<number>(v).fill(1 / v);
    expect(stagePeakActivations('interleaved', p, m, 0, chunks)).toBeCloseTo(p * (1 + (p - 1) / (p * v)), 12);
    expect(stagePeakActivations('interleaved', p, m, p - 1, chunks)).toBeCloseTo(((v - 1) * p + 1) / v, 12);
    // With m = p Megatron runs every forward first.
    expect(stagePeakActivations('interleaved', p, p, p - 1, chunks)).toBeCloseTo(p, 12);
  });
  it('an empty first chunk holds nothing (Llama 3: only the embedding there)', () => {
    expect(stagePeakActivations('interleaved', 16, 32, 0, [0, 1, 1, 1, 1, 1, 1, 1])).toBe(16 * 7);
  });
});

describe('small-GEMM efficiency', () => {
  const gpu = getGpu('h100');
  it('falls as d / (d + 32) per dimension', () => {
    expect(gemmHalfEfficiencyDim).toBe(32);
    expect(gemmEfficiency(gpu, { m: 32, n: 32, k: 32 })).toBeCloseTo(gpu.gemmEfficiency / 8, 12);
    expect(gemmEfficiency(gpu, { m: 1e9, n: 1e9, k: 128 })).toBeCloseTo(gpu.gemmEfficiency * 0.8, 6);
    expect(gemmEfficiency(gpu, { m: 8192, n: 8192, k: 1024 })).toBeGreaterThan(
      gemmEfficiency(gpu, { m: 8192, n: 8192, k: 128 }),
    );
  });
  it('makes a decode GEMM memory-bound: its time is its bytes over the bandwidth', () => {
    const shape = { m: 1, n: 8192, k: 8192 };
    const bytes = 2 * (8192 + 8192 * 8192 + 8192);
    expect(gemmSeconds(gpu, shape)).toBeCloseTo(bytes / (gpu.hbmBytesPerS * gpu.memoryEfficiency), 12);
  });
});

describe('ZeRO inside estimateTraining', () => {
  const model = getModelPreset('llama3-8b');
  const params = totalParams(model);
  for (const stage of [0, 1, 2, 3]) {
    it(`stage ${stage}: the memory breakdown holds modelStateBytes(N, 64, ${stage})`, () => {
      const { memory } = estimateTraining({
        model,
        cluster: makeCluster('h100', 64),
        tp: 1,
        pp: 1,
        seqLength: 2048,
        globalBatch: 64,
        zeroStage: stage,
      });
      const expected = modelStateBytes(params, 64, stage);
      expect(memory.weightBytes).toBeCloseTo(expected.weightBytes, 0);
      expect(memory.gradientBytes).toBeCloseTo(expected.gradientBytes, 0);
      expect(memory.optimizerBytes).toBeCloseTo(expected.optimizerBytes, 0);
    });
  }
  it('the distributed optimizer keeps 2 + 4 + 12/d bytes per parameter', () => {
    const { memory } = estimateTraining({
      model,
      cluster: makeCluster('h100', 64),
      tp: 1,
      pp: 1,
      seqLength: 2048,
      globalBatch: 64,
      distributedOptimizer: true,
    });
    expect(memory.weightBytes + memory.gradientBytes + memory.optimizerBytes).toBeCloseTo(params * (6 + 12 / 64), 0);
  });
});
