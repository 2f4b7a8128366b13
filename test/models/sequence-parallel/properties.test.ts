/**
 * The properties on small random steps (fixed seeds): every plan passes the evaluator;
 * the MILP's makespan is the evaluator's; no baseline beats a proven MILP optimum; a batch of
 * equal lengths gets the step time of static SP.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateSequenceParallel,
  family,
  flexSp,
  formulateSequenceParallel,
  parseSequenceParallel,
  sequenceParallelHeuristics,
  spCosts,
  toSolution,
} from '../../../models/sequence-parallel/index.js';
import { staticDecreasing, staticInOrder } from '../../../models/sequence-parallel/heuristics/static.js';
import { runMethod } from '../../../src/family/methods.js';
import { solve } from '../../../src/solve/solve.js';
import { relativeGap } from '../../../src/solvers/contract.js';

const context = { rng: () => 0.5, deadline: Date.now() + 60_000 };
const step = (lengths: number[]) =>
  parseSequenceParallel({
    lengths,
    model: 'llama3-8b',
    cluster: { gpu: 'h100', gpus: 4, gpusPerNode: 2 },
    tokenCapacity: 16384,
  });
const lengthsArb = fc.array(fc.integer({ min: 256, max: 60000 }), { minLength: 1, maxLength: 4 });

describe('sequence-parallel properties', () => {
  it('every heuristic and FlexSP plan passes the evaluator', async () => {
    await fc.assert(
      fc.asyncProperty(lengthsArb, async (lengths) => {
        const instance = step(lengths);
        for (const heuristic of Object.values(sequenceParallelHeuristics))
          expect(evaluateSequenceParallel(instance, heuristic(instance, context)).violations).toEqual([]);
        const answer = await flexSp(instance, { timeLimitSec: 1, extraMicroBatches: 0 });
        expect(evaluateSequenceParallel(instance, answer.solution as never).violations).toEqual([]);
      }),
      { seed: 42, numRuns: 4 },
    );
  });

  it("the MILP's makespan equals the evaluator's, and no baseline beats its proven optimum", async () => {
    await fc.assert(
      fc.asyncProperty(lengthsArb, async (lengths) => {
        const instance = step(lengths);
        const mip = formulateSequenceParallel(instance);
        const result = await solve(mip.model, { solver: 'highs', timeLimitSec: 5 });
        expect(result.termination).toBe('optimal');
        const evaluation = evaluateSequenceParallel(instance, mip.decode(result.values));
        expect(evaluation.feasible).toBe(true);
        expect(evaluation.objective).toBeCloseTo(result.objective, 6);
        for (const heuristic of Object.values(sequenceParallelHeuristics))
          expect(evaluateSequenceParallel(instance, heuristic(instance, context)).objective).toBeGreaterThanOrEqual(
            result.objective * (1 - 1e-9),
          );
      }),
      { seed: 42, numRuns: 4 },
    );
  });

  it('a batch of equal lengths gets the step time of static SP', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1024, max: 60000 }), fc.constantFrom(2, 4), async (length, count) => {
        const instance = step(new Array<number>(count).fill(length));
        const best = await runMethod(family, instance, 'mip', { timeLimitSec: 5 });
        expect(best.proven).toBe(true);
        // Static SP at every degree that holds the sequences, in batch order and by FFD.
        const costs = spCosts(instance);
        const statics = instance.degrees.flatMap((d, k) =>
          length <= d * instance.tokenCapacity
            ? [staticInOrder(instance, k), staticDecreasing(instance, costs, k, false)].map((plan) =>
                evaluateSequenceParallel(instance, toSolution(instance, plan)),
              )
            : [],
        );
        expect(best.objective).toBeCloseTo(Math.min(...statics.map((e) => e.objective)), 6);
        const degrees = new Set(best.solution?.microBatches.flatMap((mb) => mb.groups.map((g) => g.degree)));
        expect(degrees.size).toBe(1);
      }),
      { seed: 42, numRuns: 4 },
    );
  });

  it("every method's status, objective, bound and gap agree with each other and the evaluator", async () => {
    const methods = [...Object.keys(sequenceParallelHeuristics), 'mip', 'flexsp', 'flexsp-bucketed'];
    await fc.assert(
      fc.asyncProperty(lengthsArb, async (lengths) => {
        const instance = step(lengths);
        for (const method of methods) {
          const result = await runMethod(family, instance, method, { timeLimitSec: 1 });
          const evaluation = family.evaluate(instance, result.solution as never);
          expect(result.objective).toBeCloseTo(evaluation.objective, 9);
          expect(result.bound).toBeLessThanOrEqual(result.objective * (1 + 1e-9));
          expect(result.gap).toBeCloseTo(relativeGap(result.objective, result.bound), 12);
          expect(result.status === 'optimal').toBe(result.proven);
          if (result.proven) expect(result.gap).toBe(0);
        }
      }),
      { seed: 42, numRuns: 2 },
    );
  });
});
