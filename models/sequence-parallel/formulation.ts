/**
 * The family's MIP (`schedlab solve --method mip`): FlexSP's MILP (`milp.ts`) over the whole
 * batch at once, one binary per sequence and group, over enough micro-batch slots for the
 * warm start (the best baseline) and at least the fewest micro-batches memory allows. With at
 * least one slot per sequence (small batches, up to `completeSlots`), the model holds every
 * plan, so its optimum is the problem's; with fewer it holds only plans of at most that many
 * micro-batches, so the formulation is marked not provable and the bound is the family's own.
 * Its makespan is the evaluator's: both time a group laid out aligned (`placement.ts`) with
 * the same performance-model functions.
 */
import type { FormulateOptions, Formulation } from '../../src/family/contract.js';
import type { ModelSize } from '../../src/family/model-budget.js';
import { spCosts } from './costs.js';
import { bestBaselinePlan } from './heuristics.js';
import type { SequenceParallelInstance, SequenceParallelSolution } from './instance.js';
import { bucketItems, exactItems } from './items.js';
import { buildSpMilp, milpSize, type SpMilp } from './milp.js';
import { decodeMilp, encodeMilp } from './milp-codec.js';
import { fewestMicroBatches, toPlan, toSolution } from './plan.js';

/** Batches up to this size get one slot per sequence: the complete model. */
export const completeSlots = 4;

export interface SpFormulateOptions extends FormulateOptions<SequenceParallelSolution> {
  /** Micro-batch slots (default: see the file header). */
  slots?: number;
  /** Integer counts per length bucket instead of binaries per sequence. */
  bucketed?: boolean;
}

export interface SpFormulation extends Formulation<SequenceParallelSolution> {
  milp: SpMilp;
  encode(solution: SequenceParallelSolution): Float64Array | undefined;
}

/** The items the MILP assigns: one per sequence, or one per length bucket. */
function itemsOf(instance: SequenceParallelInstance, options: SpFormulateOptions) {
  const costs = spCosts(instance);
  const all = instance.lengths.map((_, i) => i);
  return options.bucketed ? bucketItems(instance, costs, all) : exactItems(costs, all, instance.lengths);
}

function defaultSlots(instance: SequenceParallelInstance, incumbent: SequenceParallelSolution | undefined): number {
  const n = instance.lengths.length;
  if (n <= completeSlots) return n;
  const start = incumbent?.microBatches.length ?? bestBaselinePlan(instance).plan.length;
  return Math.max(start, fewestMicroBatches(instance));
}

/**
 * The size `formulateSequenceParallel` would build, estimated before building it (`milpSize`),
 * with the methods that build smaller models.
 *
 * @example
 * ```ts
 * sequenceParallelModelSize(instance, { incumbent }).nonzeros;
 * ```
 */
export function sequenceParallelModelSize(
  instance: SequenceParallelInstance,
  options: SpFormulateOptions = {},
): ModelSize {
  const slots = options.slots ?? defaultSlots(instance, options.incumbent);
  return {
    ...milpSize(instance, itemsOf(instance, options), slots),
    smaller: '`--method flexsp` (one MILP per micro-batch) or `--method flexsp-bucketed`, or a smaller batch',
  };
}

/**
 * The MILP of a batch.
 *
 * @example
 * ```ts
 * const mip = formulateSequenceParallel(instance, { incumbent });
 * const result = await solve(mip.model, { solver: 'highs', warmStart: mip.encode(incumbent) });
 * const plan = mip.decode(result.values);
 * ```
 */
export function formulateSequenceParallel(
  instance: SequenceParallelInstance,
  options: SpFormulateOptions = {},
): SpFormulation {
  const costs = spCosts(instance);
  const items = itemsOf(instance, options);
  const slots = options.slots ?? defaultSlots(instance, options.incumbent);
  const milp = buildSpMilp(instance, costs, items, slots);
  const capacity = (k: number) => instance.degrees[k] * instance.tokenCapacity;
  return {
    model: milp.model,
    milp,
    provable: slots >= instance.lengths.length && !options.bucketed,
    decode: (values) => toSolution(instance, decodeMilp(milp, values)),
    encode: (solution) => encodeMilp(milp, costs, toPlan(instance, solution), capacity),
  };
}
