/**
 * The HiGHS WASM runtime of this process: loaded lazily and once, and thrown away after
 * a crash. A WASM `RuntimeError` (an `unreachable` trap, an out-of-bounds access) leaves
 * the module's memory in an unknown state, so the next solve must not reuse it.
 *
 * The loader is replaceable (`setHighsModuleLoader`) so that a test can hand in a module
 * that crashes on purpose, and check that the backend recovers, without a real WASM trap.
 */
import type { Highs } from 'highs';
import { SchedlabError } from '../../errors.js';

/** Something that makes a fresh HiGHS runtime; each call must return a new module instance. */
export type HighsModuleLoader = () => Promise<Highs>;

type HighsFactory = (options?: object) => Promise<Highs>;

/**
 * The package's ESM build exports the loader as `default`, but its typings are read as
 * CommonJS under NodeNext, which nests the default one level deeper; accept both.
 */
function highsFactory(module: unknown): HighsFactory {
  const outer = (module as { default: unknown }).default;
  const inner = (outer as { default?: unknown }).default;
  return (typeof outer === 'function' ? outer : inner) as HighsFactory;
}

/** The npm package `highs`, instantiated anew on every call. */
export const packageLoader: HighsModuleLoader = async () => highsFactory(await import('highs'))();

let loader: HighsModuleLoader = packageLoader;
let runtime: Promise<Highs> | undefined;

/**
 * Replace how HiGHS runtimes are made (for tests); without an argument, back to the npm
 * package. The current runtime is dropped either way, so the next solve uses the new loader.
 *
 * @example
 * ```ts
 * setHighsModuleLoader(async () => crashingHighs(await packageLoader()));
 * // ... solves ...
 * setHighsModuleLoader();
 * ```
 */
export function setHighsModuleLoader(next?: HighsModuleLoader): void {
  loader = next ?? packageLoader;
  runtime = undefined;
}

/**
 * The loaded HiGHS WASM runtime (loaded once; reloaded after `discardHighs`).
 *
 * @example
 * ```ts
 * const highs = await loadHighs();
 * ```
 */
export async function loadHighs(): Promise<Highs> {
  if (runtime === undefined) {
    runtime = loader().catch((error: unknown) => {
      runtime = undefined;
      throw new SchedlabError(
        'unavailable',
        'cannot load the HiGHS WASM module (npm package `highs`); run `npm install highs`',
        { cause: error },
      );
    });
  }
  return runtime;
}

/** Forget the current runtime (after a crash); the next `loadHighs` makes a fresh one. */
export function discardHighs(): void {
  runtime = undefined;
}

/** Whether an error is a WASM trap, after which the module must not be used again. */
export function isWasmCrash(error: unknown): boolean {
  // The name check covers WebAssembly.RuntimeError without the DOM/WASM type library in tsconfig.
  return (
    error instanceof Error &&
    (error.name === 'RuntimeError' || /RuntimeError|memory access out of bounds|unreachable/i.test(error.message))
  );
}
