/**
 * Reference values of an instance set: the best known objective, the best bound and
 * whether the objective is proven optimal. A set folder keeps them in `index.json`
 * (`{ "<instance>": { bestObjective, bestBound, proven, method, date } }`); a PSPLIB
 * folder has an `optimum.csv` instead (`problem,optimum`, with `lb..ub` for open
 * instances), which is only ever read.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { basename, extname, join, relative, resolve, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { inputError, SchedlabError } from '../errors.js';
import { formatPath, parseWithSchema } from '../family/schema.js';
import { parseJsonText } from '../family/instance-file.js';
import { readTextFile } from '../util/files.js';
import { boundCloses } from '../solvers/contract.js';

/** What is known about one instance. Unknown numbers are null. */
export interface ReferenceValue {
  bestObjective: number | null;
  bestBound: number | null;
  proven: boolean;
  /** The method that found `bestObjective` (or the source, e.g. `optimum.csv`). */
  method: string;
  /** ISO date (YYYY-MM-DD) of the last change; empty when unknown. */
  date: string;
}

/** Reference values by instance name, as stored in `index.json`. */
export type ReferenceIndex = Record<string, ReferenceValue>;

/** The references of one set folder and where they came from. */
export interface ReferenceSet {
  folder: string;
  source: 'index.json' | 'optimum.csv' | 'none';
  values: ReferenceIndex;
}

export const indexFileName = 'index.json';
export const optimumFileName = 'optimum.csv';

const referenceSchema = z.object({
  bestObjective: z.number().nullable(),
  bestBound: z.number().nullable(),
  proven: z.boolean(),
  method: z.string(),
  date: z.string(),
});
const indexSchema = z.record(z.string(), referenceSchema);

/** Slack for a stored bound against its value: solver tolerances, not a real gap. */
const referenceSlack = (value: number) => 1e-6 * Math.max(1, Math.abs(value));

/** Why a reference contradicts itself (a proven value without its bound, a bound beyond the value), or undefined. */
function contradiction(ref: ReferenceValue, sense: 'min' | 'max'): { field: string; why: string } | undefined {
  const { bestObjective: value, bestBound: bound } = ref;
  if (ref.proven && value === null) return { field: 'bestObjective', why: 'is null, but the entry says proven' };
  // A proven entry closes its bound by the test every method's proof uses (and the update step).
  if (ref.proven && (bound === null || !boundCloses(value as number, bound)))
    return { field: 'bestBound', why: `is ${bound}, but a proven value ${value} is its own bound` };
  if (value === null || bound === null) return undefined;
  const beyond = sense === 'min' ? bound - value : value - bound;
  if (beyond > referenceSlack(value))
    return {
      field: 'bestBound',
      why: `${bound} is ${sense === 'min' ? 'above' : 'below'} the best value ${value} of a ${sense}imization`,
    };
  return undefined;
}

/**
 * Parse the text of an `index.json`; errors name the file and the instance entry. An entry
 * that contradicts itself for the family's `sense` (proven without its bound, a bound beyond
 * the value) is refused at its field.
 *
 * @example
 * ```ts
 * readIndexJson('{"j301_1":{"bestObjective":43,"bestBound":43,"proven":true,"method":"mip/highs","date":"2025-01-01"}}', 'index.json');
 * ```
 */
export function readIndexJson(text: string, file: string, sense: 'min' | 'max' = 'min'): ReferenceIndex {
  const json = parseJsonText(text, file);
  let index: ReferenceIndex;
  try {
    index = parseWithSchema(indexSchema, json);
  } catch (error) {
    throw error instanceof SchedlabError ? error.inFile(file) : error;
  }
  for (const [name, ref] of Object.entries(index)) {
    const wrong = contradiction(ref, sense);
    if (wrong)
      throw inputError(`${wrong.why}; correct the entry or delete it and run the bench with --update-references`, {
        file,
        path: formatPath([name, wrong.field]),
      });
  }
  return index;
}

function csvNumber(text: string, file: string, line: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw inputError(`expected a number or lb..ub, got '${text}'`, { file, line });
  return value;
}

/** One side of `lb..ub`; an empty side (`..83`) is unknown. */
function csvSide(text: string, file: string, line: number): number | null {
  return text.trim() === '' ? null : csvNumber(text, file, line);
}

/**
 * Parse an `optimum.csv` (`problem,optimum`). A row `name,43` is a proven optimum; a row
 * `name,82..87` is an open instance: for a minimization, best bound 82 and best known
 * value 87 (the other way round for a maximization); `name,..83` has no known bound. Names lose their extension
 * (`j301_1.sm` → `j301_1`), as instance names do.
 *
 * @example
 * ```ts
 * readOptimumCsv('problem,optimum\nj601_1.sm,77\nj609_1.sm,82..87\n', 'optimum.csv');
 * ```
 */
export function readOptimumCsv(text: string, file: string, sense: 'min' | 'max' = 'min'): ReferenceIndex {
  const values: ReferenceIndex = {};
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, k) => {
    const line = raw.trim();
    if (line === '' || (k === 0 && /^problem\s*,/i.test(line))) return;
    const [problem, optimum] = line.split(',').map((cell) => cell.trim());
    if (!problem || optimum === undefined) throw inputError('expected `problem,optimum`', { file, line: k + 1 });
    const range = /^(.*)\.\.(.*)$/.exec(optimum);
    const lb = range ? csvSide(range[1], file, k + 1) : csvNumber(optimum, file, k + 1);
    const ub = range ? csvSide(range[2], file, k + 1) : lb;
    if (lb === null && ub === null)
      throw inputError(`expected a number or lb..ub, got '${optimum}'`, { file, line: k + 1 });
    if (lb !== null && ub !== null && lb > ub)
      throw inputError(`the lower end ${lb} of '${optimum}' is above its upper end ${ub}`, { file, line: k + 1 });
    const [bestBound, bestObjective] = sense === 'min' ? [lb, ub] : [ub, lb];
    const value: ReferenceValue = {
      bestObjective,
      bestBound,
      proven: lb !== null && lb === ub,
      method: optimumFileName,
      date: '',
    };
    // Keyed by the file name as written and by the instance name a reader gives it.
    values[problem] = value;
    values[instanceKey(problem)] = value;
  });
  return values;
}

/** An instance name as references key it: without a file extension. */
export function instanceKey(name: string): string {
  return basename(name, extname(name));
}

/** The references of a set folder: its `index.json`, else its `optimum.csv`, else none. */
export function loadReferences(folder: string, sense: 'min' | 'max' = 'min'): ReferenceSet {
  const indexFile = join(folder, indexFileName);
  if (existsSync(indexFile))
    return { folder, source: 'index.json', values: readIndexJson(readTextFile(indexFile), indexFile, sense) };
  const optimumFile = join(folder, optimumFileName);
  if (existsSync(optimumFile))
    return { folder, source: 'optimum.csv', values: readOptimumCsv(readTextFile(optimumFile), optimumFile, sense) };
  return { folder, source: 'none', values: {} };
}

/** The reference of an instance, by its name (names may hold dots, so no extension is guessed). */
export function lookupReference(set: ReferenceSet | undefined, name: string): ReferenceValue | undefined {
  return set && Object.hasOwn(set.values, name) ? set.values[name] : undefined;
}

/** The shared data folder next to the repository (`../shared`): read-only by policy. */
export const sharedDataRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)), '..', 'shared');

function isInside(folder: string, root: string): boolean {
  const path = relative(resolve(root), resolve(folder));
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

/**
 * Why `--update-references` must not write into this folder, or undefined when it may:
 * an `optimum.csv` source, a folder under a protected root (the shared data), or a
 * folder the process cannot write.
 */
export function whyReadOnly(folder: string, protectedRoots: readonly string[] = [sharedDataRoot]): string | undefined {
  if (existsSync(join(folder, optimumFileName)) && !existsSync(join(folder, indexFileName)))
    return `its references come from ${optimumFileName}, which is never rewritten`;
  if (protectedRoots.some((root) => isInside(folder, root))) return 'it is shared data, read-only';
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return 'the folder is not writable';
  }
  return undefined;
}

/** The text of an `index.json`, instances in name order so that diffs stay small. */
export function indexJsonText(index: ReferenceIndex): string {
  const sorted: ReferenceIndex = {};
  for (const name of Object.keys(index).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })))
    sorted[name] = index[name];
  return `${JSON.stringify(sorted, null, 2)}\n`;
}
