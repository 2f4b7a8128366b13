/**
 * The sequence-parallel family (after FlexSP, Wang et al., ASPLOS 2025): split a training
 * step's variable-length batch into micro-batches and sequence-parallel groups of different
 * degrees, to minimize the step time on a GPU cluster. Baselines static SP (the fitting degree,
 * degree N, FFD and BFD packing) and a greedy by length; FlexSP's MILP over the whole batch
 * (`mip`) and FlexSP's solver (`flexsp`, `flexsp-bucketed`: blaster plus a MILP per
 * micro-batch); an evaluator on the performance model. See README.md.
 *
 * @example
 * ```ts
 * import { family, generateSequenceParallel } from 'schedlab/models/sequence-parallel';
 * const step = generateSequenceParallel({ size: 'medium', distribution: 'code' }, 1);
 * const plan = family.heuristics.default(step, { rng: Math.random, deadline: Date.now() + 1000 });
 * family.evaluate(step, plan).objective; // step time, ms
 * ```
 */
import type { Family } from '../../src/family/contract.js';
import { sequenceParallelLowerBound } from './bounds.js';
import { evaluateSequenceParallel } from './evaluate.js';
import { sequenceParallelReportView } from './report-view.js';
import { sequenceParallelExact } from './exact.js';
import { completeSlots, formulateSequenceParallel, sequenceParallelModelSize } from './formulation.js';
import { generateSequenceParallel } from './generate.js';
import { sequenceParallelHeuristics } from './heuristics.js';
import {
  parseSequenceParallel,
  parseSequenceParallelSolution,
  serializeSequenceParallel,
  serializeSequenceParallelSolution,
  type SequenceParallelInstance,
  type SequenceParallelSolution,
} from './instance.js';

/**
 * What `solve` runs: the whole-batch MIP where it holds every plan (it proves the optimum),
 * FlexSP's solver otherwise (per sequence: at batch 512 it beat the bucketed variant by 2.6% in
 * the same time, see README.md).
 *
 * @example
 * ```ts
 * strongestSequenceParallelMethod(generateSequenceParallel({ size: 'large' }, 1)); // 'flexsp'
 * ```
 */
export function strongestSequenceParallelMethod(instance: SequenceParallelInstance): string {
  return instance.lengths.length <= completeSlots ? 'mip' : 'flexsp';
}

/**
 * The family as the registry holds it.
 *
 * @example
 * ```ts
 * const step = family.generate({ size: 'small' }, 1);
 * family.evaluate(step, family.heuristics.greedy(step, { rng: Math.random, deadline: Date.now() + 1000 })).feasible; // true
 * ```
 */
export const family: Family<SequenceParallelInstance, SequenceParallelSolution> = {
  id: 'sequence-parallel',
  title: 'Sequence-parallel partitioning of variable-length batches (FlexSP)',
  sense: 'min',
  objectiveUnit: 'ms',
  parse: parseSequenceParallel,
  serialize: serializeSequenceParallel,
  readers: {},
  parseSolution: parseSequenceParallelSolution,
  serializeSolution: serializeSequenceParallelSolution,
  generate: generateSequenceParallel,
  formulate: (instance, options) => formulateSequenceParallel(instance, options),
  modelSize: sequenceParallelModelSize,
  heuristics: sequenceParallelHeuristics,
  exact: sequenceParallelExact,
  evaluate: evaluateSequenceParallel,
  strongestMethod: strongestSequenceParallelMethod,
  lowerBound: sequenceParallelLowerBound,
  reportView: sequenceParallelReportView,
};

// Instances and solutions: types, schema-checked parse, serialize.
export * from './instance.js';
export { derivedTokenCapacity, type CapacityInfo } from './capacity.js';
export { sequenceParallelLimits } from './limits.js';
export { llama2Configs, modelRefFor } from './model-configs.js';
// The seeded generator and its length distributions.
export { generateSequenceParallel, lengthDistributions, sampleLengths } from './generate.js';
// The MIP (FlexSP's MILP over the whole batch) and its parts.
export { formulateSequenceParallel, completeSlots, type SpFormulateOptions } from './formulation.js';
export { fewestMicroBatches, planMs, toSolution, toPlan, type Plan, type PlannedGroup } from './plan.js';
export { buildSpMilp, type SpMilp } from './milp.js';
export { exactItems, bucketItems, type Item } from './items.js';
export { spCosts, type SpCosts } from './costs.js';
export { blast } from './blaster.js';
// Heuristics: the record (`default` the best baseline) and the named ones.
export {
  sequenceParallelHeuristics,
  bestBaselinePlan,
  staticFit,
  staticN,
  staticFfd,
  staticBfd,
  greedy,
} from './heuristics.js';
// Exact methods beyond the MIP: FlexSP's solver.
export { sequenceParallelExact, flexSp, type FlexSpOptions } from './exact.js';
// The independent evaluator.
export { evaluateSequenceParallel, simulatedGroupMs, groupLayout } from './evaluate.js';
// The optimistic bound.
export { sequenceParallelLowerBound } from './bounds.js';
