/**
 * Regression guard on the performance model's fidelity: each published source's rows stay
 * within the mean and worst error measured when this test was written (`npm run bench -- perf`
 * prints the same figures), plus half a percentage point, so a change that makes the model
 * worse on any source fails here, and one that makes it better should lower these figures.
 */
import { describe, expect, it } from 'vitest';
import { predictPublished, publishedTrainingResults } from '../../src/perf/published.js';

/** Measured on 2026-12-07 (`npm run bench -- perf`): mean and worst |predicted / published - 1|. */
const measured: Record<string, { mean: number; worst: number }> = {
  'Narayanan et al. 2021, Table 1': { mean: 0.036, worst: 0.0851 },
  'Korthikanti et al. 2022, MFU': { mean: 0.0377, worst: 0.0544 },
  'Korthikanti et al. 2022, Table 5': { mean: 0.0274, worst: 0.0505 },
  'Dubey et al. 2024 (Llama 3), Table 4': { mean: 0.2658, worst: 0.4104 },
};
const margin = 0.005;

describe('published configurations stay within their measured errors', () => {
  const rows = publishedTrainingResults();
  const sources = [...new Set(rows.map((row) => row.source))];

  it('every source has a measured figure', () => {
    expect(sources.sort()).toEqual(Object.keys(measured).sort());
  });

  for (const source of sources) {
    it(source, () => {
      const errors = rows
        .filter((row) => row.source === source)
        .map((row) => Math.abs(predictPublished(row).ratio - 1));
      const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
      expect(mean).toBeLessThanOrEqual(measured[source].mean + margin);
      expect(Math.max(...errors)).toBeLessThanOrEqual(measured[source].worst + margin);
    });
  }

  it('Korthikanti et al. Table 5 meets the fidelity target: mean under 3%, worst under 7%', () => {
    const table5 = rows.filter((row) => row.source === 'Korthikanti et al. 2022, Table 5');
    expect(table5).toHaveLength(8);
    const errors = table5.map((row) => Math.abs(predictPublished(row).ratio - 1));
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.03);
    expect(Math.max(...errors)).toBeLessThan(0.07);
  });
});
