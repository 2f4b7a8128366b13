/**
 * The rule of `preemptionPolicy: Never`, shared by the evaluator (which reports it) and the
 * baselines' repair pass (which keeps it), as gangs.ts is for all-or-none.
 */
import type { PodPackingInstance } from './types.js';

/**
 * Pods with `preemptionPolicy: Never` newly placed on a node from which a lower-priority
 * running pod was evicted or moved: they took room that preemption made.
 *
 * @example
 * ```ts
 * neverPreemptBreaches(instance, solution.assignment); // e.g. [7]: pod 7 breaks the rule
 * ```
 */
export function neverPreemptBreaches(instance: PodPackingInstance, assignment: readonly number[]): number[] {
  // The lowest priority displaced from each node: a Never pod above it took its room.
  const displaced = instance.nodes.map(() => Number.POSITIVE_INFINITY);
  instance.pods.forEach((pod, p) => {
    if (pod.node !== undefined && assignment[p] !== pod.node)
      displaced[pod.node] = Math.min(displaced[pod.node], pod.priority);
  });
  return instance.pods.flatMap((pod, p) => {
    const n = assignment[p];
    const breaks = pod.preemptionPolicy === 'Never' && n >= 0 && n !== pod.node && displaced[n] < pod.priority;
    return breaks ? [p] : [];
  });
}
