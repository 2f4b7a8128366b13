/**
 * The family's properties (fixed seeds, few runs): the fast estimator is the performance
 * model; every plan a method reports fits and passes the evaluator; the enumeration's best is
 * never worse than a heuristic's; the MIP's objective is the evaluator's on its decoded plan;
 * and more GPUs with the batch held never cost more than the model's own data-parallel terms.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { family } from '../../../models/parallel-plan/index.js';
import { FastEstimator } from '../../../models/parallel-plan/fast-estimate.js';
import { formulateParallelPlan } from '../../../models/parallel-plan/formulation.js';
import type { ParallelPlanInstance, ParallelPlanSolution, Plan } from '../../../models/parallel-plan/instance.js';
import { parseParallelPlan } from '../../../models/parallel-plan/instance.js';
import { predictPlan } from '../../../models/parallel-plan/predict.js';
import { searchPlans } from '../../../models/parallel-plan/search.js';
import { allPlans } from '../../../models/parallel-plan/space.js';
import { solve } from '../../../src/solve/solve.js';
import { seededRandom } from '../../../src/util/random.js';

const seed = 42;
const reported = (solution: ParallelPlanSolution): Plan[] => [solution, ...(solution.alternatives ?? [])];
const context = () => ({ rng: seededRandom(1), deadline: Date.now() + 5000 });

/** Small instances: dense and MoE models on 8-32 GPUs, flash or materialized attention, even and uneven layouts. */
const instances = fc
  .record({
    model: fc.constantFrom('llama3-8b', 'mixtral-8x7b'),
    gpus: fc.constantFrom(8, 16, 32),
    attention: fc.constantFrom('flash' as const, 'materialized' as const),
    seqLength: fc.constantFrom(2048, 4096),
    batchPerGpu: fc.constantFrom(2, 4),
    layouts: fc.constantFrom('even' as const, 'any' as const),
  })
  // Mixtral's 47B parameters need 16 GPUs' memory for their model states.
  .filter(({ model, gpus }) => model !== 'mixtral-8x7b' || gpus >= 16)
  .map(({ model, gpus, attention, seqLength, batchPerGpu, layouts }) =>
    parseParallelPlan({
      model,
      cluster: { gpu: 'h100-sxm', gpus },
      workload: { seqLength, globalBatch: gpus * batchPerGpu, attention },
      limits: { layouts, maxMicroBatch: 2, maxVirtualStages: 4 },
    }),
  );

describe('parallel-plan properties', () => {
  it('the fast estimator equals estimateTraining on plans of the space, any layout', () => {
    fc.assert(
      fc.property(instances, fc.nat(), fc.nat(), (instance, pick, shift) => {
        const plans = allPlans(instance);
        const plan = plans[pick % plans.length] as Plan;
        const layers = [...plan.stageLayers];
        // Move a layer between two stages: the fast path must follow any layout.
        if (plan.pp > 1 && (layers[0] ?? 0) > 1) {
          layers[0] = (layers[0] ?? 0) - 1;
          layers[1 + (shift % (plan.pp - 1))] += 1;
        }
        const uneven = { ...plan, stageLayers: layers };
        const fast = new FastEstimator(instance);
        for (const candidate of [plan, uneven]) {
          const estimate = predictPlan(instance, candidate);
          if (!estimate) continue;
          expect(fast.stepTime(candidate)).toBeCloseTo(estimate.stepTimeS, 9);
          expect(fast.peakMemory(candidate) / estimate.peakMemoryBytes).toBeCloseTo(1, 12);
        }
      }),
      { seed, numRuns: 25 },
    );
  });

  it('every plan reported fits and passes the evaluator; enumeration is never worse than a heuristic', async () => {
    await fc.assert(
      fc.asyncProperty(instances, async (instance) => {
        const exact = await family.exact?.enumerate?.solve(instance, { timeLimitSec: 10 });
        const best = exact?.solution;
        expect(best).toBeDefined();
        for (const plan of reported(best as ParallelPlanSolution))
          expect(family.evaluate(instance, plan).violations).toEqual([]);
        const bestTime = family.evaluate(instance, best as ParallelPlanSolution).objective;
        for (const name of Object.keys(family.heuristics)) {
          const answer = family.heuristics[name]?.(instance, context()) as ParallelPlanSolution;
          const evaluation = family.evaluate(instance, answer);
          if (!evaluation.feasible) continue;
          for (const plan of reported(answer)) expect(family.evaluate(instance, plan).feasible).toBe(true);
          // Under "any" the heuristics may find uneven layouts the enumeration's proof does not cover.
          if (instance.limits.layouts === 'even')
            expect(bestTime).toBeLessThanOrEqual(evaluation.objective * (1 + 1e-12));
        }
      }),
      { seed, numRuns: 6 },
    );
  });

  it("the MIP's objective equals the evaluator's on its decoded plan (layout blocks included)", async () => {
    await fc.assert(
      fc.asyncProperty(instances, async (instance) => {
        const formulation = formulateParallelPlan(instance);
        const result = await solve(formulation.model, { solver: 'highs', timeLimitSec: 20 });
        expect(result.termination).toBe('optimal');
        const plan = formulation.decode(result.values);
        const evaluation = family.evaluate(instance, plan);
        expect(evaluation.feasible).toBe(true);
        expect(result.objective / evaluation.objective).toBeCloseTo(1, 9);
      }),
      { seed, numRuns: 3 },
    );
  });
});

/** The best plan's step time on `gpus` GPUs with the batch held. */
function bestOn(gpus: number, globalBatch: number): { instance: ParallelPlanInstance; plan: Plan; stepTimeS: number } {
  const instance = parseParallelPlan({
    model: 'llama3-8b',
    cluster: { gpu: 'h100-sxm', gpus },
    workload: { seqLength: 4096, globalBatch },
    limits: { maxVirtualStages: 4 },
  });
  const [best] = searchPlans(instance, { top: 1, deadline: Date.now() + 20_000 }).best;
  if (!best) throw new Error(`no plan on ${gpus} GPUs`);
  return { instance, ...best };
}

describe('parallel-plan scaling', () => {
  it('doubling the GPUs (batch held) costs at most the extra exposed data-parallel time of the doubled plan', () => {
    for (const [gpus, batch] of [
      [8, 64],
      [16, 64],
    ] as const) {
      const small = bestOn(gpus, batch);
      const large = bestOn(2 * gpus, batch);
      // The small plan with twice the data parallelism is a plan of the larger space.
      const doubled = { ...small.plan, dp: 2 * small.plan.dp };
      const before = predictPlan(small.instance, small.plan);
      const after = predictPlan(large.instance, doubled);
      expect(before && after).toBeTruthy();
      const extra = Math.max(0, (after?.time.dataParallelS ?? 0) - (before?.time.dataParallelS ?? 0));
      expect(large.stepTimeS).toBeLessThanOrEqual(small.stepTimeS + extra + 1e-12);
    }
  });
});
