/**
 * Backends by name. The built-in backends are imported lazily (each one loads its
 * solver package only inside `solve`), so importing schedlab loads no WASM and no
 * GPL code; a user's own backend is added with `registerBackend`.
 */
import { SchedlabError } from '../errors.js';
import type { SolverBackend } from './contract.js';

const builtins: Record<string, () => Promise<SolverBackend>> = {
  highs: async () => (await import('./highs/index.js')).highsBackend,
  glpk: async () => (await import('./glpk/index.js')).glpkBackend,
  jslp: async () => (await import('./jslp/index.js')).jslpBackend,
  cbc: async () => (await import('./cbc/index.js')).cbcBackend,
};

const registered = new Map<string, SolverBackend>();

/** Add (or replace) a backend under its own name. */
export function registerBackend(backend: SolverBackend): void {
  registered.set(backend.name, backend);
}

/** Names of every known backend, built-in first. */
export function backendNames(): string[] {
  return [...new Set([...Object.keys(builtins), ...registered.keys()])];
}

/**
 * The backend called `name`; throws an input error listing the known names.
 *
 * @example
 * ```ts
 * const glpk = await getBackend('glpk');
 * if (await glpk.isAvailable()) await glpk.solve(model);
 * ```
 */
export async function getBackend(name: string): Promise<SolverBackend> {
  const own = registered.get(name);
  if (own) return own;
  const load = builtins[name];
  if (!load) throw new SchedlabError('input', `unknown solver '${name}'; choose one of: ${backendNames().join(', ')}`);
  return load();
}

/** The backends that can run on this machine now. */
export async function availableBackends(): Promise<SolverBackend[]> {
  const found: SolverBackend[] = [];
  for (const name of backendNames()) {
    try {
      const backend = await getBackend(name);
      if (await backend.isAvailable()) found.push(backend);
    } catch {
      // A backend whose module cannot load is simply not available here.
    }
  }
  return found;
}
