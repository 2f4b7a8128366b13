/**
 * isolated-vm, loaded on first use: it is an optional native dependency, and
 * `import 'schedlab'` must never load a native addon (nor fail where it is missing).
 */
import { SchedlabError } from '../errors.js';

export type IsolatedVm = typeof import('isolated-vm');

let loaded: Promise<IsolatedVm> | undefined;

/**
 * The isolated-vm module, or an 'unavailable' error saying how to install it.
 *
 * @example
 * ```ts
 * const ivm = await loadIsolatedVm();
 * const isolate = new ivm.Isolate({ memoryLimit: 64 });
 * ```
 */
export function loadIsolatedVm(): Promise<IsolatedVm> {
  loaded ??= import('isolated-vm')
    .then((module) => ((module as { default?: IsolatedVm }).default ?? module) as IsolatedVm)
    .catch((cause: unknown) => {
      loaded = undefined;
      throw new SchedlabError(
        'unavailable',
        `the oracle needs the optional dependency isolated-vm (5.0.4 for Node 20), which did not load: ${
          cause instanceof Error ? cause.message.split('\n')[0] : String(cause)
        }. Install it with \`npm install isolated-vm@5.0.4\` (it builds with node-gyp where no prebuilt binary fits).`,
        { cause },
      );
    });
  return loaded;
}
