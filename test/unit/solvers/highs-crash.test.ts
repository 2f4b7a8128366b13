/**
 * HiGHS crash handling, through the module-loader seam of `runtime.ts`: a module whose
 * `run` throws a WebAssembly.RuntimeError stands in for a real WASM trap.
 */
import type { Highs, Model as HighsModel } from 'highs';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalModel } from '../../../src/canonical/build.js';
import { highsBackend, packageLoader, setHighsModuleLoader } from '../../../src/solvers/highs/index.js';

// min x + y  s.t.  x + 2y >= 2, x, y in [0, 10]  ->  y = 1, objective 1.
const model = canonicalModel({
  colCost: [1, 1],
  colLower: [0, 0],
  colUpper: [10, 10],
  rowLower: [2],
  rowUpper: [Infinity],
  rowStart: [0, 2],
  colIndex: [0, 1],
  value: [1, 2],
});

/** Forward to the real object, with methods bound to it (highs-js objects are not proxy-friendly `this`). */
function forward<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, key) {
      if (key in overrides) return overrides[key as keyof T];
      const value = Reflect.get(object, key) as unknown;
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

/** A loader whose first `crashingLoads` modules trap in every `run`; counts loads and disposals. */
function crashingLoader(crashingLoads: number) {
  const counts = { loads: 0, disposed: 0, crashes: 0 };
  const loader = async (): Promise<Highs> => {
    counts.loads += 1;
    const crashes = counts.loads <= crashingLoads;
    const highs = await packageLoader();
    const wrapModel = (inner: HighsModel): HighsModel =>
      forward(inner, {
        run: ((...args: Parameters<HighsModel['run']>) => {
          if (!crashes) return inner.run(...args);
          counts.crashes += 1;
          throw new RuntimeError('unreachable');
        }) as HighsModel['run'],
        dispose: () => {
          counts.disposed += 1;
          inner.dispose();
        },
      });
    return forward(highs, { createModel: ((data) => wrapModel(highs.createModel(data))) as Highs['createModel'] });
  };
  return { loader, counts };
}

/** The error class of a real WASM trap (typed through globalThis: tsconfig has no WebAssembly lib). */
const RuntimeError = (globalThis as unknown as { WebAssembly: { RuntimeError: new (message: string) => Error } })
  .WebAssembly.RuntimeError;

afterEach(() => setHighsModuleLoader());

describe('highs after a WASM crash', () => {
  it('retries a crashed solve once on a fresh module, and disposes both models', async () => {
    const { loader, counts } = crashingLoader(1);
    setHighsModuleLoader(loader);
    const result = await highsBackend.solve(model);
    expect(result).toMatchObject({ termination: 'optimal', hasSolution: true, objective: 1 });
    expect(counts).toEqual({ loads: 2, disposed: 2, crashes: 1 });
  });

  it('reports error with a clear message when the fresh module crashes too, then recovers on the next solve', async () => {
    const { loader, counts } = crashingLoader(2);
    setHighsModuleLoader(loader);
    const failed = await highsBackend.solve(model);
    expect(failed).toMatchObject({ termination: 'error', hasSolution: false });
    expect(failed.message).toMatch(/HiGHS crashed \(RuntimeError: unreachable\), and again on a fresh module/);
    expect(counts).toEqual({ loads: 2, disposed: 2, crashes: 2 });

    const next = await highsBackend.solve(model);
    expect(next).toMatchObject({ termination: 'optimal', objective: 1 });
    expect(counts).toEqual({ loads: 3, disposed: 3, crashes: 2 });
    // The healthy module is kept: another solve loads nothing new.
    await highsBackend.solve(model);
    expect(counts.loads).toBe(3);
    expect(counts.disposed).toBe(4);
  });

  it('does not retry an error that is no crash', async () => {
    const counts = { loads: 0 };
    setHighsModuleLoader(async () => {
      counts.loads += 1;
      const highs = await packageLoader();
      return forward(highs, {
        createModel: (() => {
          throw new TypeError('bad model data');
        }) as Highs['createModel'],
      });
    });
    const result = await highsBackend.solve(model);
    expect(result.termination).toBe('error');
    expect(result.message).toContain('HiGHS failed: TypeError: bad model data');
    expect(counts.loads).toBe(1);
  });
});
