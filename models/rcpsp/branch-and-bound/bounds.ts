/**
 * The root lower bound of the branch and bound: the energy bound with tails on every
 * resource of the bound (the real resources and the cliques of exclusive activities, see
 * `cliques.ts`). For any set of activities using a resource, the work from time 0 on is at
 * least its energy / capacity, and the activity that finishes last is followed by its
 * tail; the sets "every activity with a tail of at least q" are tried for every q. With a
 * clique as the resource this is the one-machine bound sum(d) + min(tail), which is what
 * lifts the bound on the hard PSPLIB classes (j3029_1: 68 by `lowerBound`, 83 here).
 * Counting from time 0 ignores release dates, which only push work later, so the bound
 * holds with them and with deadlines; the release dates enter through `lowerBound`'s
 * critical path and energy bounds.
 */
import type { BnbProblem } from './compile.js';

/**
 * No schedule of the problem ends before this.
 *
 * @example
 * ```ts
 * const bound = Math.max(lowerBound(instance), rootBound(compileProblem(instance)));
 * ```
 */
export function rootBound(problem: BnbProblem): number {
  const { boundCount, boundDemand, boundCapacity, byTail, duration, tail } = problem;
  let bound = 0;
  for (let b = 0; b < boundCount; b++) {
    let energy = 0;
    for (const k of byTail) {
      const q = boundDemand[k * boundCount + b];
      if (q === 0) continue;
      energy += q * duration[k];
      bound = Math.max(bound, Math.ceil(energy / boundCapacity[b]) + tail[k]);
    }
  }
  return bound;
}
