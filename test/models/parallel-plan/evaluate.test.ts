/** One test per evaluator rule, each with a hand-made broken plan, and the metrics' keys. */
import { describe, expect, it } from 'vitest';
import { evaluateParallelPlan } from '../../../models/parallel-plan/evaluate.js';
import { parseParallelPlan, type Plan } from '../../../models/parallel-plan/instance.js';
import { estimateTraining } from '../../../src/perf/train-estimate.js';
import { trainPlanOf } from '../../../models/parallel-plan/plan.js';

const instance = parseParallelPlan({
  model: 'llama3-8b',
  cluster: { gpu: 'h100-sxm', gpus: 8 },
  workload: { seqLength: 4096, globalBatch: 32 },
  limits: { recompute: ['none', 'full'], tp: { max: 8 } },
});

const good: Plan = {
  tp: 2,
  pp: 2,
  dp: 2,
  cp: 1,
  ep: 1,
  microBatch: 1,
  schedule: '1f1b',
  virtualStages: 2,
  recompute: 'none',
  zero: 1,
  distributedOptimizer: false,
  stageLayers: [16, 16],
};
const rules = (plan: Plan) => evaluateParallelPlan(instance, plan).violations.map((v) => v.constraint);

describe('parallel-plan evaluator', () => {
  it('scores a good plan with the performance model, under the keys of estimate train --json', () => {
    const evaluation = evaluateParallelPlan(instance, good);
    const estimate = estimateTraining(trainPlanOf(instance, good));
    expect(evaluation.feasible).toBe(true);
    expect(evaluation.objective).toBe(estimate.stepTimeS);
    for (const key of ['stepTimeS', 'tflopsPerGpu', 'mfu', 'peakMemoryBytes', 'tokensPerS'] as const)
      expect(evaluation.metrics[key]).toBe(estimate[key]);
  });

  it('plan: a degree that does not divide, named as the solution field', () => {
    const evaluation = evaluateParallelPlan(instance, { ...good, tp: 3, dp: 1, pp: 2, stageLayers: [16, 16] });
    expect(evaluation.violations[0]?.constraint).toBe('plan');
    expect(evaluation.violations[0]?.message).toMatch(/^tp 3 x pp 2 x cp 1 = 6 does not divide gpus 8/);
    expect(Number.isNaN(evaluation.objective)).toBe(true);
  });

  it('plan: interleaved chunks the fullest stage does not split into equally, with the field and the fix', () => {
    const plan: Plan = { ...good, schedule: 'interleaved', virtualStages: 3, microBatch: 1 };
    const evaluation = evaluateParallelPlan(instance, plan);
    expect(evaluation.violations.map((v) => v.constraint)).toEqual(['plan']);
    expect(evaluation.violations[0]?.message).toMatch(
      /^virtualStages 3 does not divide the 16 layers of stage 0, the fullest .* use virtualStages 2 or 4 or 8 or 16, stageLayers/,
    );
    expect(rules({ ...plan, virtualStages: 4 })).toEqual([]);
  });

  it('limits: a knob the instance does not allow', () => {
    const evaluation = evaluateParallelPlan(instance, { ...good, recompute: 'selective' });
    expect(evaluation.violations.map((v) => [v.constraint, v.entities[0]])).toEqual([['limits', 'recompute']]);
  });

  it('layout: an uneven split under layouts "even"', () => {
    expect(rules({ ...good, stageLayers: [15, 17] })).toEqual(['layout']);
  });

  it('memory: the stage, how much is over, and a fix', () => {
    const evaluation = evaluateParallelPlan(instance, {
      ...good,
      tp: 1,
      pp: 1,
      dp: 8,
      zero: 0,
      microBatch: 4,
      stageLayers: [32],
    });
    expect(evaluation.violations[0]?.constraint).toBe('memory');
    expect(evaluation.violations[0]?.message).toMatch(/over by [\d.]+ GB.*recompute full/);
    expect(evaluation.violations[0]?.message).not.toMatch(/--/);
  });

  it('memory: the headroom counts', () => {
    const tight = parseParallelPlan({
      ...JSON.parse(
        JSON.stringify({
          model: 'llama3-8b',
          cluster: { gpu: 'h100-sxm', gpus: 8 },
          workload: { seqLength: 4096, globalBatch: 32 },
        }),
      ),
      limits: { memoryHeadroomGb: 60 },
    });
    const evaluation = evaluateParallelPlan(tight, good);
    expect(evaluation.violations.map((v) => v.constraint)).toEqual(['memory']);
    expect(evaluation.violations[0]?.message).toMatch(/memoryHeadroomGb 60/);
  });

  it('alternative: a runner-up plan is judged too', () => {
    const evaluation = evaluateParallelPlan(instance, { ...good, alternatives: [{ ...good, recompute: 'selective' }] });
    expect(evaluation.violations.map((v) => v.constraint)).toEqual(['alternative']);
    expect(evaluation.violations[0]?.message).toMatch(/^alternatives\[0\]: recompute selective/);
  });
});
