/**
 * The schedule a plan names, run by the pipeline family: the plan's stages become a pipeline
 * instance (one device per pipeline stage, one pipeline stage per model chunk, the F/B/W
 * seconds of `chunkPassSeconds`, the same per-layer costs the closed-form step sums), the
 * pipeline family's handcrafted schedule of that name (1F1B, GPipe, Megatron's interleaved
 * 1F1B, ZB-H1) orders the passes, and the pipeline family's evaluator runs them on the
 * simulator. The scheduled step is the schedule's makespan plus the exposed data-parallel
 * reduction and the optimizer step, as in `estimateTraining`.
 *
 * Why not `models/pipeline/derive.ts`: it costs the embedding and the output layer in more
 * detail than `estimateTraining` and puts the sends beside the devices (a lag), so comparing
 * with it would compare two cost models, not a closed form with a schedule. Here the sends
 * are on the device, as the performance model counts them, and the instance has no
 * communication lag; memory is the performance model's to judge (no limit here).
 */
import type { Violation } from '../../src/family/contract.js';
import { SchedlabError } from '../../src/errors.js';
import { chunkPassSeconds } from '../../src/perf/chunk-passes.js';
import type { ResolvedTrainPlan, Schedule } from '../../src/perf/plan.js';
import type { TrainEstimate } from '../../src/perf/train-estimate.js';
import { evaluatePipeline } from '../pipeline/evaluate.js';
import { gpipe, interleaved1F1B, oneFOneB, zbH1 } from '../pipeline/heuristics/handcrafted.js';
import { parsePipeline, type PipelineInstance, type PipelineSolution } from '../pipeline/instance.js';
import { scheduleTakes } from './plan.js';

/**
 * The most passes the evaluator runs through the pipeline family's simulator, which runs them
 * twice (measured: Llama 3 405B's 8,192-GPU plan, 15,360 passes, 0.8 s under a load average of
 * 7, against 10 ms for the closed form): larger pipelines keep the closed form alone, and the
 * metrics say so (`schedulePasses` without `scheduledStepTimeS`).
 */
export const scheduleCheckLimits = { passes: 40_000 };

const builders: Record<Schedule, (instance: PipelineInstance) => PipelineSolution> = {
  '1f1b': oneFOneB,
  gpipe,
  interleaved: interleaved1F1B,
  'zb-h1': zbH1,
};

const ms = (seconds: number): number => seconds * 1000;

/** Passes of the plan's pipeline: stages x chunks x microbatches x 3 (F, B, W). */
export function schedulePasses(plan: ResolvedTrainPlan): number {
  const chunks = plan.schedule === 'interleaved' ? plan.virtualStages : 1;
  return plan.pp * chunks * plan.microbatches * 3;
}

/**
 * The pipeline family's instance of a plan's stages: times in ms, sends inside the passes.
 *
 * @example
 * ```ts
 * pipelineOfPlan(estimateTraining(trainPlanOf(instance, plan)).plan).devices; // plan.pp
 * ```
 */
export function pipelineOfPlan(plan: ResolvedTrainPlan): PipelineInstance {
  const perStage = chunkPassSeconds(plan);
  const chunks = perStage[0]?.length ?? 1;
  // Pipeline stage c p + d is chunk c of device d ('loop' placement), as Megatron places model chunks.
  const stages = Array.from({ length: chunks }, (_, c) => perStage.map((device) => device[c])).flat();
  // Only ZB-H1 splits the backward; Megatron's 1F1B, GPipe and interleaved run B and W as one
  // pass, so the next stage's gradient waits for both (the (p-1)(F+B+W) bubble).
  const split = plan.schedule === 'zb-h1';
  return parsePipeline({
    name: `${plan.model.name}-pp${plan.pp}-${plan.schedule}`,
    devices: plan.pp,
    microbatches: plan.microbatches,
    chunks,
    placement: 'loop',
    splitBackward: split,
    times: {
      F: stages.map((pass) => ms(pass?.forwardS ?? 0)),
      B: stages.map((pass) => ms((pass?.backwardInputS ?? 0) + (split ? 0 : (pass?.backwardWeightS ?? 0)))),
      W: stages.map((pass) => (split ? ms(pass?.backwardWeightS ?? 0) : 0)),
    },
    comm: 0,
    objective: 'makespan',
    memory: { limit: null },
  });
}

/** The orders of the schedule the plan names, or the reason it cannot run, as a violation. */
export function scheduleOfPlan(
  plan: ResolvedTrainPlan,
  pipeline: PipelineInstance,
): { solution?: PipelineSolution; violation?: Violation } {
  try {
    return { solution: builders[plan.schedule](pipeline) };
  } catch (error) {
    if (!(error instanceof SchedlabError) || error.kind !== 'input') throw error;
    const message = `schedule ${plan.schedule} cannot be built by the pipeline family: ${error.message}`;
    return { violation: { constraint: 'schedule', entities: ['schedule'], message } };
  }
}

/** The interleaved order's rule (`scheduleTakes`) as a violation naming the fields that fix it. */
function groupViolation(plan: ResolvedTrainPlan): Violation[] {
  if (scheduleTakes(plan.schedule, plan.pp, plan.microbatches)) return [];
  const message = `schedule interleaved runs Megatron's order, which takes the microbatches (globalBatch / (dp x microBatch) = ${plan.microbatches}) in groups of pp ${plan.pp}; change microBatch or dp so that pp divides them, or use schedule 1f1b or zb-h1`;
  return [{ constraint: 'schedule', entities: ['schedule', 'microBatch'], message }];
}

/** What running the plan's schedule says: violations, and metrics when it ran. */
export interface ScheduleCheck {
  violations: Violation[];
  metrics: Record<string, number>;
}

/** The pipeline evaluator's violations, as the plan's `schedule` violations. */
function asScheduleViolations(plan: ResolvedTrainPlan, violations: readonly Violation[]): Violation[] {
  return violations.map((violation) => ({
    constraint: 'schedule',
    entities: ['schedule', ...violation.entities],
    message: `schedule ${plan.schedule}: the pipeline family's evaluator finds it infeasible: ${violation.message}`,
  }));
}

/**
 * Run the plan's schedule through the pipeline family's evaluator (`simulate` false: only
 * check that the schedule can be built, for alternatives). Metrics: `scheduledStepTimeS`
 * (makespan + exposed data-parallel reduction + optimizer step), `scheduledBubbleS`
 * (makespan less the busiest device's work), `pipelineBubbleRate` (the pipeline family's),
 * `scheduleDeltaS` (scheduled minus the closed-form step) and `schedulePasses`. Beyond
 * `scheduleCheckLimits.passes` only the rule on the microbatches is checked.
 *
 * @example
 * ```ts
 * checkSchedule(estimateTraining(trainPlanOf(instance, plan))).metrics.scheduledStepTimeS;
 * ```
 */
export function checkSchedule(estimate: TrainEstimate, simulate = true): ScheduleCheck {
  const plan = estimate.plan;
  const passes = schedulePasses(plan);
  const metrics: Record<string, number> = { schedulePasses: passes };
  const broken = groupViolation(plan);
  if (broken.length > 0 || passes > scheduleCheckLimits.passes) return { violations: broken, metrics };
  const pipeline = pipelineOfPlan(plan);
  const { solution, violation } = scheduleOfPlan(plan, pipeline);
  if (!solution) return { violations: violation ? [violation] : [], metrics };
  if (!simulate) return { violations: [], metrics };
  const run = evaluatePipeline(pipeline, solution);
  if (run.violations.length > 0) return { violations: asScheduleViolations(plan, run.violations), metrics };
  const makespanS = (run.metrics.makespan ?? 0) / 1000;
  const scheduledStepTimeS = makespanS + estimate.time.dataParallelS + estimate.time.optimizerS;
  return {
    violations: [],
    metrics: {
      ...metrics,
      scheduledStepTimeS,
      scheduledBubbleS: makespanS - (run.metrics.busyMax ?? 0) / 1000,
      pipelineBubbleRate: run.metrics.bubbleRate ?? 0,
      scheduleDeltaS: scheduledStepTimeS - estimate.stepTimeS,
    },
  };
}
