/**
 * The HiGHS backend: highs-js (WASM) through its typed array model API.
 *
 * Traps it absorbs: the WASM module is loaded lazily and only once, but after a
 * WASM `RuntimeError` the module's memory may be corrupt, so the next solve loads a
 * fresh one; every native model is disposed in `finally`; status 9 ("infeasible or
 * unbounded") is resolved by a second solve without presolve; HiGHS calls a MIP
 * "optimal" once its gap tolerance is met, which we report as `gapLimit` unless the
 * gap is really closed.
 */
import type { Highs, Model as HighsModel } from 'highs';
import type { CanonicalModel } from '../../canonical/canonical-model.js';
import { isMip } from '../../canonical/canonical-model.js';
import { objectiveValue } from '../../canonical/check.js';
import { SchedlabError } from '../../errors.js';
import type { Capability, SolveOptions, SolveResult, SolverBackend } from '../contract.js';
import { relativeGap, resultWithoutSolution } from '../contract.js';
import { retryOptions, statusName, terminationOf, toHighsModelData, toHighsOptions } from './translate.js';

/** Gap under which a MIP counts as proven optimal (HiGHS's own default is 1e-4). */
export const optimalityGap = 1e-6;

let runtime: Promise<Highs> | undefined;

type HighsLoader = (options?: object) => Promise<Highs>;

/**
 * The package's ESM build exports the loader as `default`, but its typings are read as
 * CommonJS under NodeNext, which nests the default one level deeper; accept both.
 */
function highsLoader(module: unknown): HighsLoader {
  const outer = (module as { default: unknown }).default;
  const inner = (outer as { default?: unknown }).default;
  return (typeof outer === 'function' ? outer : inner) as HighsLoader;
}

/** The loaded HiGHS WASM runtime (loaded once; reloaded after a crash). */
export async function loadHighs(): Promise<Highs> {
  if (runtime === undefined) {
    runtime = import('highs').then((module) => highsLoader(module)()).catch((error: unknown) => {
      runtime = undefined;
      throw new SchedlabError('unavailable', 'cannot load the HiGHS WASM module (npm package `highs`); run `npm install highs`', { cause: error });
    });
  }
  return runtime;
}

function isWasmCrash(error: unknown): boolean {
  return error instanceof Error && (error.name === 'RuntimeError' || /RuntimeError|memory access out of bounds|unreachable/i.test(error.message));
}

interface RunOutcome {
  status: ReturnType<HighsModel['getModelStatus']>;
  hasSolution: boolean;
  values: Float64Array;
  rowDuals?: Float64Array;
  reducedCosts?: Float64Array;
  bound: number;
  nodes?: number;
}

function infoNumber(model: HighsModel, name: string): number | undefined {
  try {
    const value = model.info.get(name);
    return typeof value === 'bigint' ? Number(value) : value;
  } catch {
    return undefined;
  }
}

/** The caller's own HiGHS options; a name or value HiGHS refuses is the caller's input error. */
function applyNativeOptions(model: HighsModel, native: Record<string, number | string | boolean> | undefined): void {
  if (!native) return;
  for (const [name, value] of Object.entries(native)) {
    try {
      model.options.set(name, value);
    } catch (error) {
      throw new SchedlabError('input', `HiGHS refuses the option ${name}=${JSON.stringify(value)}: ${(error as Error).message}`, { cause: error });
    }
  }
}

function runOnce(highs: Highs, canonical: CanonicalModel, options: SolveOptions, presolve: boolean): RunOutcome {
  const model = highs.createModel(toHighsModelData(canonical, highs.constants.objectiveSense));
  try {
    model.options.set({ ...toHighsOptions(options), presolve: presolve ? 'choose' : 'off' });
    const mip = isMip(canonical);
    // HiGHS stops at a 1e-4 relative or 1e-6 absolute gap by default; ours is 1e-6 relative,
    // and the absolute one must not end the search early on objectives near zero.
    if (mip && options.relativeGap === undefined) model.options.set('mip_rel_gap', optimalityGap);
    if (mip && options.absoluteGap === undefined) model.options.set('mip_abs_gap', 1e-9);
    applyNativeOptions(model, options.solverOptions?.highs);
    if (options.warmStart && mip) model.setSolution({ colValue: Float64Array.from(options.warmStart) });
    const log = options.log;
    const result = model.run(log ? { 0: (event) => void log(event.message.replace(/\n$/, '')) } : undefined);
    const hasSolution = infoNumber(model, 'primal_solution_status') === 2;
    const solution = hasSolution ? model.getSolution() : undefined;
    const lpDuals = !mip && solution && infoNumber(model, 'dual_solution_status') === 2;
    return {
      status: result.modelStatus,
      hasSolution,
      values: solution ? Float64Array.from(solution.colValue) : new Float64Array(0),
      ...(lpDuals ? { rowDuals: Float64Array.from(solution.rowDual), reducedCosts: Float64Array.from(solution.colDual) } : {}),
      bound: mip ? infoNumber(model, 'mip_dual_bound') ?? Number.NaN : Number.NaN,
      ...(mip ? { nodes: infoNumber(model, 'mip_node_count') ?? 0 } : {}),
    };
  } finally {
    model.dispose();
  }
}

function toResult(canonical: CanonicalModel, outcome: RunOutcome, started: number): SolveResult {
  const timeMs = performance.now() - started;
  const objective = outcome.hasSolution ? objectiveValue(canonical, outcome.values) : Number.NaN;
  const mip = isMip(canonical);
  const bound = mip ? outcome.bound : outcome.status === 7 ? objective : Number.NaN;
  const gap = relativeGap(objective, bound);
  const termination = terminationOf(outcome.status, mip && outcome.status === 7 && !(gap <= optimalityGap));
  // A point from an unbounded or infeasible solve is no answer; only limits keep incumbents.
  const keepsPoint = outcome.hasSolution && termination !== 'unbounded' && termination !== 'infeasible' && termination !== 'infeasibleOrUnbounded';
  if (!keepsPoint) {
    return { ...resultWithoutSolution('highs', termination, timeMs, `HiGHS: ${statusName(outcome.status)}`), bestBound: bound };
  }
  return {
    solver: 'highs',
    termination,
    hasSolution: outcome.hasSolution,
    objective,
    bestBound: bound,
    gap,
    values: outcome.values,
    ...(outcome.rowDuals ? { rowDuals: outcome.rowDuals, reducedCosts: outcome.reducedCosts } : {}),
    timeMs,
    ...(outcome.nodes === undefined ? {} : { nodes: outcome.nodes }),
    message: `HiGHS: ${statusName(outcome.status)}`,
  };
}

async function solveWithHighs(canonical: CanonicalModel, options: SolveOptions = {}): Promise<SolveResult> {
  const started = performance.now();
  const highs = await loadHighs();
  try {
    let outcome = runOnce(highs, canonical, options, true);
    // Presolve cannot always tell infeasible from unbounded; the plain simplex can.
    const retry = outcome.status === 9 ? retryOptions(options, (performance.now() - started) / 1000) : undefined;
    if (retry) outcome = runOnce(highs, canonical, retry, false);
    return toResult(canonical, outcome, started);
  } catch (error) {
    if (error instanceof SchedlabError) throw error;
    if (isWasmCrash(error)) runtime = undefined;
    const message = error instanceof Error ? error.message : String(error);
    return resultWithoutSolution('highs', 'error', performance.now() - started, `HiGHS failed: ${message}`);
  }
}

const capabilities: ReadonlySet<Capability> = new Set<Capability>([
  'integer', 'timeLimit', 'gap', 'warmStart', 'dualBound', 'duals', 'infeasibleVsUnbounded', 'log', 'nativeOptions',
]);

/**
 * The default backend.
 *
 * @example
 * ```ts
 * const result = await highsBackend.solve(model, { timeLimitSec: 10 });
 * if (result.hasSolution) console.log(result.objective, result.termination);
 * ```
 */
export const highsBackend: SolverBackend = {
  name: 'highs',
  capabilities,
  async isAvailable() {
    try {
      await loadHighs();
      return true;
    } catch {
      return false;
    }
  },
  solve: solveWithHighs,
};
