/** Memory that depends on the plan: dropout, uneven pipeline stages, the "does not fit" hints, MLA's KV cache under TP. */
import { describe, expect, it } from 'vitest';
import {
  estimateServing,
  estimateTraining,
  evenStageLayers,
  fewerLayersOnEndStages,
  getModelPreset,
  gptSpec,
  kvCacheBytesPerToken,
  layerActivationBytes,
  makeCluster,
  modelFromHfConfig,
  resolveTrainPlan,
  stageChunks,
  trainingMemory,
  trainingStageMemory,
  type TrainPlan,
} from '../../src/perf/index.js';
import { SchedlabError } from '../../src/errors.js';

describe('dropout', () => {
  const [s, b, h, a] = [2048, 1, 12288, 96];
  const options = { tp: 1, sp: false, cp: 1, recompute: 'none', attention: 'materialized' } as const;
  it('GPT presets keep the Megatron masks: sbh(34 + 5as/h); without dropout sbh(32 + 2as/h)', () => {
    const gpt = gptSpec('gpt-175b', { layers: 96, hiddenSize: h, heads: a });
    expect(gpt.dropout).toBe(true);
    expect(layerActivationBytes(gpt, 0, b, s, options)).toBe(s * b * h * (34 + (5 * a * s) / h));
    const plain = { ...gpt, dropout: false };
    expect(layerActivationBytes(plain, 0, b, s, options)).toBe(s * b * h * (32 + (2 * a * s) / h));
  });
  it('Llama, Mixtral and DeepSeek presets have none', () => {
    for (const name of ['llama3-8b', 'llama3-405b', 'mixtral-8x7b', 'deepseek-v3'])
      expect(getModelPreset(name).dropout ?? false).toBe(false);
  });
  it('Hugging Face configs have dropout only when a dropout field is above 0', () => {
    const base = {
      num_hidden_layers: 2,
      hidden_size: 256,
      num_attention_heads: 4,
      intermediate_size: 1024,
      vocab_size: 1000,
    };
    expect(modelFromHfConfig(base).dropout).toBe(false);
    expect(modelFromHfConfig({ ...base, attention_dropout: 0.0 }).dropout).toBe(false);
    expect(modelFromHfConfig({ ...base, attention_dropout: 0.0, hidden_dropout: 0.1 }).dropout).toBe(true);
    expect(modelFromHfConfig({ ...base, resid_pdrop: 0.1 }).dropout).toBe(true);
  });
});

describe('pipeline stage layouts', () => {
  it('even splits give the remainder to the first stages; Llama 3 takes one layer off each end', () => {
    expect(evenStageLayers(10, 4)).toEqual([3, 3, 2, 2]);
    const llama = fewerLayersOnEndStages(126, 16);
    expect(llama[0]).toBe(7);
    expect(llama[15]).toBe(7);
    expect(llama.slice(1, 15).every((n) => n === 8)).toBe(true);
    expect(() => fewerLayersOnEndStages(125, 16)).toThrow(SchedlabError);
  });
  it('interleaved chunks: the first stage starts with an empty chunk, the last ends with one', () => {
    const chunks = stageChunks(fewerLayersOnEndStages(126, 16), 8);
    expect(chunks[0]![0]).toEqual([]);
    expect(chunks[15]![7]).toEqual([]);
    expect(chunks[1]![0]).toEqual([0]);
    expect(chunks.flat(2).sort((x, y) => x - y)).toEqual(Array.from({ length: 126 }, (_, i) => i));
  });
  const plan: TrainPlan = {
    model: getModelPreset('llama3-70b'),
    cluster: makeCluster('h100', 64),
    tp: 8,
    pp: 8,
    seqLength: 4096,
    globalBatch: 64,
    schedule: '1f1b',
    zeroStage: 1,
  };
  it('peak memory is the maximum over the stages', () => {
    const resolved = resolveTrainPlan(plan);
    const stages = trainingStageMemory(resolved);
    expect(stages).toHaveLength(8);
    expect(trainingMemory(resolved).peakMemoryBytes).toBe(Math.max(...stages.map((stage) => stage.peakMemoryBytes)));
    // 1F1B: stage i holds 8 - i microbatches of its 10 layers.
    expect(stages.map((stage) => stage.inFlightMicrobatches)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
  });
  it('fewer layers on the first stage moves the peak to the second', () => {
    const uneven = trainingMemory(resolveTrainPlan({ ...plan, stageLayers: [7, 11, 11, 11, 10, 10, 10, 10] }));
    expect(uneven.stageIndex).toBe(1);
    expect(uneven.stageLayers).toBe(11);
    const even = trainingMemory(resolveTrainPlan(plan));
    expect(even.stageIndex).toBe(0);
  });
  it('refuses a layout that does not match the model', () => {
    expect(() => resolveTrainPlan({ ...plan, stageLayers: [10, 10] })).toThrow(/one layer count per stage/);
    expect(() => resolveTrainPlan({ ...plan, stageLayers: [10, 10, 10, 10, 10, 10, 10, 11] })).toThrow(/add up to 81/);
  });
});

describe('"does not fit" hints depend on the plan', () => {
  const llama = getModelPreset('llama3-70b');
  const tight: TrainPlan = {
    model: llama,
    cluster: makeCluster('h100', 8),
    tp: 8,
    pp: 1,
    seqLength: 8192,
    globalBatch: 64,
    microBatch: 4,
  };
  it('never suggests selective recomputation under flash or when already selective', () => {
    const flash = estimateTraining({ ...tight, recompute: 'none', zeroStage: 3 }).memory.overflow ?? '';
    expect(flash).toContain('activations');
    expect(flash).not.toContain('--recompute selective');
    expect(flash).toContain('--recompute full');
    expect(flash).toContain('a smaller --micro-batch');
    const selective =
      estimateTraining({ ...tight, recompute: 'selective', attention: 'materialized', zeroStage: 3 }).memory.overflow ??
      '';
    expect(selective).not.toContain('--recompute selective');
    const materialized =
      estimateTraining({ ...tight, recompute: 'none', attention: 'materialized', zeroStage: 3 }).memory.overflow ?? '';
    expect(materialized).toContain('--recompute selective');
  });
  it('suggests the optimizer sharding the plan lacks, and more parallelism once it has it', () => {
    const plain = estimateTraining({ ...tight, microBatch: 1, recompute: 'full' }).memory.overflow ?? '';
    expect(plain).toMatch(/over by [\d.]+ GB/);
    expect(plain).toContain('--zero 1 or --distributed-optimizer');
    expect(plain).not.toContain('more --tp'); // TP 8 already fills the node
    const sharded = estimateTraining({
      ...tight,
      microBatch: 1,
      recompute: 'full',
      cluster: makeCluster('h100', 16),
      gpus: 16,
      zeroStage: 1,
    }).memory;
    if (sharded.overflow) expect(sharded.overflow).not.toContain('--zero 1 ');
  });
  it('names the stage that is over and suggests fewer layers there', () => {
    const e = estimateTraining({
      ...tight,
      cluster: makeCluster('h100', 32),
      pp: 4,
      microBatch: 8,
      globalBatch: 256,
      zeroStage: 3,
      recompute: 'none',
    });
    expect(e.memory.fits).toBe(false);
    expect(e.memory.overflow).toContain('the first pipeline stage (stage 0 of 4)');
    expect(e.memory.overflow).toContain('--stage-layers with fewer layers on the first stage');
    expect(e.memory.overflow).not.toContain('--zero 3');
  });
});

describe('serving KV cache under tensor parallelism', () => {
  const serve = (model: ReturnType<typeof getModelPreset>, tp: number) =>
    estimateServing({ model, cluster: makeCluster('h100', 8), tp, batch: 4, inputLen: 1024, outputLen: 128 }).memory
      .kvCacheBytes;
  it('GQA shards whole KV heads: Llama 3 70B (8 KV heads) splits over TP 8', () => {
    const model = getModelPreset('llama3-70b');
    expect(serve(model, 8)).toBeCloseTo((4 * 1152 * kvCacheBytesPerToken(model)) / 8, 0);
  });
  it('MLA keeps the whole latent cache on every TP rank (DeepSeek-V3)', () => {
    const model = getModelPreset('deepseek-v3');
    expect(serve(model, 8)).toBeCloseTo(4 * 1152 * kvCacheBytesPerToken(model), 0);
    expect(serve(model, 8)).toBe(serve(model, 1));
  });
});
