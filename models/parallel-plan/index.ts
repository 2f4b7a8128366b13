/**
 * The parallel-plan family (training): on these GPUs, with this model and batch, which plan
 * is fastest and fits in memory? A plan chooses TP, PP, DP, CP, EP, the microbatch, the
 * pipeline schedule and its virtual stages, recomputation, ZeRO or the distributed optimizer,
 * and the layers of each pipeline stage; the performance model (`estimateTraining`) scores it.
 * Methods: Megatron's rule of thumb and hill climbing (heuristics), the best-first exhaustive
 * enumeration (APEX's method, exact), and a MIP over enumerated candidates and stage layouts.
 * The best plans are reported with the runner-ups as `alternatives`. See README.md.
 *
 * @example
 * ```ts
 * import { family, parseParallelPlan } from 'schedlab/models/parallel-plan';
 * const instance = parseParallelPlan({ model: 'llama3-8b', cluster: { gpu: 'h100', gpus: 8 },
 *   workload: { seqLength: 4096, globalBatch: 64 } });
 * const answer = await family.exact?.enumerate?.solve(instance, { timeLimitSec: 10 });
 * family.evaluate(instance, answer!.solution!).metrics.tflopsPerGpu;
 * ```
 */
import type { Family } from '../../src/family/contract.js';
import { evaluateParallelPlan } from './evaluate.js';
import { parallelPlanReportView } from './report-view.js';
import { parallelPlanExact } from './exact.js';
import { formulateParallelPlan } from './formulation.js';
import { generateParallelPlan } from './generate.js';
import { parallelPlanHeuristics } from './heuristics.js';
import {
  parseParallelPlan,
  parseParallelPlanSolution,
  serializeParallelPlan,
  serializeParallelPlanSolution,
  type ParallelPlanInstance,
  type ParallelPlanSolution,
} from './instance.js';
import { parallelPlanReaders } from './io.js';
import { rankedCandidates } from './search.js';

/**
 * A lower bound on every plan's step time, whatever its layout: the least bound of the plans
 * whose memory bound fits (`bounds.ts`); +Infinity when none does.
 *
 * @example
 * ```ts
 * parallelPlanLowerBound(instance) <= family.evaluate(instance, plan).objective; // true
 * ```
 */
export function parallelPlanLowerBound(instance: ParallelPlanInstance): number {
  return rankedCandidates(instance).candidates[0]?.lowerBound ?? Infinity;
}

/**
 * The family as the registry holds it.
 *
 * @example
 * ```ts
 * const instance = family.generate({ size: 'small' }, 1);
 * family.strongestMethod?.(instance); // 'enumerate'
 * ```
 */
export const family: Family<ParallelPlanInstance, ParallelPlanSolution> = {
  id: 'parallel-plan',
  title: 'Parallel plans for training (TP/PP/DP/CP/EP, microbatch, schedule, recomputation, ZeRO, stage layers)',
  sense: 'min',
  objectiveUnit: 's',
  parse: parseParallelPlan,
  serialize: serializeParallelPlan,
  readers: parallelPlanReaders,
  parseSolution: parseParallelPlanSolution,
  serializeSolution: serializeParallelPlanSolution,
  generate: generateParallelPlan,
  formulate: (instance, options) => formulateParallelPlan(instance, options),
  heuristics: parallelPlanHeuristics,
  exact: parallelPlanExact,
  evaluate: evaluateParallelPlan,
  // Exact under layouts "even"; under "any" its even-layout search plus layer moves measured
  // better and faster than the MIP's layout blocks (README, Figures), so it runs there too.
  strongestMethod: () => 'enumerate',
  lowerBound: parallelPlanLowerBound,
  reportView: parallelPlanReportView,
};

// Instances and solutions: types, schema-checked parse, serialize.
export * from './instance.js';
export { evenLayers, trainPlanOf, usableBytes, planLabel } from './plan.js';
export { predictPlan, estimateCommand } from './predict.js';
// The seeded generator.
export { generateParallelPlan } from './generate.js';
// The MIP over enumerated candidates and stage layouts.
export { formulateParallelPlan, formulationLimits } from './formulation.js';
// Heuristics: the record (`default` the best) and the named ones.
export { parallelPlanHeuristics, ruleOfThumb, hillClimb } from './heuristics.js';
// Exact methods beyond the MIP: the best-first enumeration, and the search it runs.
export { parallelPlanExact, solutionOf } from './exact.js';
export { searchPlans, rankedCandidates, type RankedPlan, type SearchResult } from './search.js';
export { topPlans } from './top.js';
export { PlanBounds } from './bounds.js';
export { FastEstimator } from './fast-estimate.js';
// The independent evaluator.
export { evaluateParallelPlan } from './evaluate.js';
// Native formats: the Hugging Face config.json reader.
export { parallelPlanReaders, hfReaderDefaults } from './io.js';
