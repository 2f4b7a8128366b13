/**
 * What `score` runs on: instance files and folders (read as `schedlab bench` reads
 * them, with the references of each set folder's `index.json` or `optimum.csv`), or
 * instances given in memory. Each becomes its family's instance JSON text, which is what
 * the candidate receives and what the cache key holds.
 */
import { fileURLToPath } from 'node:url';
import { collectInstances } from '../bench/collect.js';
import { loadReferences, lookupReference, type ReferenceSet } from '../bench/references.js';
import { inputError } from '../errors.js';
import type { AnyFamily } from '../family/contract.js';
import type { ScoreInstance } from './types.js';

/** An instance given in memory: the family's parsed instance (what `family.parse` returns), with an optional reference. */
export interface InstanceInput {
  name: string;
  instance: unknown;
  reference?: { value: number | null; proven: boolean };
}

/** The default instances of a family: its bundled sets under `instances/<family>/` (from src/ under tsx, from dist/src/ once built). */
export function bundledInstances(family: AnyFamily): string {
  const up = import.meta.url.endsWith('.js') ? '../../../' : '../../';
  return fileURLToPath(new URL(`${up}instances/${family.id}`, import.meta.url));
}

async function fromPaths(family: AnyFamily, paths: string[]): Promise<ScoreInstance[]> {
  const found = await collectInstances(paths, { family: family.id });
  const sets = new Map<string, ReferenceSet>();
  return found.map((item) => {
    if (!sets.has(item.folder)) sets.set(item.folder, loadReferences(item.folder, family.sense));
    const reference = lookupReference(sets.get(item.folder), item.name);
    return {
      name: item.name,
      dataText: JSON.stringify(family.serialize(item.instance)),
      ...(reference ? { reference: { value: reference.bestObjective, proven: reference.proven } } : {}),
    };
  });
}

function fromMemory(family: AnyFamily, input: InstanceInput): ScoreInstance {
  return {
    name: input.name,
    dataText: JSON.stringify(family.serialize(input.instance)),
    ...(input.reference ? { reference: input.reference } : {}),
  };
}

/**
 * Every instance, in order: paths are expanded (folders in name order), in-memory ones kept as given.
 *
 * @example
 * ```ts
 * const instances = await resolveInstances(family, ['instances/rcpsp/psplib-like']);
 * ```
 */
export async function resolveInstances(
  family: AnyFamily,
  inputs: readonly (string | InstanceInput)[],
): Promise<ScoreInstance[]> {
  if (inputs.length === 0) throw inputError('name at least one instance file or folder to score on');
  const resolved: ScoreInstance[] = [];
  for (const input of inputs) {
    if (typeof input === 'string') resolved.push(...(await fromPaths(family, [input])));
    else resolved.push(fromMemory(family, input));
  }
  return resolved;
}
