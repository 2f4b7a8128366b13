/**
 * The controllable-memory V-shape schedules (V-Min, V-Half, V-ZB building blocks) on random
 * instances: every one runs without deadlock and stays within the memory it claims; with a
 * limit set, the registered heuristics keep it. With equal times and no comm the peaks follow
 * the block lifespans: V-Min ⌊(p+1)/3⌋+1, V-Half ⌊p/2⌋+1, V-ZB p full-stage M_B (1F1B: p).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePipeline } from '../../models/pipeline/evaluate.js';
import { pipelineHeuristics } from '../../models/pipeline/heuristics.js';
import { vBlockSchedule } from '../../models/pipeline/heuristics/v-block.js';
import { oneFOneB } from '../../models/pipeline/heuristics/handcrafted.js';
import { parsePipeline, withLayout } from '../../models/pipeline/instance.js';

const time = fc.integer({ min: 50, max: 300 }).map((x) => x / 100);
const kinds = ['v-min', 'v-half', 'v-zb'] as const;
const context = {} as never;

function equalTimes(p: number, m: number) {
  const base = parsePipeline({ devices: p, microbatches: m, times: { F: 1, B: 1, W: 1 }, memory: { mB: 1, mW: 0.5 } });
  return { v: withLayout(base, { chunks: 2, placement: 'vshape' }), whole: withLayout(base, { splitBackward: false }) };
}

describe('V-shape building-block schedules', () => {
  it('run on random instances within the memory they claim', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 7 }),
        fc.integer({ min: 1, max: 20 }),
        time,
        time,
        time,
        fc.integer({ min: 0, max: 30 }).map((x) => x / 100),
        fc.constantFrom(...kinds),
        fc.boolean(),
        (p, m, F, B, W, comm, kind, split) => {
          const base = parsePipeline({
            devices: p,
            microbatches: m,
            times: { F, B, W },
            comm,
            memory: { mB: 1, mW: 0.4 },
          });
          const instance = withLayout(base, { chunks: 2, placement: 'vshape', splitBackward: split });
          const { solution, peak } = vBlockSchedule(instance, kind);
          const evaluation = evaluatePipeline(instance, solution);
          expect(evaluation.violations).toEqual([]);
          for (let d = 0; d < p; d++)
            expect(evaluation.metrics[`peakMemory.device${d}`]).toBeLessThanOrEqual(peak[d] + 1e-9);
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });

  it('keep an instance limit (falling back to the greedy under it)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 14 }),
        time,
        time,
        fc.constantFrom(...kinds),
        fc.integer({ min: 2, max: 12 }),
        (p, m, F, B, kind, halves) => {
          const base = parsePipeline({
            devices: p,
            microbatches: m,
            times: { F, B, W: F / 2 },
            memory: { mB: 1, mW: 0.4, limit: Math.max(1, halves / 2) },
          });
          const instance = withLayout(base, { chunks: 2, placement: 'vshape' });
          const evaluation = evaluatePipeline(instance, pipelineHeuristics[kind](instance, context));
          expect(evaluation.violations).toEqual([]);
        },
      ),
      { numRuns: 60, seed: 12 },
    );
  });

  it('reach the block peaks and beat 1F1B with equal times (m >= 2p)', () => {
    for (const p of [2, 3, 4, 5, 6, 8, 9, 12]) {
      for (const m of [2 * p, 3 * p + 1]) {
        const { v, whole } = equalTimes(p, m);
        const reference = evaluatePipeline(whole, oneFOneB(whole)).metrics;
        const run = (kind: (typeof kinds)[number]) => evaluatePipeline(v, vBlockSchedule(v, kind).solution).metrics;
        const [vMin, vHalf, vZb] = kinds.map(run);
        expect(reference.peakMemory).toBe(p);
        expect(vMin.peakMemory).toBeLessThanOrEqual(Math.floor((p + 1) / 3) + 1);
        expect(vHalf.peakMemory).toBeLessThanOrEqual(Math.floor(p / 2) + 1);
        expect(vZb.peakMemory).toBeLessThanOrEqual(p);
        expect(vHalf.bubbleRate).toBeLessThanOrEqual(reference.bubbleRate + 1e-9);
        expect(vMin.bubbleRate).toBeLessThanOrEqual(reference.bubbleRate + 1e-9);
        expect(vZb.bubbleRate).toBeLessThanOrEqual(1e-9);
      }
    }
  });
});
