/**
 * Interleaved 1F1B (Megatron's order): its memory claim, the peak on device i of
 * min(2(p−1−i) + (v−1)p + 1, m·v) chunk activations — p(1 + (p−1)/(pv)) full-stage M_B on
 * device 0, Korthikanti et al. 2022, §4.2.3 — for any times and M_B, split or whole backward;
 * and its refusal of m not a multiple of p.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePipeline } from '../../models/pipeline/evaluate.js';
import { interleaved1F1B } from '../../models/pipeline/heuristics/handcrafted.js';
import { parsePipeline } from '../../models/pipeline/instance.js';
import { SchedlabError } from '../../src/errors.js';

const time = fc.integer({ min: 10, max: 400 }).map((x) => x / 100);

describe('interleaved 1F1B', () => {
  it('peaks at min(2(p-1-i) + (v-1)p + 1, m·v) chunk M_B on device i', () => {
    const layout = fc.record({
      p: fc.integer({ min: 2, max: 6 }),
      v: fc.integer({ min: 2, max: 4 }),
      groups: fc.integer({ min: 1, max: 4 }),
      split: fc.boolean(),
    });
    fc.assert(
      fc.property(
        layout,
        time,
        time,
        time,
        fc.integer({ min: 1, max: 30 }),
        ({ p, v, groups, split }, F, B, W, tenths) => {
          const mB = tenths / 10;
          const m = groups * p;
          const instance = parsePipeline({
            devices: p,
            microbatches: m,
            chunks: v,
            splitBackward: split,
            times: { F, B, W: split ? W : 0 },
            comm: 0.1,
            memory: { mB, mW: 0.4 * mB },
          });
          const evaluation = evaluatePipeline(instance, interleaved1F1B(instance));
          if (evaluation.violations.length > 0) return false;
          for (let i = 0; i < p; i++) {
            const chunks = Math.min(2 * (p - 1 - i) + (v - 1) * p + 1, m * v);
            if (Math.abs(evaluation.metrics[`peakMemory.device${i}`] - chunks * mB) > 1e-9) return false;
          }
          // In full-stage units (v chunks make one stage) device 0 holds Megatron's p(1 + (p-1)/(pv)) once m·v covers its warm-up.
          const fits = 2 * (p - 1) + (v - 1) * p + 1 <= m * v;
          return (
            !fits || Math.abs(evaluation.metrics['peakMemory.device0'] / (v * mB) - p * (1 + (p - 1) / (p * v))) < 1e-9
          );
        },
      ),
      { numRuns: 120, seed: 21 },
    );
  });

  it("has Megatron's bubble: with no communication and a whole backward, the span is m·v·(F+B) + (p−1)(F+B)", () => {
    // Per chunk F and B: (p−1)(F+B) is (p−1)/v of a whole stage's, Narayanan et al. 2021, §2.2.2.
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        time,
        time,
        (p, v, groups, F, B) => {
          const m = groups * p;
          const instance = parsePipeline({
            devices: p,
            microbatches: m,
            chunks: v,
            splitBackward: false,
            times: { F, B },
            comm: 0,
            memory: { mB: 1 },
          });
          const span = evaluatePipeline(instance, interleaved1F1B(instance)).objective;
          return Math.abs(span - (m * v * (F + B) + (p - 1) * (F + B))) < 1e-6;
        },
      ),
      { numRuns: 100, seed: 5 },
    );
  });

  it('refuses m not a multiple of p, naming the usable counts', () => {
    const instance = parsePipeline({ devices: 4, microbatches: 6, chunks: 2, times: { F: 1, B: 1, W: 0.5 } });
    let error: unknown;
    try {
      interleaved1F1B(instance);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SchedlabError);
    expect((error as SchedlabError).kind).toBe('input');
    expect((error as SchedlabError).message).toMatch(
      /multiple of the devices \(4\); use 8 or 4 microbatches, or the 'greedy' heuristic/,
    );
  });
});
