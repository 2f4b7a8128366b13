/**
 * The serving-plan family: for a model, a GPU budget, traffic and TTFT/TPOT SLOs, how many
 * instances of which parallelism, colocated or disaggregated into prefill and decode (DistServe,
 * Splitwise), placed on which nodes. The evaluator is a request-level discrete-event simulator
 * with continuous batching on the performance model. Methods: colocated and 1:1 disaggregated
 * baselines, DistServe's placement, a capacity MIP re-checked by simulation. See README.md.
 *
 * @example
 * ```ts
 * import { family } from 'schedlab/models/serving-plan';
 * const instance = family.generate({ size: 'small', workload: 'chat' }, 1);
 * const plan = family.heuristics.distserve(instance, { rng: Math.random, deadline: Date.now() + 10_000 });
 * family.evaluate(instance, plan).metrics.goodputPerGpu;
 * ```
 */
import type { Family } from '../../src/family/contract.js';
import { servingPlanLowerBound } from './bounds.js';
import { checkServingInstance } from './check-input.js';
import { evaluateServingPlan } from './evaluate.js';
import { servingPlanReportView } from './report-view.js';
import { servingPlanExact } from './exact.js';
import { formulateServingPlan, servingPlanModelSize } from './formulation.js';
import { generateServingPlan } from './generate.js';
import { servingPlanHeuristics } from './heuristics.js';
import {
  parseServingPlanData,
  parseServingPlanSolution,
  serializeServingPlan,
  serializeServingPlanSolution,
  type ServingPlanInstance,
  type ServingPlanSolution,
} from './instance.js';
import { servingPlanReaders } from './io.js';
import { servingPlanTrace } from './trace.js';

/**
 * An instance's data, schema-checked and checked against the performance model.
 *
 * @example
 * ```ts
 * const instance = parseServingPlan(JSON.parse(text).data);
 * ```
 */
export function parseServingPlan(json: unknown): ServingPlanInstance {
  return checkServingInstance(parseServingPlanData(json));
}

/**
 * The family as the registry holds it.
 *
 * @example
 * ```ts
 * const instance = family.generate({ size: 'small' }, 1);
 * family.evaluate(instance, family.heuristics.colocated(instance, { rng: Math.random, deadline: Date.now() + 5000 })).objective; // GPUs
 * ```
 */
export const family: Family<ServingPlanInstance, ServingPlanSolution> = {
  id: 'serving-plan',
  title: 'LLM serving plans: colocated or disaggregated prefill/decode instances under TTFT/TPOT SLOs',
  sense: 'min',
  objectiveUnit: 'GPUs',
  parse: parseServingPlan,
  serialize: serializeServingPlan,
  readers: servingPlanReaders,
  parseSolution: parseServingPlanSolution,
  serializeSolution: serializeServingPlanSolution,
  generate: generateServingPlan,
  formulate: (instance, options) => formulateServingPlan(instance, options),
  modelSize: servingPlanModelSize,
  heuristics: servingPlanHeuristics,
  exact: servingPlanExact,
  evaluate: evaluateServingPlan,
  strongestMethod: () => 'capacity-plan',
  lowerBound: servingPlanLowerBound,
  renderTrace: servingPlanTrace,
  reportView: servingPlanReportView,
};

// Instances and solutions: types, schema-checked parse, serialize.
export * from './instance.js';
export { checkServingInstance } from './check-input.js';
export * from './traffic.js';
// The seeded generator and its workloads.
export { generateServingPlan, workloads } from './generate.js';
// The capacity MIP.
export { formulateServingPlan, type ServingFormulateOptions } from './formulation.js';
// Heuristics: the record (`default` the best) and the named ones.
export { servingPlanHeuristics, colocated, disaggregated1to1, distserve, portfolio } from './heuristics.js';
export { shapeCapacities, bestPerGpu, type Capacity } from './capacity.js';
export { placeGroups, sizeToTraffic, type InstanceGroup } from './placement.js';
// Exact methods: the capacity MIP re-checked by simulation.
export { servingPlanExact, capacityPlan } from './exact.js';
// The independent evaluator and the simulator under it.
export { evaluateServingPlan } from './evaluate.js';
export { simulatePlan, planGoodput, meetsTarget } from './assess.js';
export { resolved, candidateShapes, simConfigOf, workloadOf, planGpus } from './plan-space.js';
export * from './simulator/index.js';
// The optimistic bound.
export { servingPlanLowerBound } from './bounds.js';
// Native formats.
export { servingPlanReaders, readBurstGptRows, instanceFromBurstGpt, burstgptDefaults } from './io.js';
// Pictures.
export { servingPlanTrace } from './trace.js';
