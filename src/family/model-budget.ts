/**
 * What a MIP will cost before it is built. A family estimates its model's size
 * (`Family.modelSize`); from that, `solveWithMip` refuses a model that cannot be built in
 * memory (an input error that states the size and what helps) and skips, with the start
 * solution, a model whose build would not end within the time limit. Both figures are
 * measured on the bundled families: building a model in the DSL and handing it to HiGHS
 * costs about 250-450 bytes per nonzero, and 0.4 µs (pod packing, 2.8 million nonzeros in
 * about a second) to 1 µs (the time-indexed RCPSP with its cliques) per nonzero on an idle core.
 */
import { inputError } from '../errors.js';
import { seededRandom } from '../util/random.js';
import type { AnyFamily } from './contract.js';

/** A model's size, estimated before it is built (an upper estimate is fine). */
export interface ModelSize {
  rows: number;
  columns: number;
  nonzeros: number;
  /** What makes the model smaller for this family, e.g. "a smaller horizon (data.horizon)". */
  smaller?: string;
  /** The family's own measured build time per estimated nonzero (default `buildSecondsPerNonzero`). */
  secondsPerNonzero?: number;
  /** The family's own measured peak memory per estimated nonzero, built and written (default `bytesPerNonzero`). */
  bytesPerNonzero?: number;
  /** Work the formulation does beyond its nonzeros (e.g. tables over every pair of activities). */
  preprocessing?: { bytes: number; seconds: number; what: string };
}

/** The most memory a formulation's own tables may take (the model's nonzeros aside). */
export const maxPreprocessingBytes = 2e9;

/** The largest model schedlab builds: about 2 GB at the measured ~400 bytes per nonzero. */
export const maxModelNonzeros = 4_000_000;

/** Memory per nonzero of building a model in the DSL and handing it to HiGHS (measured, see the header). */
export const bytesPerNonzero = 450;

/** The most memory a model may take to build (and write, for `export`). */
export const maxModelBytes = 2e9;

/** The bytes building this model is expected to take. */
export function expectedBuildBytes(size: ModelSize): number {
  return size.nonzeros * (size.bytesPerNonzero ?? bytesPerNonzero);
}

/**
 * Seconds to build a model, per estimated nonzero: the time-indexed RCPSP's figure on an idle
 * core (2,000 activities: 2.4 million estimated, 3.1 s); a family may state its own.
 */
export const buildSecondsPerNonzero = 1.5e-6;

/** The seconds building and loading a model of this size is expected to take. */
export function expectedBuildSec(size: ModelSize): number {
  return size.nonzeros * (size.secondsPerNonzero ?? buildSecondsPerNonzero) + (size.preprocessing?.seconds ?? 0);
}

/** `12345678` as `12,345,678`; huge or non-finite sizes as `1.2e+15`. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value) || value >= 1e15) return value.toExponential(1);
  return Math.round(value).toLocaleString('en-US');
}

/** The size in words, e.g. "about 400,000 rows, 398,000 columns and 1,588,000 nonzeros". */
export function describeSize(size: ModelSize): string {
  return `about ${formatCount(size.rows)} rows, ${formatCount(size.columns)} columns and ${formatCount(size.nonzeros)} nonzeros`;
}

/** Where a refusal of the whole instance points: its data. */
const whole = { path: 'data' };

/**
 * Refuse (an input error, exit 2) a model too large to build in memory, saying how large
 * it would be and what helps.
 *
 * @example
 * ```ts
 * assertBuildable('rcpsp', { rows: 1e6, columns: 1e9, nonzeros: 4e9 }); // throws: "... about 1.6 TB ..."
 * ```
 */
export function assertBuildable(familyId: string, size: ModelSize): void {
  const helps = [size.smaller, `a heuristic (\`schedlab heuristic FILE\`)`].filter(Boolean).join(', or ');
  const tables = size.preprocessing;
  if (tables !== undefined && tables.bytes > maxPreprocessingBytes)
    throw inputError(
      `the MIP of this ${familyId} instance needs ${tables.what}, about ${(tables.bytes / 1e9).toPrecision(2)} GB before the model itself, more than the ${maxPreprocessingBytes / 1e9} GB schedlab allows; use ${helps}`,
      whole,
    );
  const bytes = expectedBuildBytes(size);
  if (size.nonzeros <= maxModelNonzeros && bytes <= maxModelBytes) return;
  const most = Math.min(maxModelNonzeros, maxModelBytes / (size.bytesPerNonzero ?? bytesPerNonzero));
  throw inputError(
    `the MIP of this ${familyId} instance would have ${describeSize(size)} (about ${(bytes / 1e9).toPrecision(2)} GB to build), more than the ${formatCount(most)} nonzeros schedlab builds for it (about 2 GB); use ${helps}`,
    whole,
  );
}

/** True when `assertBuildable` would let a model of this size be built. */
export function buildable(size: ModelSize): boolean {
  const tablesFit = (size.preprocessing?.bytes ?? 0) <= maxPreprocessingBytes;
  return tablesFit && size.nonzeros <= maxModelNonzeros && expectedBuildBytes(size) <= maxModelBytes;
}

/**
 * Refuse, before the start heuristic runs its full search, a MIP too large to build whatever
 * the start: the size estimated from the instance alone and, when that is too large (a start
 * can shrink some models, e.g. RCPSP's horizon), again with one pass of the default heuristic
 * (its deadline already past) as the incumbent. A family whose size ignores the start is thus
 * refused after one heuristic pass at most, not after the whole start search.
 *
 * @example
 * ```ts
 * assertBuildableFromInstance(family, instance, 1); // throws the size for 8 pipeline devices x 4,096 microbatches
 * ```
 */
export function assertBuildableFromInstance(family: AnyFamily, instance: unknown, seed: number): void {
  const size = family.modelSize?.(instance, {});
  if (size === undefined || buildable(size)) return;
  const onePass = family.heuristics.default?.(instance, { rng: seededRandom(seed), deadline: Date.now() });
  assertBuildable(
    family.id,
    onePass === undefined ? size : (family.modelSize?.(instance, { incumbent: onePass }) ?? size),
  );
}
