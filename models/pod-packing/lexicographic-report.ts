/**
 * What the lexicographic method's report says beyond the solution: the upper bound its
 * proven levels give (`lexicographicBound`) and the per-tier lines for a CLI or a log.
 */
import type { LexicographicReport, TierReport } from './lexicographic.js';
import { encodeObjective, objectiveWeights } from './objective.js';
import type { PodPackingInstance } from './types.js';

/**
 * A valid upper bound on the evaluator's objective from a report: the digits (objective.ts)
 * of the proven prefix of levels as found, every later digit at its maximum. Any better
 * solution would beat a proven level. Equal to the objective when every level is proven.
 *
 * @example
 * ```ts
 * lexicographicBound(instance, report) >= family.evaluate(instance, report.solution).objective; // true
 * ```
 */
export function lexicographicBound(
  instance: PodPackingInstance,
  report: Pick<LexicographicReport, 'tiers' | 'topology'>,
): number {
  const weights = objectiveWeights(instance);
  const placed = weights.pods.slice();
  const disruption = weights.tiers.map(() => 0);
  for (let k = 0, above = { placed: 0, disruption: 0 }; k < report.tiers.length; k++) {
    const tier = report.tiers[k];
    if (!tier.placedProven) break;
    placed[k] = tier.placed - above.placed;
    if (!tier.disruptionProven) break;
    disruption[k] = tier.disruption - above.disruption;
    above = { placed: tier.placed, disruption: tier.disruption };
  }
  const allTiers =
    report.tiers.length === weights.tiers.length && report.tiers.every((t) => t.placedProven && t.disruptionProven);
  const extra = allTiers && report.topology?.proven ? report.topology.extraDomains : 0;
  return encodeObjective(weights, placed, disruption, extra);
}

/**
 * The per-tier report as text lines, for a CLI or a log.
 *
 * @example
 * ```ts
 * formatTierReport(report.tiers); // ['tier p1000: placed 1 (proven), disruption 0 (proven)', ...]
 * ```
 */
export function formatTierReport(tiers: readonly TierReport[]): string[] {
  const proof = (proven: boolean) => (proven ? 'proven' : 'not proven');
  return tiers.map(
    (t) =>
      `tier p${t.priority}: placed ${t.placed} (${proof(t.placedProven)}), disruption ${t.disruption} (${proof(t.disruptionProven)})`,
  );
}
