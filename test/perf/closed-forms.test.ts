import { describe, expect, it } from 'vitest';
import {
  activeParams,
  getModelPreset,
  gptSpec,
  kvCacheBytesPerToken,
  korthikantiLayerBytes,
  layerActivationBytes,
  layerForwardFlops,
  modelStateBytes,
  narayananFlopsPerIteration,
  splitFbw,
  totalParams,
  trainingStepModelFlops,
  estimateTraining,
  makeCluster,
} from '../../src/perf/index.js';

describe('KV cache', () => {
  it('Llama-3-70B in bf16 holds 327,680 bytes per token', () => {
    expect(kvCacheBytesPerToken(getModelPreset('llama3-70b'))).toBe(327_680);
  });
  it('MLA caches the latent and the rope key only', () => {
    expect(kvCacheBytesPerToken(getModelPreset('deepseek-v3'))).toBe(61 * (512 + 64) * 2);
  });
});

describe('ZeRO model states (Rajbhandari et al. 2020, Figure 1: 7.5B parameters, 64 GPUs)', () => {
  const total = (stage: number): number => {
    const s = modelStateBytes(7.5e9, 64, stage);
    return s.weightBytes + s.gradientBytes + s.optimizerBytes;
  };
  it('baseline is 16 bytes per parameter: 120 GB', () => expect(total(0)).toBe(120e9));
  it('ZeRO-1: 2 + 2 + 12/64 bytes per parameter', () => expect(total(1)).toBeCloseTo(7.5e9 * (4 + 12 / 64), 0));
  it('ZeRO-2: 2 + 14/64 bytes per parameter', () => expect(total(2)).toBeCloseTo(7.5e9 * (2 + 14 / 64), 0));
  it('ZeRO-3: 16/64 bytes per parameter', () => expect(total(3)).toBe((7.5e9 * 16) / 64));
  it('the paper rounds these to 31.4, 16.6 and 1.9 GB', () => {
    expect(total(1) / 1e9).toBeCloseTo(31.4, 1);
    expect(total(2) / 1e9).toBeCloseTo(16.6, 1);
    expect(total(3) / 1e9).toBeCloseTo(1.9, 1);
  });
  it("Megatron's distributed optimizer keeps 6 + 12/d bytes per parameter", () => {
    const s = modelStateBytes(1e9, 8, 0, true);
    expect(s.weightBytes + s.gradientBytes + s.optimizerBytes).toBe(1e9 * (6 + 12 / 8));
  });
});

describe('activations (Korthikanti et al. 2022)', () => {
  const gpt = gptSpec('gpt-175b', { layers: 96, hiddenSize: 12288, heads: 96 });
  const [s, b, h, a] = [2048, 2, 12288, 96];
  it('unparallelized: sbh(34 + 5as/h) bytes per layer', () => {
    const bytes = layerActivationBytes(gpt, 0, b, s, {
      tp: 1,
      sp: false,
      cp: 1,
      recompute: 'none',
      attention: 'materialized',
    });
    expect(bytes).toBe(s * b * h * (34 + (5 * a * s) / h));
    expect(korthikantiLayerBytes({ s, b, h, a, t: 1 }, 'none', false)).toBe(bytes);
  });
  for (const t of [2, 8]) {
    for (const sp of [false, true]) {
      for (const recompute of ['none', 'selective', 'full'] as const) {
        it(`t=${t} sp=${sp} recompute=${recompute} matches the closed form`, () => {
          const bytes = layerActivationBytes(gpt, 0, b, s, { tp: t, sp, cp: 1, recompute, attention: 'materialized' });
          expect(bytes).toBeCloseTo(korthikantiLayerBytes({ s, b, h, a, t }, recompute, sp), 0);
        });
      }
    }
  }
  it('TP + SP is sbh/t (34 + 5as/h)', () => {
    expect(korthikantiLayerBytes({ s, b, h, a, t: 8 }, 'none', true)).toBeCloseTo(
      ((s * b * h) / 8) * (34 + (5 * a * s) / h),
      0,
    );
  });
});

describe('FLOPs (Megatron accounting)', () => {
  const gpt = gptSpec('gpt', { layers: 24, hiddenSize: 2304, heads: 24 });
  it('a GPT layer is 24 b s h^2 + 4 b s^2 h forward', () => {
    const f = layerForwardFlops(gpt, 0, 4, 2048);
    expect(f.linearFlops + f.attentionFlops).toBe(24 * 4 * 2048 * 2304 ** 2 + 4 * 4 * 2048 ** 2 * 2304);
  });
  it('F + B + W is three forwards, W holds only the weight GEMMs', () => {
    const f = layerForwardFlops(gpt, 0, 1, 2048);
    const fbw = splitFbw(f);
    expect(fbw.forwardFlops + fbw.backwardInputFlops + fbw.backwardWeightFlops).toBe(
      3 * (f.linearFlops + f.attentionFlops),
    );
    expect(fbw.backwardWeightFlops).toBe(f.linearFlops);
  });
  it('model FLOPs plus full recomputation equal Narayanan eq. 3', () => {
    // Eq. 3 counts 2021 Megatron's kernels: materialized attention, whose backward recomputes nothing.
    const estimate = estimateTraining({
      model: gpt,
      cluster: makeCluster('a100', 32),
      tp: 1,
      pp: 1,
      seqLength: 2048,
      globalBatch: 512,
      recompute: 'full',
      attention: 'materialized',
    });
    const paper = narayananFlopsPerIteration({
      batch: 512,
      seqLength: 2048,
      layers: 24,
      hiddenSize: 2304,
      vocabSize: 51200,
    });
    expect(estimate.hardwareFlopsPerStep / paper).toBeCloseTo(1, 10);
    expect(estimate.modelFlopsPerStep).toBe(trainingStepModelFlops(gpt, 512, 2048));
  });
});

describe('parameter counts of the presets', () => {
  const billions = (name: string): number => totalParams(getModelPreset(name)) / 1e9;
  it('Llama 3 8B / 70B / 405B', () => {
    expect(billions('llama3-8b')).toBeCloseTo(8.03, 1);
    expect(billions('llama3-70b')).toBeCloseTo(70.55, 1);
    expect(billions('llama3-405b')).toBeCloseTo(405.8, 0);
  });
  it('GPT-3 175B', () => expect(billions('gpt3-175b')).toBeCloseTo(174.6, 0));
  it('Mixtral 8x7B: 46.7B total, 12.9B active', () => {
    expect(billions('mixtral-8x7b')).toBeCloseTo(46.7, 1);
    expect(activeParams(getModelPreset('mixtral-8x7b')) / 1e9).toBeCloseTo(12.9, 1);
  });
  it('DeepSeek-V3: 671B total, about 37B active', () => {
    expect(Math.abs(billions('deepseek-v3') - 671) / 671).toBeLessThan(0.01);
    expect(Math.abs(activeParams(getModelPreset('deepseek-v3')) / 1e9 - 37) / 37).toBeLessThan(0.03);
  });
});
