/**
 * The solution JSON: a plan under the names of `schedlab estimate train`'s flags, the
 * command that re-runs it, and the runner-up plans (`alternatives`) with their predicted
 * step times. The predicted figures and the command are for the reader; `parse` ignores them
 * and the evaluator recomputes everything.
 */
import { z } from 'zod';
import { perfLimits } from '../../src/perf/limits.js';
import { schedules, type Schedule } from '../../src/perf/plan.js';
import { failAt, parseWithSchema, wholeNumber } from '../../src/family/schema.js';
import { SchedlabError } from '../../src/errors.js';
import { resolveTrainPlan } from '../../src/perf/plan.js';
import { asFieldNames, fieldOfMessage, planFields } from './field-names.js';
import { evenLayers, trainPlanOf } from './plan.js';
import { estimateCommand, predictPlan } from './predict.js';
import type { ParallelPlanInstance, ParallelPlanSolution, Plan } from './instance.js';

const degree = wholeNumber('a parallel degree', 1, perfLimits.gpus);
const layerCount = wholeNumber('a number of layers', 0, perfLimits.modelDimension);

const planShape = {
  tp: degree,
  pp: degree,
  dp: degree,
  cp: degree.default(1),
  ep: degree.default(1),
  microBatch: wholeNumber('a microbatch size', 1, perfLimits.sequences).default(1),
  schedule: z.enum(schedules as unknown as [Schedule, ...Schedule[]]).default('1f1b'),
  virtualStages: wholeNumber('a number of virtual stages', 1, 1024).default(2),
  recompute: z.enum(['none', 'selective', 'full']).default('none'),
  zero: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).default(0),
  distributedOptimizer: z.boolean().default(false),
  stageLayers: z.array(layerCount).min(1).max(perfLimits.gpus).optional(),
  // What serialize adds for the reader; ignored when read.
  stepTimeS: z.number().optional(),
  tflopsPerGpu: z.number().optional(),
  estimate: z.string().optional(),
};

const planSchema = z.object(planShape).strict();
const solutionSchema = z.object({ ...planShape, alternatives: z.array(planSchema).max(100).optional() }).strict();

type PlanJson = z.output<typeof planSchema>;

export { planFields };

function planOf(json: PlanJson, instance: ParallelPlanInstance): Plan {
  return {
    tp: json.tp,
    pp: json.pp,
    dp: json.dp,
    cp: json.cp,
    ep: json.ep,
    microBatch: json.microBatch,
    schedule: json.schedule,
    virtualStages: json.virtualStages,
    recompute: json.recompute,
    zero: json.zero,
    distributedOptimizer: json.distributedOptimizer,
    // Without stageLayers, the even split `estimate train` uses by default (the evaluator checks pp).
    stageLayers:
      json.stageLayers ?? (json.pp <= instance.model.layers ? evenLayers(instance.model.layers, json.pp) : []),
  };
}

/**
 * Read a solution JSON; errors name the path (`solution.alternatives[1].tp`).
 *
 * @example
 * ```ts
 * const plan = parseParallelPlanSolution(instance, { tp: 8, pp: 1, dp: 1 });
 * plan.schedule; // '1f1b'
 * ```
 */
export function parseParallelPlanSolution(instance: ParallelPlanInstance, json: unknown): ParallelPlanSolution {
  const data = parseWithSchema(solutionSchema, json, 'solution');
  const plan = checkDivides(instance, planOf(data, instance), 'solution');
  if (data.alternatives === undefined) return plan;
  const alternatives = data.alternatives.map((alternative, index) =>
    checkDivides(instance, planOf(alternative, instance), `solution.alternatives[${index}]`),
  );
  return { ...plan, alternatives };
}

/**
 * Degrees that do not divide (the GPUs, the heads, the sequence, the experts, the batch) and
 * layouts that do not add up are input errors at the field (`solution.tp`), in the
 * performance model's words with its flags as the solution's fields.
 */
function checkDivides(instance: ParallelPlanInstance, plan: Plan, path: string): Plan {
  try {
    resolveTrainPlan(trainPlanOf(instance, plan));
  } catch (error) {
    if (!(error instanceof SchedlabError) || error.kind !== 'input') throw error;
    const field = fieldOfMessage(error.message);
    failAt(field ? `${path}.${field}` : path, asFieldNames(error.message));
  }
  return plan;
}

function planJson(instance: ParallelPlanInstance, plan: Plan): Record<string, unknown> {
  const fields = Object.fromEntries(planFields.map((key) => [key, key === 'stageLayers' ? [...plan[key]] : plan[key]]));
  const predicted = predictPlan(instance, plan);
  return {
    ...fields,
    ...(predicted === undefined ? {} : { stepTimeS: predicted.stepTimeS, tflopsPerGpu: predicted.tflopsPerGpu }),
    estimate: estimateCommand(instance, plan),
  };
}

/**
 * The solution as JSON: the plan's fields, its predicted step time and TF/GPU, the
 * `schedlab estimate train` command that re-runs it, and the alternatives.
 *
 * @example
 * ```ts
 * serializeParallelPlanSolution(instance, plan).estimate; // 'schedlab estimate train --model llama3-8b ...'
 * ```
 */
export function serializeParallelPlanSolution(instance: ParallelPlanInstance, solution: ParallelPlanSolution): unknown {
  const json = planJson(instance, solution);
  if (solution.alternatives === undefined) return json;
  return { ...json, alternatives: solution.alternatives.map((plan) => planJson(instance, plan)) };
}
