import { describe, expect, it } from 'vitest';
import {
  estimateTraining,
  fewerLayersOnEndStages,
  getLink,
  narayananTestedSizes,
  predictPublished,
  publishedTrainingResults,
  resolveTrainPlan,
} from '../../src/perf/index.js';

/**
 * Narayanan et al. 2021, Table 1, the four rows issue 3 names. Assumptions (the paper does not
 * list them per row): microbatch 1, non-interleaved 1F1B, full recomputation, materialized
 * attention, no sequence parallelism, data-parallel all-reduce not overlapped. "Achieved
 * TFLOP/s" counts FLOPs with the paper's own eq. 3; the step time is the model's.
 */
describe('Narayanan et al. 2021, Table 1', () => {
  const rows = publishedTrainingResults().filter((row) => row.source.startsWith('Narayanan'));
  for (const size of narayananTested()) {
    const row = rows.find((r) => r.label.startsWith(`GPT ${size}B `));
    it(`GPT ${size}B: predicted TFLOP/s per GPU within 15% of the published figure`, () => {
      expect(row).toBeDefined();
      const { predicted, published, ratio } = predictPublished(row!);
      expect(published).toBeGreaterThan(100);
      expect(predicted).toBeGreaterThan(0);
      expect(Math.abs(ratio - 1)).toBeLessThan(0.15);
    });
  }
  it('every configuration fits in 80 GB under the stated assumptions', () => {
    for (const row of rows) expect(estimateTraining(row.plan).memory.fits).toBe(true);
  });
});

function narayananTested(): readonly number[] {
  return narayananTestedSizes;
}

describe('Dubey et al. 2024 (Llama 3 405B), Table 4', () => {
  const rows = publishedTrainingResults().filter((row) => row.source.startsWith('Dubey'));
  it('run the plan the paper describes: FSDP as ZeRO-2, no recomputation, one layer fewer on each end stage, RoCE', () => {
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const plan = resolveTrainPlan(row.plan);
      expect(plan).toMatchObject({
        tp: 8,
        pp: 16,
        zeroStage: 2,
        distributedOptimizer: false,
        recompute: 'none',
        schedule: 'interleaved',
        virtualStages: 8,
      });
      expect(plan.stageLayers).toEqual(fewerLayersOnEndStages(126, 16));
      expect(plan.model.dropout ?? false).toBe(false);
      expect(plan.cluster.interLink).toBe(getLink('roce-400g'));
      expect(plan.globalBatch * plan.seqLength).toBe(16 * 1024 * 1024);
    }
  });
  it('say which memory is over when the model finds a plan too big', () => {
    for (const row of rows) {
      const { memory } = estimateTraining(row.plan);
      if (!memory.fits)
        expect(memory.overflow).toMatch(/does not fit: .* pipeline stage .*over by [\d.]+ GB\); activations/);
    }
  });
});
