/**
 * The context a heuristic gets, for tests: a seeded random source and a deadline. The one
 * implementation is the family suite's (`src/testing`), so tests and suite agree.
 *
 * @example
 * ```ts
 * const schedule = family.heuristics.default(instance, heuristicContext(7, 5)); // seed 7, 5 s
 * ```
 */
export { heuristicContext } from '../../src/testing/support.js';
