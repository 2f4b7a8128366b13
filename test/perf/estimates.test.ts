import { describe, expect, it } from 'vitest';
import {
  estimateServing,
  estimateTraining,
  getModelPreset,
  makeCluster,
  totalParams,
  type TrainPlan,
} from '../../src/perf/index.js';
import { errorOf } from '../support/errors.js';

const llama70b = getModelPreset('llama3-70b');
const base: TrainPlan = {
  model: llama70b,
  cluster: makeCluster('h100', 64),
  tp: 8,
  pp: 4,
  seqLength: 4096,
  globalBatch: 256,
  recompute: 'selective',
  distributedOptimizer: true,
};

describe('estimateTraining', () => {
  it('reports a plausible Llama 3 70B step on 64 H100s', () => {
    const e = estimateTraining(base);
    expect(e.memory.fits).toBe(true);
    expect(e.mfu).toBeGreaterThan(0.3);
    expect(e.mfu).toBeLessThan(0.65);
    expect(e.tflopsPerGpu).toBeGreaterThanOrEqual(e.mfu * 989 - 1e-9);
    expect(e.time.bubbleS).toBeGreaterThan(0);
  });
  it('says which memory is over and by how much', () => {
    const e = estimateTraining({
      ...base,
      cluster: makeCluster('h100', 8),
      tp: 8,
      pp: 1,
      globalBatch: 8,
      distributedOptimizer: false,
    });
    expect(e.memory.fits).toBe(false);
    expect(e.memory.overflow).toMatch(/does not fit: [\d.]+ GB needed .*over by [\d.]+ GB/);
    expect(e.memory.overflow).toContain('optimizer states');
  });
  it('interleaving and zero-bubble shrink the bubble of 1F1B', () => {
    const plan = { ...base, pp: 8, tp: 8, globalBatch: 64 };
    const oneF = estimateTraining({ ...plan, schedule: '1f1b' });
    expect(estimateTraining({ ...plan, schedule: 'interleaved' }).time.bubbleS).toBeLessThan(oneF.time.bubbleS);
    expect(estimateTraining({ ...plan, schedule: 'zb-h1' }).time.bubbleS).toBeLessThan(oneF.time.bubbleS);
    expect(estimateTraining({ ...plan, schedule: 'gpipe' }).memory.activationBytes).toBeGreaterThan(
      oneF.memory.activationBytes,
    );
  });
  it('full recomputation costs time and saves memory', () => {
    const none = estimateTraining({ ...base, recompute: 'none' });
    const full = estimateTraining({ ...base, recompute: 'full' });
    expect(full.stepTimeS).toBeGreaterThan(none.stepTimeS);
    expect(full.memory.activationBytes).toBeLessThan(none.memory.activationBytes);
    expect(full.hardwareFlopsPerStep).toBeGreaterThan(full.modelFlopsPerStep);
  });
  it('runs MoE plans with expert parallelism', () => {
    const e = estimateTraining({
      model: getModelPreset('mixtral-8x7b'),
      cluster: makeCluster('h100', 64),
      tp: 1,
      pp: 4,
      ep: 8,
      seqLength: 4096,
      globalBatch: 256,
      recompute: 'selective',
      distributedOptimizer: true,
    });
    expect(e.microbatch.layerCommS).toBeGreaterThan(0);
    expect(e.stepTimeS).toBeGreaterThan(0);
  });
  it('refuses a plan that does not divide the GPUs, and says how to fix it', () => {
    const error = errorOf(() => estimateTraining({ ...base, tp: 3 }));
    expect(error.kind).toBe('input');
    expect(error.message).toMatch(/does not divide --gpus 64/);
    expect(errorOf(() => estimateTraining({ ...base, globalBatch: 101 })).message).toContain('--global-batch');
    expect(errorOf(() => estimateTraining({ ...base, ep: 2 })).message).toContain('dense');
  });
});

describe('estimateServing', () => {
  it('decode at batch 1 is memory-bound: TPOT is about the weights over the HBM bandwidth', () => {
    const model = getModelPreset('llama3-8b');
    const cluster = makeCluster('h100', 1);
    const e = estimateServing({ model, cluster, tp: 1, batch: 1, inputLen: 128, outputLen: 128 });
    const floorS = (2 * totalParams(model)) / (cluster.gpu.hbmBytesPerS * cluster.gpu.memoryEfficiency);
    expect(e.decode.memoryBound).toBe(true);
    expect(e.tpotS).toBeGreaterThan(0.9 * floorS);
    expect(e.tpotS).toBeLessThan(1.3 * floorS);
  });
  it('tensor parallelism lowers TPOT; a larger batch raises throughput', () => {
    const plan = { model: llama70b, cluster: makeCluster('h100', 8), batch: 8, inputLen: 1024, outputLen: 256 };
    expect(estimateServing({ ...plan, tp: 8 }).tpotS).toBeLessThan(estimateServing({ ...plan, tp: 4 }).tpotS);
    expect(estimateServing({ ...plan, tp: 8, batch: 64 }).tokensPerS).toBeGreaterThan(
      estimateServing({ ...plan, tp: 8 }).tokensPerS,
    );
  });
  it('says when the weights and KV cache do not fit', () => {
    const e = estimateServing({
      model: llama70b,
      cluster: makeCluster('h100', 1),
      tp: 1,
      batch: 1,
      inputLen: 128,
      outputLen: 128,
    });
    expect(e.memory.fits).toBe(false);
    expect(e.memory.overflow).toContain('weights');
  });
});
