/**
 * The expert-placement family: which GPU of an expert-parallel group holds which MoE expert
 * (and which experts get replicas in redundant slots), per layer, so that the slowest GPU and
 * the all-to-all traffic cost the least. Baselines contiguous, round-robin, LPT, DeepSeek's EPLB
 * and a routing-aware greedy; MoETuner's two-stage ILP with replicas ('two-stage'); the
 * single-stage MIP on the evaluator's MoE time for small cases; an evaluator on the
 * performance model. See README.md.
 *
 * @example
 * ```ts
 * import { family } from 'schedlab/models/expert-placement';
 * const instance = family.generate({ size: 'small', zipf: 1.2 }, 1);
 * const placement = family.heuristics.eplb(instance, { rng: Math.random, deadline: Date.now() + 1000 });
 * family.evaluate(instance, placement).metrics.imbalance;
 * ```
 */
import type { Family } from '../../src/family/contract.js';
import { expertPlacementLowerBound } from './bounds.js';
import { evaluateExpertPlacement } from './evaluate.js';
import { expertPlacementReportView } from './report-view.js';
import { expertPlacementExact } from './exact.js';
import { expertPlacementModelSize, formulateExpertPlacement } from './formulation.js';
import { generateExpertPlacement } from './generate.js';
import { expertPlacementHeuristics } from './heuristics.js';
import { singleStageApplies } from './two-stage/polish.js';
import {
  parseExpertPlacement,
  parseExpertPlacementSolution,
  serializeExpertPlacement,
  serializeExpertPlacementSolution,
  type ExpertPlacementInstance,
  type ExpertPlacementSolution,
} from './instance.js';

/**
 * The method `solve` runs when none is named: the two-stage ILP and then the single-stage MIP
 * (exact on the MoE time) from its answer where the MIP applies, the two-stage ILP otherwise.
 *
 * @example
 * ```ts
 * strongestExpertPlacementMethod(instance); // 'two-stage-mip' for 8 experts on 4 GPUs, 2 layers
 * ```
 */
export function strongestExpertPlacementMethod(instance: ExpertPlacementInstance): string {
  return singleStageApplies(instance) ? 'two-stage-mip' : 'two-stage';
}

/**
 * The family as the registry holds it.
 *
 * @example
 * ```ts
 * const instance = family.generate({ size: 'small' }, 1);
 * family.evaluate(instance, family.heuristics.default(instance, { rng: Math.random, deadline: Date.now() + 1000 })).objective;
 * ```
 */
export const family: Family<ExpertPlacementInstance, ExpertPlacementSolution> = {
  id: 'expert-placement',
  title: 'MoE expert placement with redundant experts (MoETuner, DeepSeek EPLB)',
  sense: 'min',
  objectiveUnit: 'ms',
  parse: parseExpertPlacement,
  serialize: serializeExpertPlacement,
  readers: {},
  parseSolution: parseExpertPlacementSolution,
  serializeSolution: serializeExpertPlacementSolution,
  generate: generateExpertPlacement,
  formulate: (instance, options) => formulateExpertPlacement(instance, options),
  modelSize: expertPlacementModelSize,
  heuristics: expertPlacementHeuristics,
  exact: expertPlacementExact,
  evaluate: evaluateExpertPlacement,
  strongestMethod: strongestExpertPlacementMethod,
  lowerBound: expertPlacementLowerBound,
  reportView: expertPlacementReportView,
};

// Instances and solutions: types, schema-checked parse, serialize.
export * from './instance.js';
// The seeded generator.
export { generateExpertPlacement } from './generate.js';
// The single-stage MIP.
export { formulateExpertPlacement, singleStagePairs, singleStagePairLimit } from './formulation.js';
// Heuristics: the record (`default` the best) and the named ones.
export { expertPlacementHeuristics, baselines, bestBaseline } from './heuristics.js';
export { contiguous, roundRobin, lpt, eplb, routingAware } from './heuristics/baselines.js';
export { balancedPacking, replicateExperts, rebalanceExperts, rebalanceHierarchical } from './heuristics/eplb.js';
// Exact methods beyond the MIP: MoETuner's two-stage ILP.
export { expertPlacementExact } from './exact.js';
export { solveTwoStage, type TwoStageReport } from './two-stage/solve.js';
export { solveTwoStageThenMip, singleStageApplies } from './two-stage/polish.js';
// The independent evaluator.
export { evaluateExpertPlacement } from './evaluate.js';
// The optimistic bound.
export { expertPlacementLowerBound } from './bounds.js';
// Native formats: none (the model field takes a Hugging Face config.json object).
