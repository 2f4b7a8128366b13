import { describe, expect, it } from 'vitest';
import { estimateTraining, narayananTestedSizes, predictPublished, publishedTrainingResults } from '../../src/perf/index.js';

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
