/**
 * Expand the PATHs of `schedlab bench` into instances. A file is read as given (its
 * errors stop the run); a folder contributes every file some family can read, in
 * name order, its subfolders included, with the reference files (`index.json`,
 * `optimum.csv`), hidden files and JSON files that are not instances left out.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { inputError } from '../errors.js';
import type { AnyFamily } from '../family/contract.js';
import { readInstanceText } from '../family/instance-file.js';
import { familyIds, getFamily } from '../family/registry.js';
import { readTextFile } from '../util/files.js';
import { indexFileName, optimumFileName } from './references.js';
import type { BenchInstance } from './types.js';

export interface CollectOptions {
  /** Read every file as this family (`--family`). */
  family?: string;
}

const byName = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/** Native file extension → the family that reads it (the first family wins, as in `readInstanceText`). */
function nativeExtensions(families: readonly AnyFamily[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const family of families) {
    for (const reader of Object.values(family.readers))
      for (const extension of reader.extensions)
        if (!owners.has(extension.toLowerCase())) owners.set(extension.toLowerCase(), family.id);
  }
  return owners;
}

/**
 * Every family that loads. A built-in family that fails to load (a plugin being
 * written, a broken install) must not stop a bench of other families' files; a file
 * of that family then fails with the loader's own error.
 */
async function loadableFamilies(): Promise<AnyFamily[]> {
  const loaded = await Promise.allSettled(familyIds().map(getFamily));
  return loaded.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

/** True when a JSON text looks like a schedlab instance file, so reports and solutions in a set folder are skipped. */
function looksLikeInstance(text: string): boolean {
  try {
    const json = JSON.parse(text) as unknown;
    return json !== null && typeof json === 'object' && !Array.isArray(json) && 'data' in json;
  } catch {
    return true; // A broken instance file should fail loudly, not vanish.
  }
}

/** Files under `folder` a family can read, sorted by name, subfolders after files. */
function folderFiles(folder: string, extensions: ReadonlyMap<string, string>): string[] {
  const entries = readdirSync(folder, { withFileTypes: true }).filter((entry) => !entry.name.startsWith('.'));
  const files = entries
    .filter((entry) => entry.isFile() && entry.name !== indexFileName && entry.name !== optimumFileName)
    .map((entry) => entry.name)
    .filter((name) => {
      const extension = extname(name).slice(1).toLowerCase();
      return extension === 'json' ? looksLikeInstance(readTextFile(join(folder, name))) : extensions.has(extension);
    })
    .sort(byName)
    .map((name) => join(folder, name));
  const subfolders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort(byName);
  return [...files, ...subfolders.flatMap((name) => folderFiles(join(folder, name), extensions))];
}

async function readFileInstances(
  file: string,
  options: CollectOptions,
  extensions: ReadonlyMap<string, string>,
): Promise<BenchInstance[]> {
  const family = options.family ?? extensions.get(extname(file).slice(1).toLowerCase());
  const loaded = await readInstanceText(readTextFile(file), file, family);
  return loaded.map(({ family, name, instance }) => ({ family, name, instance, file, folder: resolve(dirname(file)) }));
}

/**
 * Every instance under `paths` (files and folders), in order, duplicates of a file
 * dropped. A path with no readable instance is an input error naming it.
 *
 * @example
 * ```ts
 * const instances = await collectInstances(['instances/rcpsp/j30']);
 * ```
 */
export async function collectInstances(
  paths: readonly string[],
  options: CollectOptions = {},
): Promise<BenchInstance[]> {
  if (paths.length === 0) throw inputError('name at least one instance file or folder');
  const families = options.family ? [await getFamily(options.family)] : await loadableFamilies();
  const extensions = nativeExtensions(families);
  const seen = new Set<string>();
  const instances: BenchInstance[] = [];
  for (const path of paths) {
    const files = isFolder(path) ? folderFiles(path, extensions) : [path];
    const fresh = files.filter((file) => !seen.has(resolve(file)));
    for (const file of fresh) seen.add(resolve(file));
    const found: BenchInstance[] = [];
    for (const file of fresh) found.push(...(await readFileInstances(file, options, extensions)));
    // A path named twice is not an error; a path with nothing readable in it is.
    if (found.length === 0 && (files.length === 0 || fresh.length > 0))
      throw inputError(noInstanceMessage(path, extensions), { file: path });
    instances.push(...found);
  }
  return instances;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // readTextFile reports a missing path with its own message.
  }
}

function noInstanceMessage(path: string, extensions: ReadonlyMap<string, string>): string {
  const kinds = ['.json (schedlab instance files)', ...[...extensions].sort().map(([e, id]) => `.${e} (${id})`)].join(
    ', ',
  );
  return `no instance here that a family can read (looked for ${kinds} in '${basename(path) || path}'); pass instance files or a folder of them`;
}
