/** The `@example` blocks of the public exports of src/perf, run. */
import { describe, expect, it } from 'vitest';
import {
  allReduceSeconds,
  estimateServing,
  estimateTraining,
  gemmEfficiency,
  getGpu,
  getLink,
  getModelPreset,
  gptSpec,
  groupOn,
  inFlightMicrobatches,
  kvCacheBytesPerToken,
  layerForwardFlops,
  logitsForwardFlops,
  makeCluster,
  modelFromHfConfig,
  moeDispatchBytes,
  parseHardwareCatalog,
  publishedTrainingResults,
  resolveTrainPlan,
  splitFbw,
  streamSeconds,
  totalParams,
  activeParams,
  attentionParams,
  flashTiles,
  flashAttentionTraffic,
  getClusterPreset,
  makeClusterFromPreset,
  sizedCluster,
  evenStageLayers,
  fewerLayersOnEndStages,
  stageChunks,
  stagePeakActivations,
  stageParams,
  planChunks,
  trainingStageMemory,
  trainingMemory,
  overflowMessage,
} from '../../src/perf/index.js';

describe('documentation examples', () => {
  it('hardware', () => {
    expect(
      parseHardwareCatalog({ links: [{ name: 'ib-xdr', bytesPerS: 100e9, latencyS: 5e-6, efficiency: 0.9 }] }).links[
        'ib-xdr'
      ]?.bytesPerS,
    ).toBe(100e9);
    expect(getGpu('H100').bf16FlopsPerS).toBe(989e12);
    expect(getLink('ib-ndr').bytesPerS).toBe(50e9);
    expect(makeCluster('a100', 64).nodes).toBe(8);
  });
  it('llm', () => {
    expect(gptSpec('gpt-1.7b', { layers: 24, hiddenSize: 2304, heads: 24 }).ffnHiddenSize).toBe(9216);
    expect(getModelPreset('llama3-70b').layers).toBe(80);
    expect(attentionParams(getModelPreset('gpt3-175b'))).toBe(4 * 12288 ** 2);
    expect(Math.round(totalParams(getModelPreset('llama3-8b')) / 1e9)).toBe(8);
    expect(Math.round(activeParams(getModelPreset('mixtral-8x7b')) / 1e9)).toBe(13);
    expect(kvCacheBytesPerToken(getModelPreset('llama3-70b'))).toBe(327680);
    expect(
      modelFromHfConfig({
        model_type: 'llama',
        num_hidden_layers: 80,
        hidden_size: 8192,
        num_attention_heads: 64,
        num_key_value_heads: 8,
        intermediate_size: 28672,
        vocab_size: 128256,
      }).kvHeads,
    ).toBe(8);
  });
  it('flops and roofline', () => {
    const g = gptSpec('g', { layers: 1, hiddenSize: 1024, heads: 16 });
    const f = layerForwardFlops(g, 0, 1, 2048);
    expect(f.linearFlops + f.attentionFlops).toBe(24 * 2048 * 1024 ** 2 + 4 * 2048 ** 2 * 1024);
    expect(splitFbw({ linearFlops: 10, attentionFlops: 2 })).toEqual({
      forwardFlops: 12,
      backwardInputFlops: 14,
      backwardWeightFlops: 10,
    });
    expect(logitsForwardFlops(g, 2048)).toBe(2 * 2048 * 1024 * 51200);
    expect(gemmEfficiency(getGpu('a100'), { m: 8192, n: 8192, k: 8192 })).toBeCloseTo(0.74, 2);
    expect(streamSeconds(getGpu('a100'), 1e9)).toBeCloseTo(0.6e-3, 4);
  });
  it('memory and communication', () => {
    expect(inFlightMicrobatches('1f1b', 8, 64, 1)).toBe(8);
    expect(moeDispatchBytes(4096, 4096, 2, 8)).toBe((4096 * 2 * 4096 * 2 * 7) / 8);
    expect(groupOn(makeCluster('h100', 64), 8, 1).perNode).toBe(8);
    expect(allReduceSeconds(1e9, groupOn(makeCluster('a100', 64), 64, 1))).toBeGreaterThan(0);
  });
  it('flash attention, clusters and pipeline stages', () => {
    expect(flashTiles(getGpu('h100'), 128, 128)).toEqual({ queryBlock: 128, keyBlock: 227 });
    const t = flashAttentionTraffic(getGpu('a100'), {
      batch: 32,
      queries: 8192,
      keys: 8192,
      qkDim: 128,
      vDim: 128,
      causal: true,
    });
    expect(t.forwardFlops / t.forwardBytes).toBeCloseTo(128, -1);
    expect(getClusterPreset('dgx-h100-superpod').interLink).toBe('ib-ndr');
    expect(makeClusterFromPreset('meta-roce-h100', 16384)).toMatchObject({
      nodes: 2048,
      interLink: { name: 'roce-400g' },
    });
    expect(sizedCluster(getGpu('h100'), 16, 8, getLink('nvlink4'), getLink('roce-400g')).nodes).toBe(2);
    expect(evenStageLayers(10, 4)).toEqual([3, 3, 2, 2]);
    expect(fewerLayersOnEndStages(126, 16)).toEqual([7, ...new Array<number>(14).fill(8), 7]);
    expect(stageChunks([1, 2, 2, 1], 2)).toEqual([
      [[], [3]],
      [[0], [4]],
      [[1], [5]],
      [[2], []],
    ]);
    expect(stagePeakActivations('1f1b', 8, 64, 0, [1])).toBe(8);
  });
  it('training memory by stage', () => {
    const small = resolveTrainPlan({
      model: getModelPreset('llama3-8b'),
      cluster: makeCluster('h100', 8),
      tp: 8,
      pp: 1,
      seqLength: 8192,
      globalBatch: 8,
    });
    expect(stageParams(small, planChunks(small)[0]!.flat(), 0).dense).toBeCloseTo(
      totalParams(getModelPreset('llama3-8b')) / 8,
      0,
    );
    const twoStages = resolveTrainPlan({
      model: getModelPreset('llama3-8b'),
      cluster: makeCluster('h100', 8),
      tp: 1,
      pp: 2,
      seqLength: 8192,
      globalBatch: 8,
    });
    expect(planChunks(twoStages)[1]).toEqual([Array.from({ length: 16 }, (_, i) => 16 + i)]);
    const deep = resolveTrainPlan({
      model: getModelPreset('llama3-70b'),
      cluster: makeCluster('h100', 64),
      tp: 8,
      pp: 8,
      seqLength: 4096,
      globalBatch: 64,
    });
    expect(trainingStageMemory(deep).map((stage) => stage.inFlightMicrobatches)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    const over = resolveTrainPlan({
      model: getModelPreset('llama3-70b'),
      cluster: makeCluster('h100', 8),
      tp: 8,
      pp: 1,
      seqLength: 8192,
      globalBatch: 8,
    });
    expect(overflowMessage(over, trainingMemory(over))).toMatch(
      /^does not fit: .*the largest, optimizer states, shrinks with --zero 1 or --distributed-optimizer/,
    );
  });
  it('estimates', () => {
    expect(
      resolveTrainPlan({
        model: getModelPreset('llama3-8b'),
        cluster: makeCluster('h100', 8),
        tp: 1,
        pp: 1,
        seqLength: 8192,
        globalBatch: 64,
      }).dp,
    ).toBe(8);
    const e = estimateServing({
      model: getModelPreset('llama3-70b'),
      cluster: makeCluster('h100', 8),
      tp: 8,
      batch: 16,
      inputLen: 2048,
      outputLen: 256,
    });
    expect(e.tpotS).toBeGreaterThan(0.005);
    expect(e.tpotS).toBeLessThan(0.05);
    const t = estimateTraining({
      model: getModelPreset('llama3-8b'),
      cluster: makeCluster('h100', 64),
      tp: 1,
      pp: 1,
      seqLength: 8192,
      globalBatch: 512,
      recompute: 'full',
      distributedOptimizer: true,
    });
    expect(t.memory.fits).toBe(true);
    expect(publishedTrainingResults()).toHaveLength(25);
  });
});
