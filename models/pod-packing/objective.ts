/**
 * The family's one objective, as a single number: the lexicographic order
 * (tier by tier, highest priority first: pods placed at that tier and above, then the
 * disruption of running pods at that tier and above) written as a mixed-radix integer.
 *
 * Digits, most significant first, two per tier k (highest first):
 * - p_k, the placed pods of priority tier k alone, in [0, n_k] (n_k pods in the tier);
 * - s_k = 2 r_k - d_k, the "stability" of the tier's r_k running pods, where d_k is their
 *   disruption (evict 1, move 2), in [0, 2 r_k].
 * Comparing (p_1, s_1, p_2, s_2, ...) lexicographically is the order on
 * (P_1, -D_1, P_2, -D_2, ...) with P_k, D_k summed over tiers 1..k: given equal earlier
 * digits, P_k and p_k (D_k and d_k) differ by the same constant. Digit i weighs the
 * product of the radices (n_k + 1, 2 r_k + 1) of every later digit, so it outweighs every
 * later digit at its maximum together: the value is sum_i digit_i x weight_i, an integer
 * in [0, product of all radices - 1].
 *
 * Exactness: the value is computed in BigInt and then rounded to the nearest double. That
 * rounding is monotone, so a better placement never scores lower; while the product of
 * radices is at most 2^53 (`exact`) it is also strict, i.e. the number is the order. The
 * weights are the MIP's coefficients too (formulation.ts), where floating point and the
 * solver's tolerances limit exactness much earlier (see there).
 */
import { priorityTiers, type PodPackingInstance } from './instance.js';

export interface ObjectiveWeights {
  /** Priorities of the tiers, highest first. */
  tiers: number[];
  /** Pods per tier and running pods per tier (the digits' ranges). */
  pods: number[];
  running: number[];
  /** Weight of one placed pod of tier k, and of one unit of stability of tier k. */
  placed: bigint[];
  stability: bigint[];
  /** The largest value (every pod placed, nothing disrupted) and whether doubles hold every value exactly. */
  max: bigint;
  exact: boolean;
}

/**
 * The digit weights of an instance.
 *
 * @example
 * ```ts
 * // Tiers 100 (2 pods, 2 running) and 0 (1 pod, pending): radices 3, 5, 2, 1.
 * objectiveWeights(instance).placed; // [10n, 1n]; stability: [2n, 1n]
 * ```
 */
export function objectiveWeights(instance: PodPackingInstance): ObjectiveWeights {
  const tiers = priorityTiers(instance);
  const pods = tiers.map((priority) => instance.pods.filter((p) => p.priority === priority).length);
  const running = tiers.map(
    (priority) => instance.pods.filter((p) => p.priority === priority && p.node !== undefined).length,
  );
  const placed = tiers.map(() => 0n);
  const stability = tiers.map(() => 0n);
  let weight = 1n;
  for (let k = tiers.length - 1; k >= 0; k--) {
    stability[k] = weight;
    weight *= BigInt(2 * running[k] + 1);
    placed[k] = weight;
    weight *= BigInt(pods[k] + 1);
  }
  return { tiers, pods, running, placed, stability, max: weight - 1n, exact: weight - 1n <= 2n ** 53n };
}

/**
 * The objective of per-tier counts (tier alone, highest first): placed pods and disruption.
 *
 * @example
 * ```ts
 * encodeObjective(objectiveWeights(instance), [2, 0], [0, 0]); // 2 x 10 + 4 x 2 + 0 + 0 = 28
 * ```
 */
export function encodeObjective(weights: ObjectiveWeights, placed: number[], disruption: number[]): number {
  let value = 0n;
  weights.tiers.forEach((_, k) => {
    value +=
      weights.placed[k] * BigInt(placed[k]) + weights.stability[k] * BigInt(2 * weights.running[k] - disruption[k]);
  });
  return Number(value);
}
