/**
 * The evaluator: the performance model (`estimateTraining`) scores the plan, and every rule
 * the plan breaks is one violation naming the solution field and the fix. It never calls the
 * search, the MIP or the heuristics. Rules:
 *
 * - `plan`: the degrees divide what they must (GPUs, heads, sequence, experts, batch) and the
 *   layout adds up, in the performance model's own words (`resolveTrainPlan`), with the flags
 *   renamed to the solution's fields (`--micro-batch` is `microBatch`);
 * - `limits`: every degree and knob is one the instance's `limits` allow;
 * - `layout`: under `limits.layouts: "even"` the stages hold the even split;
 * - `schedule`: the schedule the plan names runs: the pipeline family builds its orders
 *   (Megatron's interleaved order takes the microbatches in groups of pp) and its evaluator
 *   runs them without a deadlock (`schedule.ts`);
 * - `memory`: the peak memory per GPU fits the GPU less the headroom, else the performance
 *   model's message (which memory is over, by how much, the changes that shrink it);
 * - `alternative`: every runner-up plan passes the same rules.
 *
 * The objective is the step time in seconds, the performance model's closed form (the one every
 * search ranks plans by); the metrics carry the keys of `schedlab estimate train --json`
 * (`stepTimeS`, `tflopsPerGpu`, `mfu`, `peakMemoryBytes`, `tokensPerS`) and what the pipeline
 * family's evaluator measured running the schedule (`scheduledStepTimeS`, `scheduleDeltaS`,
 * `scheduledBubbleS`, `pipelineBubbleRate`; `schedule.ts`).
 */
import type { Evaluation, Violation } from '../../src/family/contract.js';
import { SchedlabError } from '../../src/errors.js';
import { estimateTraining, type TrainEstimate } from '../../src/perf/train-estimate.js';
import { overflowMessage } from '../../src/perf/train-memory-hints.js';
import {
  allowsDegree,
  type DegreeRange,
  type ParallelPlanInstance,
  type ParallelPlanSolution,
  type Plan,
} from './instance.js';
import { asFieldNames } from './field-names.js';
import { evenLayers, trainPlanOf, usableBytes } from './plan.js';
import { checkSchedule } from './schedule.js';

function rangeText(range: DegreeRange): string {
  return range.values ? `one of ${range.values.join(', ')}` : `from ${range.min} to ${range.max}`;
}

function degreeViolations(instance: ParallelPlanInstance, plan: Plan): Violation[] {
  const violations: Violation[] = [];
  for (const key of ['tp', 'pp', 'cp', 'ep'] as const) {
    const range = instance.limits[key];
    if (!allowsDegree(range, plan[key]))
      violations.push({
        constraint: 'limits',
        entities: [key],
        message: `${key} ${plan[key]} is outside data.limits.${key} (${rangeText(range)}); pick an allowed ${key} or widen the limit`,
      });
  }
  return violations;
}

function knobViolations(instance: ParallelPlanInstance, plan: Plan): Violation[] {
  const { limits } = instance;
  const broken: [string, boolean, string][] = [
    [
      'microBatch',
      limits.microBatch !== undefined && plan.microBatch !== limits.microBatch,
      `microBatch must be ${limits.microBatch} (data.limits.microBatch)`,
    ],
    [
      'microBatch',
      limits.microBatch === undefined && plan.microBatch > limits.maxMicroBatch,
      `microBatch ${plan.microBatch} is above data.limits.maxMicroBatch ${limits.maxMicroBatch}; use a smaller one`,
    ],
    [
      'schedule',
      !limits.schedules.includes(plan.schedule),
      `schedule ${plan.schedule} is not in data.limits.schedules (${limits.schedules.join(', ')})`,
    ],
    [
      'virtualStages',
      plan.schedule === 'interleaved' && plan.virtualStages > limits.maxVirtualStages,
      `virtualStages ${plan.virtualStages} is above data.limits.maxVirtualStages ${limits.maxVirtualStages}`,
    ],
    [
      'recompute',
      !limits.recompute.includes(plan.recompute),
      `recompute ${plan.recompute} is not in data.limits.recompute (${limits.recompute.join(', ')})`,
    ],
    [
      'zero',
      !limits.zero.includes(plan.zero),
      `zero ${plan.zero} is not in data.limits.zero (${limits.zero.join(', ')})`,
    ],
    [
      'distributedOptimizer',
      plan.distributedOptimizer && !limits.distributedOptimizer,
      'distributedOptimizer is not allowed (data.limits.distributedOptimizer is false); set it to false',
    ],
  ];
  return broken
    .filter(([, bad]) => bad)
    .map(([field, , message]) => ({ constraint: 'limits', entities: [field], message }));
}

function layoutViolations(instance: ParallelPlanInstance, plan: Plan): Violation[] {
  if (instance.limits.layouts !== 'even' || plan.pp > instance.model.layers) return [];
  const even = evenLayers(instance.model.layers, plan.pp);
  if (plan.stageLayers.length === even.length && plan.stageLayers.every((n, i) => n === even[i])) return [];
  return [
    {
      constraint: 'layout',
      entities: ['stageLayers'],
      message: `stageLayers ${plan.stageLayers.join(',')} is not the even split ${even.join(',')}, and data.limits.layouts is "even"; use the even split or set data.limits.layouts to "any"`,
    },
  ];
}

function memoryViolations(instance: ParallelPlanInstance, estimate: TrainEstimate): Violation[] {
  const usable = usableBytes(instance);
  const memory = estimate.memory;
  if (memory.peakMemoryBytes <= usable) return [];
  const headroom =
    instance.limits.memoryHeadroomGb > 0
      ? ` (HBM less data.limits.memoryHeadroomGb ${instance.limits.memoryHeadroomGb})`
      : '';
  const message = overflowMessage(estimate.plan, { ...memory, capacityBytes: usable });
  return [{ constraint: 'memory', entities: [memory.stageIndex], message: `${asFieldNames(message)}${headroom}` }];
}

interface Judgement {
  estimate?: TrainEstimate;
  violations: Violation[];
  /** What running the plan's schedule measured (`schedule.ts`). */
  scheduleMetrics: Record<string, number>;
}

/** The estimate of a plan and the violations of its rules; `simulate` runs its schedule too. */
function judgePlan(instance: ParallelPlanInstance, plan: Plan, simulate: boolean): Judgement {
  const violations = [
    ...degreeViolations(instance, plan),
    ...knobViolations(instance, plan),
    ...layoutViolations(instance, plan),
  ];
  try {
    const estimate = estimateTraining(trainPlanOf(instance, plan));
    const schedule = checkSchedule(estimate, simulate);
    return {
      estimate,
      violations: [...violations, ...schedule.violations, ...memoryViolations(instance, estimate)],
      scheduleMetrics: schedule.metrics,
    };
  } catch (error) {
    if (!(error instanceof SchedlabError) || error.kind !== 'input') throw error;
    const message = asFieldNames(error.message);
    return { violations: [...violations, { constraint: 'plan', entities: [], message }], scheduleMetrics: {} };
  }
}

function metricsOf(instance: ParallelPlanInstance, estimate: TrainEstimate | undefined): Record<string, number> {
  if (!estimate) return { usableMemoryBytes: usableBytes(instance) };
  return {
    stepTimeS: estimate.stepTimeS,
    tflopsPerGpu: estimate.tflopsPerGpu,
    mfu: estimate.mfu,
    peakMemoryBytes: estimate.peakMemoryBytes,
    tokensPerS: estimate.tokensPerS,
    usableMemoryBytes: usableBytes(instance),
    microbatches: estimate.plan.microbatches,
    bubbleS: estimate.time.bubbleS,
  };
}

/**
 * Score a plan: feasible when no rule is broken; the objective is the predicted step time.
 *
 * @example
 * ```ts
 * const evaluation = evaluateParallelPlan(instance, { tp: 8, pp: 1, dp: 1, cp: 1, ep: 1, microBatch: 1,
 *   schedule: '1f1b', virtualStages: 2, recompute: 'full', zero: 1, distributedOptimizer: false, stageLayers: [32] });
 * evaluation.metrics.tflopsPerGpu;
 * ```
 */
export function evaluateParallelPlan(instance: ParallelPlanInstance, solution: ParallelPlanSolution): Evaluation {
  const main = judgePlan(instance, solution, true);
  const violations = [...main.violations];
  for (const [index, alternative] of (solution.alternatives ?? []).entries()) {
    for (const violation of judgePlan(instance, alternative, false).violations)
      violations.push({
        constraint: 'alternative',
        entities: [index, ...violation.entities],
        message: `alternatives[${index}]: ${violation.message}`,
      });
  }
  const metrics = {
    ...metricsOf(instance, main.estimate),
    ...main.scheduleMetrics,
    alternatives: solution.alternatives?.length ?? 0,
  };
  return { feasible: violations.length === 0, objective: main.estimate?.stepTimeS ?? Number.NaN, violations, metrics };
}
