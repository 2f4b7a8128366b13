/**
 * The MIP's layout blocks for every schedule (`layout-block.ts`) under layouts "any": on an
 * instance whose candidates all get a block, the formulation is provable, HiGHS's objective is
 * the evaluator's on the decoded plan, and the enumeration (solve's default) proves the same
 * optimum (its layer moves alone stop 3-4% above it there).
 */
import { describe, expect, it } from 'vitest';
import { FastEstimator } from '../../models/parallel-plan/fast-estimate.js';
import { formulateParallelPlan } from '../../models/parallel-plan/formulation.js';
import { family } from '../../models/parallel-plan/index.js';
import type { ParallelPlanInstance, ParallelPlanSolution, Plan } from '../../models/parallel-plan/instance.js';
import { parseParallelPlan } from '../../models/parallel-plan/instance.js';
import { layoutStepBound, someLayoutFits } from '../../models/parallel-plan/layout-bounds.js';
import { PlanBounds } from '../../models/parallel-plan/bounds.js';
import { allPlans } from '../../models/parallel-plan/space.js';
import type { Schedule } from '../../src/perf/plan.js';
import { solve } from '../../src/solve/solve.js';

/** Llama 3 8B on 8 H100s in 4 stages of TP 2: a handful of pipelined candidates. */
const instanceFor = (schedule: Schedule, globalBatch = 32) =>
  parseParallelPlan({
    model: 'llama3-8b',
    cluster: { gpu: 'h100-sxm', gpus: 8 },
    workload: { seqLength: 4096, globalBatch },
    limits: {
      layouts: 'any',
      schedules: [schedule],
      tp: { values: [2] },
      pp: { values: [4] },
      cp: { max: 1 },
      recompute: ['none'],
      zero: [1],
      distributedOptimizer: false,
      maxMicroBatch: 1,
      maxVirtualStages: 3,
    },
  });

/** The MIP is provable, its objective is the evaluator's on its plan, and the enumeration proves the same. */
async function provesTheEvaluatorsOptimum(instance: ParallelPlanInstance, schedule: Schedule): Promise<void> {
  const formulation = formulateParallelPlan(instance);
  expect(formulation.provable).toBe(true);
  const result = await solve(formulation.model, { solver: 'highs', timeLimitSec: 30 });
  const plan = formulation.decode(result.values) as Plan;
  expect(plan.schedule).toBe(schedule);
  const evaluation = family.evaluate(instance, plan);
  expect(evaluation.violations).toEqual([]);
  expect(Math.abs(evaluation.objective - result.objective)).toBeLessThanOrEqual(1e-9 * result.objective);
  // The enumeration (solve's default) hands such instances to the same MIP and proves it.
  const enumerated = await family.exact?.enumerate?.solve(instance, { timeLimitSec: 10 });
  expect(enumerated?.proven).toBe(true);
  const searched = family.evaluate(instance, enumerated?.solution as ParallelPlanSolution).objective;
  expect(Math.abs(searched - evaluation.objective)).toBeLessThanOrEqual(1e-9 * searched);
}

describe('parallel-plan MIP layout blocks', () => {
  for (const schedule of ['zb-h1', 'interleaved', '1f1b'] as const) {
    it(`${schedule}: provable, the objective is the evaluator's, no slower than the enumeration`, async () => {
      await provesTheEvaluatorsOptimum(instanceFor(schedule), schedule);
    });
  }

  it("zb-h1 with fewer microbatches (2) than stages (4): the block's objective is still the evaluator's", async () => {
    await provesTheEvaluatorsOptimum(instanceFor('zb-h1', 2), 'zb-h1');
  });

  it('the layout bounds hold for every plan of the space: step and memory', () => {
    const instance = instanceFor('zb-h1');
    const fast = new FastEstimator(instance);
    const bounds = new PlanBounds(instance);
    for (const plan of allPlans(instance).filter((p) => p.pp > 1)) {
      const bound = layoutStepBound(instance, fast, plan, bounds.zeroBubbleShare(plan));
      expect(bound).toBeLessThanOrEqual(fast.stepTime(plan) * (1 + 1e-12));
      if (fast.peakMemory(plan) <= 80e9) expect(someLayoutFits(instance, fast, plan)).toBe(true);
    }
  });
});
