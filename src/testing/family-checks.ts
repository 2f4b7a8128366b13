/**
 * The family conformance suite (MathOptInterface's `Test` module, for problem families):
 * checks every family runs, framework-neutral so that the author of a new family can run
 * them from any test runner. A family's fixtures say which checks do not apply and why,
 * as a backend's capabilities do in the backend suite; a skipped check reports the reason.
 *
 * @example
 * ```ts
 * import { runFamilyChecks } from 'schedlab/testing';
 * const results = await runFamilyChecks(family, { instances: [small], timeLimitSec: 0.5 });
 * for (const r of results) if (r.status === 'failed') console.error(r.message);
 * ```
 */
import { inputError } from '../errors.js';
import type { Family } from '../family/contract.js';
import { heuristicChecks } from './checks-heuristics.js';
import { inputChecks } from './checks-input.js';
import { jsonChecks } from './checks-json.js';
import { optimalityChecks } from './checks-optimality.js';
import { proofCheck } from './checks-proofs.js';
import { readerCheck } from './checks-readers.js';
import { describeError } from './support.js';
import {
  FamilyCheckFailure,
  familyCheckNames,
  type FamilyCheck,
  type FamilyCheckName,
  type FamilyCheckResult,
  type FamilyFixtures,
} from './types.js';

const byName = new Map<FamilyCheckName, FamilyCheck>(
  [...jsonChecks, ...inputChecks, ...heuristicChecks, ...optimalityChecks, proofCheck, readerCheck].map((check) => [
    check.name,
    check,
  ]),
);

/** Every check, in the order of `familyCheckNames` (cheap ones first). */
export const familyChecks: readonly FamilyCheck[] = familyCheckNames.map((name) => byName.get(name) as FamilyCheck);

/** Refuses fixtures that name checks that do not exist or give no instance. */
export function validateFixtures(fixtures: FamilyFixtures<unknown>): void {
  if (!Array.isArray(fixtures.instances) || fixtures.instances.length === 0)
    throw inputError('family fixtures need at least one instance in `instances`');
  const named = [...Object.keys(fixtures.exclusions ?? {}), ...(fixtures.knownFailures ?? []).map((k) => k.check)];
  const unknown = named.filter((name) => !byName.has(name as FamilyCheckName));
  if (unknown.length > 0)
    throw inputError(
      `family fixtures name unknown check(s) ${unknown.join(', ')}; the checks are: ${familyCheckNames.join(', ')}`,
    );
}

/** Why `check` is skipped for this family and fixtures (an exclusion, or it does not apply), or undefined. */
export function skipReason<I, S>(
  check: FamilyCheck,
  family: Family<I, S>,
  fixtures: FamilyFixtures<I>,
): string | undefined {
  return fixtures.exclusions?.[check.name] ?? check.notApplicable?.(family, fixtures as FamilyFixtures<unknown>);
}

/**
 * Runs one check: 'skipped' with the reason, 'failed' with every problem it found, or
 * 'passed' with a note on what it could not compare.
 *
 * @example
 * ```ts
 * const result = await runFamilyCheck(familyChecks[0], family, fixtures);
 * ```
 */
export async function runFamilyCheck<I, S>(
  check: FamilyCheck,
  family: Family<I, S>,
  fixtures: FamilyFixtures<I>,
): Promise<FamilyCheckResult> {
  validateFixtures(fixtures as FamilyFixtures<unknown>);
  const reason = skipReason(check, family, fixtures);
  if (reason !== undefined) return { name: check.name, status: 'skipped', message: reason, timeMs: 0 };
  const started = performance.now();
  try {
    const note = await check.run(family, fixtures as FamilyFixtures<unknown>);
    const timeMs = performance.now() - started;
    return { name: check.name, status: 'passed', ...(note === undefined ? {} : { message: note }), timeMs };
  } catch (error) {
    const message =
      error instanceof FamilyCheckFailure ? error.message : `the check could not run: ${describeError(error)}`;
    return { name: check.name, status: 'failed', message, timeMs: performance.now() - started };
  }
}

/**
 * Runs every check on a family, one after another; the heuristics, the MIP and the exact
 * methods run once and their answers are shared by the checks.
 *
 * @example
 * ```ts
 * const results = await runFamilyChecks(family, { instances: [family.generate({ size: 'small' }, 1)] });
 * results.filter((r) => r.status === 'failed'); // [] for a conforming family
 * ```
 */
export async function runFamilyChecks<I, S>(
  family: Family<I, S>,
  fixtures: FamilyFixtures<I>,
): Promise<FamilyCheckResult[]> {
  const results: FamilyCheckResult[] = [];
  for (const check of familyChecks) results.push(await runFamilyCheck(check, family, fixtures));
  return results;
}
