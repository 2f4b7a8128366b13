/**
 * The size of the parallel-plan MIP before it is built (`Family.modelSize`), an upper estimate
 * from the formulation's own caps (`formulationLimits`): at most `columns` candidate columns,
 * and layout blocks added while the model holds fewer than `layoutNonzeros` (plus the one
 * block that crosses the cap, at its largest). Before any of it, the formulation ranks every plan of the space
 * (`rankedCandidates`, about 300 bytes a plan), the preprocessing counted here; a space too
 * large for memory is refused at once by `assertBuildable`, naming narrower limits.
 */
import type { ModelSize } from '../../src/family/model-budget.js';
import { formulationLimits } from './formulation.js';
import type { ParallelPlanInstance } from './instance.js';
import { allowedPlanCount } from './space.js';

/** Bytes the ranking holds per plan of the space (the plan, its bounds, the sort), measured order of magnitude. */
const bytesPerRankedPlan = 300;
/** Seconds the ranking spends per plan (its two bounds), measured order of magnitude on an idle core. */
const secondsPerRankedPlan = 2e-6;

/**
 * Rows, columns and nonzeros of the MIP, at most.
 *
 * @example
 * ```ts
 * parallelPlanModelSize(instance).nonzeros; // >= the built model's nonzeros
 * ```
 */
export function parallelPlanModelSize(instance: ParallelPlanInstance): ModelSize {
  const plans = allowedPlanCount(instance);
  const candidates = Math.min(plans, formulationLimits.columns);
  const { layers } = instance.model;
  const stages = Math.min(layers, instance.limits.pp.max);
  const blocks = instance.limits.layouts === 'any' ? formulationLimits.provingBlocks : 0;
  // Blocks are added while the model has fewer than layoutNonzeros, so the last one may cross
  // it by a whole block: a count variable per stage and count, each in at most 7 rows of its
  // block (pick, layers, T, D, O, ZB-H1's two) and one interleaved exclusion row per fullest count.
  const lastBlock = blocks > 0 ? stages * (layers + 1) * (7 + layers + 1) : 0;
  const blockNonzeros = blocks > 0 ? formulationLimits.layoutNonzeros + lastBlock : 0;
  return {
    rows: 1 + blockNonzeros,
    columns: candidates + blockNonzeros,
    nonzeros: candidates + blockNonzeros,
    smaller: 'narrower data.limits (fewer degrees, microbatch sizes, schedules or virtual stages), or layouts "even"',
    preprocessing: {
      bytes: plans * bytesPerRankedPlan,
      seconds: plans * secondsPerRankedPlan,
      what: `a ranking of the ${plans.toLocaleString('en-US')} plans of the space`,
    },
  };
}
