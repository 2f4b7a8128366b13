/**
 * The ILP with per-stage (unequal) times: its proven optimum equals the evaluator's exact
 * span score of the decoded schedule (the evaluator re-times the orders on its own, so the
 * two agree only if both are right), with the backward split or whole and with two
 * interleaved chunks per device, and no heuristic beats it.
 */
import { describe, expect, it } from 'vitest';
import { parsePipeline, withLayout, type PipelineInstance } from '../../../models/pipeline/instance.js';
import { noHeuristicBeats, provenOptimum } from './ilp-support.js';

const uneven = (p: number, m: number, limit: number) =>
  parsePipeline({
    devices: p,
    microbatches: m,
    comm: 0.1,
    times: { F: [2.7, 2, 3.4].slice(0, p), B: [1, 3.4, 1.4].slice(0, p), W: [0.5, 2.4, 0.8].slice(0, p) },
    memory: { mB: [1, 1.5, 0.8].slice(0, p), mW: [0.4, 0.6, 0.3].slice(0, p), limit },
  });

describe('pipeline ILP with per-stage times', () => {
  const cases: [string, () => PipelineInstance][] = [
    ['split backward p=3 m=4', () => uneven(3, 4, 3.5)],
    ['whole backward p=3 m=4', () => withLayout(uneven(3, 4, 3.5), { splitBackward: false })],
    [
      'interleaved chunks 2, p=2 m=2',
      () =>
        parsePipeline({
          devices: 2,
          microbatches: 2,
          chunks: 2,
          comm: 0.1,
          times: { F: [1.2, 0.8, 1.5, 1], B: [1, 1.6, 0.7, 1.3], W: [0.4, 0.9, 0.5, 0.6] },
          memory: { mB: [0.5, 0.7, 0.6, 0.4], mW: 0.2, limit: 3 },
        }),
    ],
  ];
  for (const [label, make] of cases) {
    it(`${label}: proven optimum = evaluator's score of the decoded schedule; no heuristic beats it`, async () => {
      const instance = make();
      const { result, evaluation } = await provenOptimum(instance);
      expect(evaluation.feasible).toBe(true);
      expect(evaluation.objective).toBeCloseTo(result.objective, 5);
      noHeuristicBeats(instance, result.objective);
    }, 120_000);
  }
});
