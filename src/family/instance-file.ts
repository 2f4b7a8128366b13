/**
 * Instance files: schedlab JSON (`{ "family": ..., "name": ..., "data": ... }`) or a
 * native format a family reads (PSPLIB `.sm`, ...). Every error names the file and,
 * for JSON, the path inside it.
 */
import { basename, extname } from 'node:path';
import { inputError, SchedlabError } from '../errors.js';
import type { AnyFamily } from './contract.js';
import { parseJsonText } from '../util/json-text.js';
import { allFamilies, getFamily } from './registry.js';

export interface LoadedInstance {
  family: AnyFamily;
  /** The instance's name: the JSON `name`, else the file name without extension (plus #k when a file holds several). */
  name: string;
  instance: unknown;
}

/** JSON.parse that refuses duplicate keys and numbers out of range, naming the line, column and path. */
export { parseJsonText } from '../util/json-text.js';

function located(error: unknown, file: string): unknown {
  return error instanceof SchedlabError && !error.location.file ? error.inFile(file) : error;
}

type Reader = { family: AnyFamily; read(text: string): unknown[] };

async function candidateFamilies(familyOverride?: string): Promise<AnyFamily[]> {
  return familyOverride ? [await getFamily(familyOverride)] : allFamilies();
}

/** The reader whose extension is the longest ending of the file name (`x.hf.json` → 'hf.json'). */
function readerByEnding(families: AnyFamily[], file: string): Reader | undefined {
  const lower = basename(file).toLowerCase();
  let best: (Reader & { length: number }) | undefined;
  for (const family of families) {
    for (const reader of Object.values(family.readers)) {
      for (const extension of reader.extensions) {
        const matches = lower.endsWith(`.${extension.toLowerCase()}`) && extension.length > (best?.length ?? 0);
        if (matches) best = { family, read: reader.read, length: extension.length };
      }
    }
  }
  return best;
}

/** A family reader that claims a JSON document in its own format (e.g. a Kubernetes List). */
async function readerAccepting(json: unknown, families: AnyFamily[]): Promise<Reader | undefined> {
  for (const family of families) {
    for (const reader of Object.values(family.readers))
      if (reader.accepts?.(json)) return { family, read: reader.read };
  }
  return undefined;
}

function named(reader: Reader, text: string, file: string): LoadedInstance[] {
  let instances: unknown[];
  try {
    instances = reader.read(text);
  } catch (error) {
    throw located(error, file);
  }
  const stem = basename(file).replace(/\.[^.]+$/, '');
  return instances.map((instance, k) => ({
    family: reader.family,
    name: instances.length === 1 ? stem : `${stem}#${k + 1}`,
    instance,
  }));
}

async function fromJson(
  text: string,
  file: string,
  families: AnyFamily[],
  familyOverride?: string,
): Promise<LoadedInstance[]> {
  const json = parseJsonText(text, file);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw inputError('expected an object { "family": ..., "name": ..., "data": ... }', { file, path: '(root)' });
  }
  const record = json as Record<string, unknown>;
  const native =
    record.data === undefined && record.family === undefined ? await readerAccepting(json, families) : undefined;
  if (native) return named(native, text, file);
  const familyId = familyOverride ?? record.family;
  if (typeof familyId !== 'string')
    throw inputError('missing "family": name the problem family (see `schedlab families`), or pass --family', {
      file,
      path: 'family',
    });
  if (record.data === undefined) throw inputError('missing "data": the instance itself', { file, path: 'data' });
  // An unknown family named in the file is the file's fault, at its "family" field.
  const family = await getFamily(familyId).catch((error: unknown) => {
    throw familyOverride === undefined && error instanceof SchedlabError
      ? inputError(error.message, { file, path: 'family' }, error)
      : error;
  });
  const name = typeof record.name === 'string' ? record.name : basename(file, extname(file));
  try {
    return [{ family, name, instance: family.parse(record.data) }];
  } catch (error) {
    throw located(error, file);
  }
}

function noReader(families: AnyFamily[], file: string): never {
  const known = families.flatMap((family) =>
    Object.values(family.readers).flatMap((reader) => reader.extensions.map((e) => `.${e} (${family.id})`)),
  );
  throw inputError(
    `no family reads '${extname(file) || file}' files; give a schedlab .json instance, an .mps or .lp model, or one of: ${known.join(', ')}`,
    { file },
  );
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
  const families = await candidateFamilies(familyOverride);
  const reader = readerByEnding(families, file);
  if (reader) return named(reader, text, file);
  if (extname(file).toLowerCase() === '.json') return fromJson(text, file, families, familyOverride);
  return noReader(families, file);
}

/** The JSON text of an instance file. */
export function instanceFileText(family: AnyFamily, name: string, instance: unknown): string {
  return `${JSON.stringify({ family: family.id, name, data: family.serialize(instance) }, null, 2)}\n`;
}
