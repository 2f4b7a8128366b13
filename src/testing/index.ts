/**
 * `schedlab/testing`: the family conformance suite, for the authors of problem families.
 * Framework-neutral: run `runFamilyChecks` from any test runner and fail on 'failed'.
 *
 * @example
 * ```ts
 * import { runFamilyChecks } from 'schedlab/testing';
 * const results = await runFamilyChecks(myFamily, { instances: [tiny], exclusions: { 'readers-reject-truncated': 'no native format' } });
 * ```
 */
export { familyChecks, runFamilyCheck, runFamilyChecks, skipReason, validateFixtures } from './family-checks.js';
export { firstDifference } from './deep-diff.js';
export { mutationsOf, stringValues, type DocumentRole, type Mutation } from './mutations.js';
export { heuristicContext } from './support.js';
export {
  FamilyCheckFailure,
  familyCheckNames,
  type BadSolution,
  type FamilyCheck,
  type FamilyCheckName,
  type FamilyCheckResult,
  type FamilyFixtures,
  type KnownFailure,
  type NativeFile,
} from './types.js';
