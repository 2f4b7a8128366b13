/**
 * `parallelPlanModelSize` is an upper estimate of the MIP that `formulateParallelPlan` builds
 * (rows, columns, nonzeros), and it counts the ranking of the space as preprocessing.
 */
import { describe, expect, it } from 'vitest';
import { formulateParallelPlan } from '../../models/parallel-plan/formulation.js';
import { family } from '../../models/parallel-plan/index.js';
import { parseParallelPlan } from '../../models/parallel-plan/instance.js';
import { parallelPlanModelSize } from '../../models/parallel-plan/model-size.js';
import { allPlans } from '../../models/parallel-plan/space.js';

const cases = [
  { model: 'llama3-8b', gpus: 16, layouts: 'any' as const },
  { model: 'llama3-8b', gpus: 16, layouts: 'even' as const },
  { model: 'mixtral-8x7b', gpus: 32, layouts: 'any' as const },
];

describe('parallel-plan model size', () => {
  for (const { model, gpus, layouts } of cases) {
    it(`${model} on ${gpus} GPUs, layouts ${layouts}: no smaller than the built MIP`, () => {
      const instance = parseParallelPlan({
        model,
        cluster: { gpu: 'h100-sxm', gpus },
        workload: { seqLength: 4096, globalBatch: 4 * gpus },
        limits: { layouts, maxMicroBatch: 2, maxVirtualStages: 4 },
      });
      const size = parallelPlanModelSize(instance);
      const stats = formulateParallelPlan(instance).model.stats();
      expect(size.nonzeros).toBeGreaterThanOrEqual(stats.nonzeros);
      expect(size.columns).toBeGreaterThanOrEqual(stats.variables);
      expect(size.rows).toBeGreaterThanOrEqual(stats.constraints);
      expect(size.preprocessing?.what).toContain(`plans of the space`);
      expect(size.preprocessing?.bytes).toBeGreaterThanOrEqual(300 * allPlans(instance).length);
    });
  }

  it('is the family modelSize', () => {
    const instance = family.generate({ size: 'small' }, 3);
    expect(family.modelSize?.(instance)).toEqual(parallelPlanModelSize(instance));
  });
});
