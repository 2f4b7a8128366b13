/**
 * LP and MPS file formats: readers that produce a `CanonicalModel` and writers that take one.
 */
import type { CanonicalModel } from '../canonical/canonical-model.js';
import { inputError } from '../errors.js';
import { readLp } from './lp-reader.js';
import { readMps, type ReadOptions } from './mps-reader.js';

export { readLp } from './lp-reader.js';
export { writeLp, type WriteLpOptions } from './lp-writer.js';
export { readMps, type ReadOptions } from './mps-reader.js';
export { writeMps } from './mps-writer.js';

/** The model file formats schedlab reads and writes. */
export type ModelFormat = 'lp' | 'mps';

/**
 * The format a file name implies: `.lp` or `.mps` (any case), or undefined for anything else.
 *
 * @example
 * ```ts
 * formatFromFileName('models/afiro.MPS') === 'mps'; formatFromFileName('x.json') === undefined;
 * ```
 */
export function formatFromFileName(path: string): ModelFormat | undefined {
  const match = /\.(lp|mps)$/i.exec(path);
  return match ? (match[1].toLowerCase() as ModelFormat) : undefined;
}

/**
 * Read LP or MPS text. Without an explicit format, the file name decides; an unknown
 * extension is an input error that says which ones are known.
 *
 * @example
 * ```ts
 * const model = readModelFile('Minimize\n obj: x\nSubject To\n c: x >= 1\nEnd', undefined, 'tiny.lp');
 * // model.numRows === 1
 * ```
 */
export function readModelFile(text: string, format?: ModelFormat, fileName?: string): CanonicalModel {
  const chosen = format ?? (fileName === undefined ? undefined : formatFromFileName(fileName));
  const options: ReadOptions = fileName === undefined ? {} : { fileName };
  if (chosen === 'lp') return readLp(text, options);
  if (chosen === 'mps') return readMps(text, options);
  const where = fileName === undefined ? {} : { file: fileName };
  throw inputError(
    `cannot tell the model format of '${fileName ?? ''}': use a .lp or .mps file name, or pass the format`,
    where,
  );
}
