/**
 * The step-time lower bound (`PlanBounds.stepTime`) never exceeds the evaluated step of any
 * plan, whatever its layout, and under ZB-H1 it counts a bubble: (p - 1) rho x the average
 * stage, rho the least (T - 2W) / T of a stage's parts (fixed seed, few runs).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlanBounds } from '../../models/parallel-plan/bounds.js';
import type { ParallelPlanInstance, Plan } from '../../models/parallel-plan/instance.js';
import { parseParallelPlan } from '../../models/parallel-plan/instance.js';
import { predictPlan } from '../../models/parallel-plan/predict.js';
import { allPlans } from '../../models/parallel-plan/space.js';

const seed = 42;

// Parsing and the space are built once per drawn instance: DeepSeek-V3's space is large.
const spaces = new Map<string, { instance: ParallelPlanInstance; pipelined: Plan[] }>();

function spaceOf(model: string, gpus: number, attention: 'flash' | 'materialized', seqLength: number) {
  const key = `${model},${gpus},${attention},${seqLength}`;
  const cached = spaces.get(key);
  if (cached) return cached;
  const instance = parseParallelPlan({
    model,
    cluster: { gpu: 'h100-sxm', gpus },
    workload: { seqLength, globalBatch: 2 * gpus, attention },
    limits: { layouts: 'any', maxMicroBatch: 2, maxVirtualStages: 4, schedules: ['zb-h1', '1f1b', 'interleaved'] },
  });
  const space = { instance, pipelined: allPlans(instance).filter((plan) => plan.pp > 1) };
  spaces.set(key, space);
  return space;
}

// DeepSeek-V3's model states need 256 H100s; its space is built once (flash, 4K).
const instances = fc
  .record({
    model: fc.constantFrom('llama3-8b', 'mixtral-8x7b', 'deepseek-v3'),
    gpus: fc.constantFrom(16, 32),
    attention: fc.constantFrom('flash' as const, 'materialized' as const),
    seqLength: fc.constantFrom(2048, 4096),
  })
  .map(({ model, gpus, attention, seqLength }) =>
    model === 'deepseek-v3' ? spaceOf(model, 256, 'flash', 4096) : spaceOf(model, gpus, attention, seqLength),
  );

/** A pipelined plan of the space with `moves` layers moved between random stages (any layout). */
function unevenPlan(space: { pipelined: Plan[] }, pick: number, moves: number[]): Plan {
  const pipelined = space.pipelined;
  const plan = pipelined[pick % pipelined.length] as Plan;
  const layers = [...plan.stageLayers];
  for (const move of moves) {
    const from = move % plan.pp;
    const to = Math.floor(move / plan.pp) % plan.pp;
    if ((layers[from] ?? 0) > 1) {
      layers[from] = (layers[from] ?? 0) - 1;
      layers[to] = (layers[to] ?? 0) + 1;
    }
  }
  return { ...plan, stageLayers: layers };
}

describe('parallel-plan step-time lower bound', () => {
  it('never exceeds the evaluated step time, any schedule and layout', () => {
    fc.assert(
      fc.property(instances, fc.nat(), fc.array(fc.nat(), { maxLength: 12 }), (space, pick, moves) => {
        const plan = unevenPlan(space, pick, moves);
        const stepTimeS = predictPlan(space.instance, plan)?.stepTimeS;
        if (stepTimeS === undefined) return;
        expect(new PlanBounds(space.instance).stepTime(plan)).toBeLessThanOrEqual(stepTimeS * (1 + 1e-12));
      }),
      { seed, numRuns: 60 },
    );
  });

  it('counts a ZB-H1 bubble: above the no-bubble bound, at most the 1F1B one', () => {
    fc.assert(
      fc.property(instances, fc.nat(), ({ instance, pipelined }, pick) => {
        const plan = unevenPlan({ pipelined }, pick, []);
        const bounds = new PlanBounds(instance);
        const zeroBubble = bounds.stepTime({ ...plan, schedule: 'zb-h1' });
        const oneFOneB = bounds.stepTime({ ...plan, schedule: '1f1b' });
        const m = instance.globalBatch / (plan.dp * plan.microBatch);
        const noBubble = (oneFOneB * m) / (m + plan.pp - 1);
        // The output layer caps rho at 1/3: the ZB-H1 bubble is at most a third of 1F1B's.
        expect(zeroBubble).toBeGreaterThan(noBubble);
        expect(zeroBubble - noBubble).toBeLessThanOrEqual(((oneFOneB - noBubble) / 3) * (1 + 1e-12));
      }),
      { seed, numRuns: 30 },
    );
  });
});
