/**
 * The hostile sweep's CLI cases, one command line each, with what a refusal must name.
 * Areas: `instance edges` (every family's numbers replaced by 0, -1, 0.5, 1e9, 1e308, 1e999,
 * NaN text or an empty string, through `heuristic` and `solve`), `flags` (every command's
 * numeric flags at the same edges), and `commands` (what each command does with missing,
 * wrong or empty arguments).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyFamily } from '../../src/family/contract.js';
import { instanceFileText } from '../../src/family/instance-file.js';
import { allFamilies } from '../../src/family/registry.js';

export interface CliCase {
  area: string;
  family?: string;
  label: string;
  argv: string[];
  /** What an exit-2 message must name: the file with a line or a path (or, `bare`, the file alone), or a flag. */
  blame?: { file: string; bare?: boolean } | { flag: string };
  /** A solve/heuristic `--json` answer is checked against the evaluator on this instance. */
  instanceFile?: string;
  /** Seconds an answer may take (the limit plus overhead); a refusal must come within 5 s. */
  answerSec?: number;
}

export const edges = ['0', '-1', '0.5', '1e9', '1e308', '1e999', 'NaN', '""'];

/** A small training step for `estimate train` (the model is given apart). */
export const smallTrainFlags = '--gpu h100 --gpus 8 --tp 1 --pp 1 --seq 2048 --global-batch 8'.split(' ');

/** Seconds given to `--time-limit`, and what an answer may take beyond it (reading, evaluation, a start heuristic). */
export const limitSec = 2;
export const overheadSec = 10;

/** Distinct places of numbers in a document (`data.activities[*].duration`), each with its first concrete path. */
function numberPlaces(node: unknown, path: (string | number)[] = [], seen = new Map<string, (string | number)[]>()) {
  if (typeof node === 'number') {
    const shape = path.map((p) => (typeof p === 'number' ? '*' : p)).join('.');
    if (!seen.has(shape)) seen.set(shape, path);
  } else if (Array.isArray(node)) node.forEach((item, k) => numberPlaces(item, [...path, k], seen));
  else if (node !== null && typeof node === 'object')
    for (const [key, item] of Object.entries(node)) numberPlaces(item, [...path, key], seen);
  return seen;
}

/** The document with the number at `path` written as the raw token (so 1e999 and NaN reach the reader as text). */
function withToken(document: unknown, path: (string | number)[], token: string): string {
  const copy = structuredClone(document) as Record<string | number, unknown>;
  let node = copy;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  node[path[path.length - 1]] = '__EDGE__';
  return JSON.stringify(copy, null, 1).replace('"__EDGE__"', token);
}

/** Up to `count` places spread over the list (not only the first fields). */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, k) => items[Math.floor((k * items.length) / count)]);
}

function instanceEdgeCases(family: AnyFamily, dir: string, places: number): CliCase[] {
  const document = JSON.parse(instanceFileText(family, `${family.id}-edges`, family.generate({ size: 'small' }, 1)));
  const cases: CliCase[] = [];
  for (const path of spread([...numberPlaces(document.data, ['data']).values()], places)) {
    for (const token of edges) {
      const file = join(dir, `${family.id}-${path.join('.')}-${token.replace(/\W/g, '_')}.json`);
      writeFileSync(file, withToken(document, path, token));
      const where = `${path.join('.')} = ${token}`;
      const common = { area: 'instance edges', family: family.id, blame: { file }, instanceFile: file };
      const limit = ['--json', '--time-limit', String(limitSec)];
      const answerSec = limitSec + overheadSec;
      cases.push({ ...common, label: `heuristic, ${where}`, argv: ['heuristic', file, ...limit], answerSec });
      if (['0', '1e9', '1e308'].includes(token))
        cases.push({ ...common, label: `solve, ${where}`, argv: ['solve', file, ...limit], answerSec });
    }
  }
  return cases;
}

/** Every family's instance edges. */
export async function allInstanceEdgeCases(dir: string, places = 6): Promise<CliCase[]> {
  const folder = join(dir, 'edges');
  mkdirSync(folder, { recursive: true });
  return (await allFamilies()).flatMap((family) => instanceEdgeCases(family, folder, places));
}
