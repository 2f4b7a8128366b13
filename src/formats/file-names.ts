/**
 * The names the LP and MPS writers put in a file: one function for both, so a column or
 * row has the same name in either format. A model made by `canonicalModel` or `compile`
 * already has sanitized, unique names (`canonical/names.ts`), and this keeps them as they
 * are; a hand-made `CanonicalModel` whose names are not safe gets them sanitized and made
 * unique here, the same way for both writers.
 */
import type { CanonicalModel } from '../canonical/canonical-model.js';
import { LazyNames, sanitizeName } from '../canonical/names.js';

/** Column and row names for a file. */
export interface FileNames {
  col(j: number): string;
  row(i: number): string;
}

/**
 * The file names of `model`'s columns and rows.
 *
 * @example
 * ```ts
 * const names = fileNames(model);
 * names.col(0); // e.g. '_free' for a column named 'free' (an LP keyword), in LP and MPS alike
 * ```
 */
export function fileNames(model: CanonicalModel): FileNames {
  const cols = new LazyNames(model.numCols, (j) => model.colName(j));
  const rows = new LazyNames(model.numRows, (i) => model.rowName(i));
  return { col: (j) => cols.get(j), row: (i) => rows.get(i) };
}

/**
 * The objective row's name: the model's, sanitized (`canonicalModel` keeps it raw), and
 * changed when a constraint already uses it.
 *
 * @example
 * ```ts
 * objectiveRowName(model, fileNames(model)); // 'obj', or 'obj~2' when a row is called 'obj'
 * ```
 */
export function objectiveRowName(model: CanonicalModel, names: FileNames): string {
  const taken = new Set<string>();
  for (let i = 0; i < model.numRows; i++) taken.add(names.row(i));
  const base = sanitizeName(model.objectiveName || 'obj');
  let name = base;
  for (let suffix = 2; taken.has(name); suffix++) name = `${base}~${suffix}`;
  return name;
}
