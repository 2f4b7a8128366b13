/**
 * A lower bound on the step time of any plan, whatever its number of micro-batches: the N GPUs
 * together must do each sequence's GPU-time (degree times the time it adds, at its cheapest
 * fitting degree), and no step is shorter than its longest sequence alone at its best degree.
 */
import { spCosts } from './costs.js';
import type { SequenceParallelInstance } from './instance.js';

/**
 * The bound in ms.
 *
 * @example
 * ```ts
 * sequenceParallelLowerBound(instance) <= evaluateSequenceParallel(instance, plan).objective; // true
 * ```
 */
export function sequenceParallelLowerBound(instance: SequenceParallelInstance): number {
  const costs = spCosts(instance);
  let area = 0;
  let longest = 0;
  instance.lengths.forEach((_, i) => {
    let cheapestArea = Number.POSITIVE_INFINITY;
    let fastest = Number.POSITIVE_INFINITY;
    costs.degrees.forEach((d, k) => {
      if (!costs.fits[k][i]) return;
      cheapestArea = Math.min(cheapestArea, d * costs.perSequenceMs[k][i]);
      fastest = Math.min(fastest, costs.perSequenceMs[k][i] + costs.latencyMs[k]);
    });
    area += cheapestArea;
    longest = Math.max(longest, fastest);
  });
  // A bound a rounding step above an optimum would refute it: leave a relative 1e-9 of room.
  return Math.max(area / instance.gpus, longest) * (1 - 1e-9);
}
