/**
 * Instance files: schedlab JSON (`{ "family": ..., "name": ..., "data": ... }`) or a
 * native format a family reads (PSPLIB `.sm`, ...). Every error names the file and,
 * for JSON, the path inside it.
 */
import { basename, extname } from 'node:path';
import { inputError, SchedlabError } from '../errors.js';
import type { AnyFamily } from './contract.js';
import { jsonErrorLine } from './json-position.js';
import { allFamilies, getFamily } from './registry.js';

export interface LoadedInstance {
  family: AnyFamily;
  /** The instance's name: the JSON `name`, else the file name without extension (plus #k when a file holds several). */
  name: string;
  instance: unknown;
}

/** JSON.parse with the line and column of a syntax error. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const line = jsonErrorLine(text);
    throw inputError(`not valid JSON: ${(error as Error).message}`, { file, ...(line === undefined ? {} : { line }) }, error);
  }
}

function located(error: unknown, file: string): unknown {
  return error instanceof SchedlabError && !error.location.file ? error.inFile(file) : error;
}

async function fromJson(text: string, file: string, familyOverride?: string): Promise<LoadedInstance[]> {
  const json = parseJsonText(text, file);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw inputError('expected an object { "family": ..., "name": ..., "data": ... }', { file, path: '(root)' });
  }
  const record = json as Record<string, unknown>;
  const familyId = familyOverride ?? record.family;
  if (typeof familyId !== 'string') throw inputError('missing "family": name the problem family (see `schedlab families`), or pass --family', { file, path: 'family' });
  if (record.data === undefined) throw inputError('missing "data": the instance itself', { file, path: 'data' });
  const family = await getFamily(familyId);
  const name = typeof record.name === 'string' ? record.name : basename(file, extname(file));
  try {
    return [{ family, name, instance: family.parse(record.data) }];
  } catch (error) {
    throw located(error, file);
  }
}

async function readerFor(file: string, familyOverride?: string): Promise<{ family: AnyFamily; read(text: string): unknown[] }> {
  const extension = extname(file).slice(1).toLowerCase();
  const families = familyOverride ? [await getFamily(familyOverride)] : await allFamilies();
  for (const family of families) {
    for (const reader of Object.values(family.readers)) {
      if (reader.extensions.includes(extension)) return { family, read: reader.read };
    }
  }
  const known = families.flatMap((family) => Object.values(family.readers).flatMap((reader) => reader.extensions.map((e) => `.${e} (${family.id})`)));
  throw inputError(`no family reads '.${extension}' files; give a schedlab .json instance, an .mps or .lp model, or one of: ${known.join(', ')}`, { file });
}

/**
 * Read an instance file; a native file may hold several instances.
 *
 * @example
 * ```ts
 * const [{ family, name, instance }] = await readInstanceText(text, 'j301_1.sm');
 * ```
 */
export async function readInstanceText(text: string, file: string, familyOverride?: string): Promise<LoadedInstance[]> {
  if (extname(file).toLowerCase() === '.json') return fromJson(text, file, familyOverride);
  const { family, read } = await readerFor(file, familyOverride);
  let instances: unknown[];
  try {
    instances = read(text);
  } catch (error) {
    throw located(error, file);
  }
  const stem = basename(file, extname(file));
  return instances.map((instance, k) => ({ family, name: instances.length === 1 ? stem : `${stem}#${k + 1}`, instance }));
}

/** The JSON text of an instance file. */
export function instanceFileText(family: AnyFamily, name: string, instance: unknown): string {
  return `${JSON.stringify({ family: family.id, name, data: family.serialize(instance) }, null, 2)}\n`;
}
