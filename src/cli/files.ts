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
