/**
 * Families by id. Each built-in family is a plugin in `models/<id>/index.ts` exporting
 * `family`, imported on first use; a user's own family is added with `registerFamily`.
 */
import { inputError } from '../errors.js';
import type { AnyFamily } from './contract.js';

const builtins: Record<string, () => Promise<AnyFamily>> = {
  rcpsp: async () => (await import('../../models/rcpsp/index.js')).family,
  pipeline: async () => (await import('../../models/pipeline/index.js')).family,
  'pod-packing': async () => (await import('../../models/pod-packing/index.js')).family,
  'serving-plan': async () => (await import('../../models/serving-plan/index.js')).family,
  'parallel-plan': async () => (await import('../../models/parallel-plan/index.js')).family,
  'sequence-parallel': async () => (await import('../../models/sequence-parallel/index.js')).family,
  'expert-placement': async () => (await import('../../models/expert-placement/index.js')).family,
};

const registered = new Map<string, AnyFamily>();

/** Add (or replace) a family under its id. */
export function registerFamily(family: AnyFamily): void {
  registered.set(family.id, family);
}

/** Ids of every known family. */
export function familyIds(): string[] {
  return [...new Set([...Object.keys(builtins), ...registered.keys()])].sort();
}

/**
 * The family with this id; an input error listing the known ids otherwise.
 *
 * @example
 * ```ts
 * const rcpsp = await getFamily('rcpsp');
 * ```
 */
export async function getFamily(id: string): Promise<AnyFamily> {
  const own = registered.get(id);
  if (own) return own;
  const load = builtins[id];
  if (!load) throw inputError(`unknown family '${id}'; known families: ${familyIds().join(', ')}`);
  return load();
}

/** Every known family, loaded. */
export async function allFamilies(): Promise<AnyFamily[]> {
  return Promise.all(familyIds().map(getFamily));
}
