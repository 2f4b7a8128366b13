/**
 * The report page's view of a training plan: per pipeline stage, the time of one microbatch
 * by kind (the slowest stage sets the pace) and the memory per GPU by kind against the GPU's
 * usable memory, from the performance model the evaluator scores the plan with.
 */
import { SchedlabError } from '../../src/errors.js';
import type { ReportView, StagesData } from '../../src/family/report-view.js';
import { resolveTrainPlan, type ResolvedTrainPlan } from '../../src/perf/plan.js';
import { stageMicrobatchSeconds } from '../../src/perf/train-estimate.js';
import { trainingStageMemory } from '../../src/perf/train-memory.js';
import type { ParallelPlanInstance, ParallelPlanSolution } from './instance.js';
import { planLabel, trainPlanOf, usableBytes } from './plan.js';

const timeStack = 'time per microbatch';
const memoryStack = 'memory per GPU';

/** The stacked parts of each panel: metric name and the field of the performance model it reads. */
const timeParts = [
  ['forward', 'forwardS'],
  ['backward (input)', 'backwardInputS'],
  ['backward (weights)', 'backwardWeightS'],
  ['recomputation', 'recomputeS'],
  ['TP/CP/EP collectives', 'layerCommS'],
  ['pipeline sends', 'pipelineP2pS'],
] as const;
const memoryParts = [
  ['weights', 'weightBytes'],
  ['gradients', 'gradientBytes'],
  ['optimizer states', 'optimizerBytes'],
  ['activations', 'activationBytes'],
] as const;

function metricsOf(instance: ParallelPlanInstance): StagesData['metrics'] {
  const limit = usableBytes(instance) / 1e9;
  return [
    ...timeParts.map(([name]) => ({ name, unit: 'ms', stack: timeStack })),
    ...memoryParts.map(([name]) => ({ name, unit: 'GB', stack: memoryStack, limit })),
  ];
}

function stagesOf(plan: ResolvedTrainPlan): StagesData['stages'] {
  const seconds = stageMicrobatchSeconds(plan);
  return trainingStageMemory(plan).map((memory, s) => {
    const values: Record<string, number> = {};
    for (const [name, field] of timeParts) values[name] = 1000 * (seconds[s]?.[field] ?? 0);
    for (const [name, field] of memoryParts) values[name] = memory[field] / 1e9;
    return {
      name: `stage ${s}`,
      values,
      note: `${memory.stageLayers} layers, ${memory.inFlightMicrobatches.toFixed(1)} microbatches' activations in flight at the peak`,
    };
  });
}

/**
 * The plan as a stages view: one stage per pipeline stage, its microbatch time and its memory
 * per GPU by kind, the memory panel's line at the GPU's usable memory (HBM less the headroom).
 * A plan the performance model refuses (degrees that do not divide) has no stage; the title
 * then says why, as the evaluator's `plan` violation does.
 *
 * @example
 * ```ts
 * const view = parallelPlanReportView(instance, family.heuristics.default(instance, context));
 * view.kind; // 'stages'
 * ```
 */
export function parallelPlanReportView(instance: ParallelPlanInstance, solution: ParallelPlanSolution): ReportView {
  const metrics = metricsOf(instance);
  const label = `${instance.name}: ${planLabel(solution)}`;
  let plan: ResolvedTrainPlan;
  try {
    plan = resolveTrainPlan(trainPlanOf(instance, solution));
  } catch (error) {
    if (!(error instanceof SchedlabError) || error.kind !== 'input') throw error;
    return { kind: 'stages', title: `${label}: no estimate (${error.message})`, data: { metrics, stages: [] } };
  }
  return { kind: 'stages', title: label, data: { metrics, stages: stagesOf(plan) } };
}
