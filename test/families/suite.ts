/**
 * The vitest runner of the family conformance suite (`src/testing`): one `describe` per
 * family, one `it` per check, skipped with its reason where the fixtures exclude it or it
 * does not apply. The checks share the family's heuristic, MIP and exact runs, which are
 * computed once per file.
 *
 * @example
 * ```ts
 * runFamilySuite(family, { instances: [small], exclusions: { 'mip-encode-decode': 'no encode' } });
 * ```
 */
import { describe, expect, it } from 'vitest';
import type { Family } from '../../src/family/contract.js';
import { familyChecks, runFamilyCheck, skipReason, validateFixtures } from '../../src/testing/family-checks.js';
import type { FamilyFixtures } from '../../src/testing/types.js';

/** Defines the suite for one family. */
export function runFamilySuite<I, S>(family: Family<I, S>, fixtures: FamilyFixtures<I>): void {
  validateFixtures(fixtures as FamilyFixtures<unknown>);
  describe(`family conformance: ${family.id}`, () => {
    for (const check of familyChecks) {
      const reason = skipReason(check, family, fixtures);
      if (reason !== undefined) {
        it.skip(`${check.name} (skipped: ${reason})`, () => {});
        continue;
      }
      it(check.name, async () => {
        const result = await runFamilyCheck(check, family, fixtures);
        if (result.message && result.status === 'passed') console.info(`${family.id} ${check.name}: ${result.message}`);
        expect(result.status, result.message).toBe('passed');
      });
    }
  });
}
