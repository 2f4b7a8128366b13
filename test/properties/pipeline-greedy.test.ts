/**
 * The zero-bubble greedy scheduler on random instances (any layout, limits from one
 * microbatch's activations to 2p·M_B): it always returns a schedule that runs, keeps the
 * memory limit, and scores no better than the lower bound; with one stage per device and
 * at least p·M_B it is no worse than ZB-H1 or 1F1B when those keep the limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePipeline } from '../../models/pipeline/evaluate.js';
import { pipelineLowerBound } from '../../models/pipeline/bounds.js';
import { greedy } from '../../models/pipeline/heuristics.js';
import { oneFOneB, zbH1 } from '../../models/pipeline/heuristics/handcrafted.js';
import { minimumMemory } from '../../models/pipeline/heuristics/greedy.js';
import { parsePipeline, withLayout } from '../../models/pipeline/instance.js';

const time = fc.integer({ min: 50, max: 300 }).map((x) => x / 100);
const layout = fc.constantFrom(
  { chunks: 1, placement: 'loop' as const },
  { chunks: 2, placement: 'loop' as const },
  { chunks: 2, placement: 'vshape' as const },
);

describe('zero-bubble greedy scheduler', () => {
  it('runs, keeps the memory limit and respects the lower bound', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 12 }),
        time,
        time,
        time,
        fc.integer({ min: 0, max: 30 }).map((x) => x / 100),
        fc.double({ min: 0, max: 2, noNaN: true }),
        layout,
        fc.boolean(),
        (p, m, F, B, W, comm, memoryShare, shape, split) => {
          const base = parsePipeline({
            devices: p,
            microbatches: m,
            times: { F, B, W },
            comm,
            memory: { mB: 1, mW: 0.4 },
          });
          const laid = withLayout(base, { ...shape, splitBackward: split });
          const floor = Math.max(...minimumMemory(laid));
          const instance = withLayout(laid, { memoryLimit: floor + memoryShare * Math.max(0, 2 * p - floor) });
          const evaluation = evaluatePipeline(instance, greedy(instance));
          expect(evaluation.violations).toEqual([]);
          expect(evaluation.objective).toBeGreaterThanOrEqual(pipelineLowerBound(instance) - 1e-7);
          if (shape.chunks === 1 && instance.memoryLimit[0] >= p) {
            for (const baseline of split ? [zbH1(instance), oneFOneB(instance)] : [oneFOneB(instance)]) {
              const other = evaluatePipeline(instance, baseline);
              if (other.feasible) expect(evaluation.objective).toBeLessThanOrEqual(other.objective + 1e-7);
            }
          }
        },
      ),
      { numRuns: 120, seed: 5 },
    );
  });
});
