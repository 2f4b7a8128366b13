/**
 * The family's one objective, as a single number: the lexicographic order
 * (tier by tier, highest priority first: pods placed at that tier and above, then the
 * disruption of running pods at that tier and above) written as a mixed-radix integer.
 *
 * Digits, most significant first, two per tier k (highest first):
 * - p_k, the placed pods of priority tier k alone, in [0, n_k] (n_k pods in the tier);
 * - s_k = 2 r_k + v_k - d_k, the "stability" of the tier's r_k running pods, where d_k is
 *   their disruption (evict 1, move 2) plus the violations of the counted disruption
 *   budgets of the tier (budgets.ts), of which there can be at most v_k: s_k in [0, 2 r_k + v_k].
 * Comparing (p_1, s_1, p_2, s_2, ...) lexicographically is the order on
 * (P_1, -D_1, P_2, -D_2, ...) with P_k, D_k summed over tiers 1..k: given equal earlier
 * digits, P_k and p_k (D_k and d_k) differ by the same constant. Digit i weighs the
 * product of the radices (n_k + 1, 2 r_k + 1) of every later digit, so it outweighs every
 * later digit at its maximum together: the value is sum_i digit_i x weight_i, an integer
 * in [0, product of all radices - 1].
 *
 * With `compactGangs` (topology.ts) a last digit follows, C - e: e the domains gangs span
 * beyond one each, C the most they can, so it never outweighs any tier's digits.
 *
 * Exactness: the value is computed in BigInt and then rounded to the nearest double. That
 * rounding is monotone, so a better placement never scores lower; while the product of
 * radices is at most 2^53 (`exact`) it is also strict, i.e. the number is the order. The
 * weights are the MIP's coefficients too (formulation.ts), where floating point and the
 * solver's tolerances limit exactness much earlier (see there).
 */
import { budgetViolations, countedBudgets, maxBudgetViolations } from './budgets.js';
import { priorityTiers, type PodPackingInstance } from './instance.js';
import { compacting, maxExtraDomains } from './topology.js';

export interface ObjectiveWeights {
  /** Priorities of the tiers, highest first. */
  tiers: number[];
  /** Pods per tier and running pods per tier (the digits' ranges). */
  pods: number[];
  running: number[];
  /** The most counted budget violations per tier. */
  violations: number[];
  /** Weight of one placed pod of tier k, and of one unit of stability of tier k. */
  placed: bigint[];
  stability: bigint[];
  /** With `compactGangs`, the last digit's range: the most extra domains gangs can span (topology.ts); else 0. */
  compact: number;
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
  const violations = tiers.map(() => 0);
  for (const { budget, tier } of countedBudgets(instance))
    violations[tiers.indexOf(tier)] += maxBudgetViolations(instance, budget);
  const placed = tiers.map(() => 0n);
  const stability = tiers.map(() => 0n);
  const compact = compacting(instance) ? maxExtraDomains(instance) : 0;
  let weight = BigInt(compact + 1);
  for (let k = tiers.length - 1; k >= 0; k--) {
    stability[k] = weight;
    weight *= BigInt(2 * running[k] + violations[k] + 1);
    placed[k] = weight;
    weight *= BigInt(pods[k] + 1);
  }
  const max = weight - 1n;
  return { tiers, pods, running, violations, placed, stability, compact, max, exact: max <= 2n ** 53n };
}

/**
 * Disruption per tier (tier alone, highest first): evict 1, move 2, plus the violations of
 * the counted budgets of the tier.
 *
 * @example
 * ```ts
 * tierDisruption(instance, { assignment: [-1, 0] }); // e.g. [1, 0]
 * ```
 */
export function tierDisruption(instance: PodPackingInstance, assignment: number[]): number[] {
  const tiers = priorityTiers(instance);
  const disruption = tiers.map(() => 0);
  instance.pods.forEach((pod, p) => {
    if (pod.node === undefined) return;
    const n = assignment[p] ?? -1;
    disruption[tiers.indexOf(pod.priority)] += n === pod.node ? 0 : n < 0 ? 1 : 2;
  });
  for (const { budget, tier } of countedBudgets(instance))
    disruption[tiers.indexOf(tier)] += budgetViolations(instance, budget, assignment);
  return disruption;
}

/**
 * The objective of per-tier counts (tier alone, highest first): placed pods and disruption,
 * and the extra domains of gangs (counted only with `compactGangs`).
 *
 * @example
 * ```ts
 * encodeObjective(objectiveWeights(instance), [2, 0], [0, 0]); // 2 x 10 + 4 x 2 + 0 + 0 = 28
 * ```
 */
export function encodeObjective(
  weights: ObjectiveWeights,
  placed: number[],
  disruption: number[],
  extraDomains = 0,
): number {
  let value = BigInt(weights.compact - Math.min(extraDomains, weights.compact));
  weights.tiers.forEach((_, k) => {
    value +=
      weights.placed[k] * BigInt(placed[k]) +
      weights.stability[k] * BigInt(2 * weights.running[k] + weights.violations[k] - disruption[k]);
  });
  return Number(value);
}
