/**
 * The optimistic bound on the pod-packing objective. The family maximizes, so this is an
 * upper bound (`Family.lowerBound` is the optimistic side whatever the sense): every pod
 * placed and nothing disrupted, the largest value of the mixed-radix objective (objective.ts).
 * The exact method's `lexicographicBound` is tighter once some levels are proven.
 */
import type { PodPackingInstance } from './instance.js';
import { objectiveWeights } from './objective.js';

/**
 * No placement scores above this.
 *
 * @example
 * ```ts
 * podPackingUpperBound(instance) >= family.evaluate(instance, solution).objective; // true
 * ```
 */
export function podPackingUpperBound(instance: PodPackingInstance): number {
  return Number(objectiveWeights(instance).max);
}
