/**
 * `bench --update-references`: fold a run's results into each set folder's
 * `index.json`. A stored value changes only when a run improves on it: a better
 * feasible objective, or a tighter bound. An objective better than a stored proven
 * optimum is a contradiction (a bug in a method or in the reference), so it is
 * reported and not written.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../util/files.js';
import { boundCloses } from '../solvers/contract.js';
import {
  indexFileName,
  indexJsonText,
  whyReadOnly,
  type ReferenceIndex,
  type ReferenceSet,
  type ReferenceValue,
} from './references.js';
import type { BenchRow, ReferenceChange, ReferenceUpdate } from './types.js';

type Sense = 'min' | 'max';

/** A change smaller than solver round-off (relative 1e-9) is no improvement. */
const tolerance = (value: number): number => 1e-9 * Math.max(1, Math.abs(value));
const improves = (sense: Sense, candidate: number, stored: number): boolean =>
  (sense === 'min' ? stored - candidate : candidate - stored) > tolerance(stored);
/** A bound is tighter when it is closer to the optimum: higher for min, lower for max. */
const tightens = (sense: Sense, candidate: number, stored: number): boolean =>
  improves(sense === 'min' ? 'max' : 'min', candidate, stored);

function provenBy(value: ReferenceValue): boolean {
  const { bestObjective, bestBound } = value;
  // The same test as every method's proof (see boundCloses), so a reference is never proven on weaker grounds.
  return bestObjective !== null && bestBound !== null && boundCloses(bestObjective, bestBound);
}

/** Fold one row into a reference (a copy); returns the changes made. */
function foldRow(
  stored: ReferenceValue | undefined,
  row: BenchRow,
  sense: Sense,
  date: string,
): { value: ReferenceValue; changes: ReferenceChange[] } {
  const value: ReferenceValue = stored
    ? { ...stored }
    : { bestObjective: null, bestBound: null, proven: false, method: row.method, date };
  const changes: ReferenceChange[] = [];
  const record = (field: ReferenceChange['field'], after: number): void => {
    changes.push({
      folder: row.folder,
      instance: row.instance,
      field,
      before: value[field],
      after,
      method: row.method,
    });
    Object.assign(value, { [field]: after, date });
  };
  const objective = row.feasible ? row.objective : null;
  if (
    objective !== null &&
    (value.bestObjective === null || (!value.proven && improves(sense, objective, value.bestObjective)))
  ) {
    record('bestObjective', objective);
    Object.assign(value, { method: row.method, proven: false });
  }
  // A proven objective is itself the tightest bound.
  const bound = row.proven && objective !== null ? objective : row.bound;
  const consistent = bound !== null && (value.bestObjective === null || !improves(sense, value.bestObjective, bound));
  if (bound !== null && consistent && (value.bestBound === null || tightens(sense, bound, value.bestBound)))
    record('bestBound', bound);
  value.proven = value.proven || provenBy(value);
  return { value, changes };
}

/** Objectives that beat a stored proven optimum: reported, never written. */
function contradictions(stored: ReferenceValue | undefined, row: BenchRow, sense: Sense): string | undefined {
  if (!stored?.proven || stored.bestObjective === null || !row.feasible || row.objective === null) return undefined;
  if (!improves(sense, row.objective, stored.bestObjective)) return undefined;
  return `${row.instance}: ${row.method} found ${row.objective}, better than the proven optimum ${stored.bestObjective}; check the method and the reference`;
}

/** One change per instance and field: from the stored value to the final one, by the last method that moved it. */
function netChanges(changes: readonly ReferenceChange[]): ReferenceChange[] {
  const net = new Map<string, ReferenceChange>();
  for (const change of changes) {
    const key = `${change.instance}\u0000${change.field}`;
    const first = net.get(key);
    net.set(key, first ? { ...change, before: first.before } : change);
  }
  return [...net.values()];
}

export interface UpdateOptions {
  /** The date written, YYYY-MM-DD; today by default. */
  date?: string;
  /** Folders never written to (default: the shared data folder). */
  protectedRoots?: readonly string[];
  /** Compute the changes without writing. */
  dryRun?: boolean;
}

/**
 * Fold the rows of one set folder into its references and write `index.json` when
 * something changed and the folder may be written.
 *
 * @example
 * ```ts
 * const update = updateReferenceSet(loadReferences(folder), rows, 'min');
 * update.changes; // [{ instance: 'j301_1', field: 'bestObjective', before: 44, after: 43, method: 'mip/highs' }]
 * ```
 */
export function updateReferenceSet(
  set: ReferenceSet,
  rows: readonly BenchRow[],
  sense: Sense,
  options: UpdateOptions = {},
): ReferenceUpdate & { warnings: string[] } {
  const readOnly = whyReadOnly(set.folder, options.protectedRoots);
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const index: ReferenceIndex = set.source === 'index.json' ? { ...set.values } : {};
  const changes: ReferenceChange[] = [];
  const warnings: string[] = [];
  for (const row of rows) {
    const key = row.instance;
    const stored = set.source === 'none' ? index[key] : (index[key] ?? set.values[key]);
    const warning = contradictions(stored, row, sense);
    if (warning) warnings.push(warning);
    const folded = foldRow(stored, row, sense, date);
    if (folded.changes.length > 0) index[key] = folded.value;
    changes.push(...folded.changes);
  }
  changes.splice(0, changes.length, ...netChanges(changes));
  if (readOnly) return { folder: set.folder, skipped: readOnly, changes: [], warnings };
  if (changes.length === 0 || options.dryRun) return { folder: set.folder, changes, warnings };
  const written = join(set.folder, indexFileName);
  writeFileAtomic(written, indexJsonText(index));
  return { folder: set.folder, written, changes, warnings };
}
