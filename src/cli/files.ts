/** Option parsing for the CLI. File I/O lives in src/util/files.ts. */
import { inputError } from '../errors.js';

/** Parse a numeric CLI option, or fail with the flag's name and what it expects. */
export function numberOption(
  flag: string,
  text: string | undefined,
  check: (value: number) => boolean,
  expected: string,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value))
    throw inputError(`${flag} expects ${expected}, got '${text}'`);
  return value;
}

/**
 * `--seed N`: a whole number that stays exact (1e308 is whole, but no seed; the random
 * sources and `runMethod` take safe integers only).
 *
 * @example
 * ```ts
 * seedOption('7'); // 7
 * ```
 */
export function seedOption(text: string | undefined): number | undefined {
  return numberOption(
    '--seed',
    text,
    Number.isSafeInteger,
    `a whole number from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`,
  );
}

/**
 * The longest `--time-limit` in seconds (about 11.6 days): beyond 2^31 ms Node's timers fire at
 * once, so a larger limit would end a run immediately instead of never.
 */
export const maxTimeLimitSec = 1_000_000;

/** Parse `--time-limit`: a positive number of seconds up to `maxTimeLimitSec`. */
export function timeLimitOption(text: string | undefined): number | undefined {
  return numberOption(
    '--time-limit',
    text,
    (v) => v > 0 && v <= maxTimeLimitSec,
    `a positive number of seconds up to ${maxTimeLimitSec}`,
  );
}
