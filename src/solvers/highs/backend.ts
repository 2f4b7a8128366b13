/**
 * The HiGHS backend: highs-js (WASM) through its typed array model API.
 *
 * Traps it absorbs: the WASM module is loaded lazily and only once (`runtime.ts`), but
 * after a WASM `RuntimeError` the module's memory may be corrupt, so the crashed solve is
 * retried once on a fresh module and later solves use that one; every native model is
 * disposed in `finally`; a model without columns, which HiGHS answers "empty", is
 * answered by `emptyModelResult` without HiGHS; status 9 ("infeasible or
 * unbounded"), and an "optimal" MIP whose returned point is not the optimum its bound
 * proves (`optimalPointLost`), by a second solve without presolve; HiGHS calls a MIP
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
import { emptyModelResult } from '../empty-model.js';
import { discardHighs, isWasmCrash, loadHighs } from './runtime.js';
import { retryOptions, statusName, terminationOf, toHighsModelData, toHighsOptions } from './translate.js';

/** Gap under which a MIP counts as proven optimal (HiGHS's own default is 1e-4). */
export const optimalityGap = 1e-6;

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
      throw new SchedlabError(
        'input',
        `HiGHS refuses the option ${name}=${JSON.stringify(value)}: ${(error as Error).message}`,
        { cause: error },
      );
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
      ...(lpDuals
        ? { rowDuals: Float64Array.from(solution.rowDual), reducedCosts: Float64Array.from(solution.colDual) }
        : {}),
      bound: mip ? (infoNumber(model, 'mip_dual_bound') ?? Number.NaN) : Number.NaN,
      ...(mip ? { nodes: infoNumber(model, 'mip_node_count') ?? 0 } : {}),
    };
  } finally {
    disposeQuietly(model);
  }
}

/** Free a native model; after a crash the module may fail here too, and is thrown away anyway. */
function disposeQuietly(model: HighsModel): void {
  try {
    model.dispose();
  } catch {
    // The runtime that owns this model is discarded after a crash; its memory goes with it.
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
  const keepsPoint =
    outcome.hasSolution &&
    termination !== 'unbounded' &&
    termination !== 'infeasible' &&
    termination !== 'infeasibleOrUnbounded';
  if (!keepsPoint) {
    return {
      ...resultWithoutSolution('highs', termination, timeMs, `HiGHS: ${statusName(outcome.status)}`),
      bestBound: bound,
    };
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

/**
 * HiGHS says "optimal" but the point it returns is further from its bound than the gap it
 * was asked for. Seen with HiGHS 1.x after a restart: the optimal point found in the
 * presolved space broke bounds and integrality once mapped back ("untransformed
 * violations"), so an earlier, worse point came back beside the optimum's bound.
 */
function optimalPointLost(canonical: CanonicalModel, outcome: RunOutcome, options: SolveOptions): boolean {
  if (!isMip(canonical) || outcome.status !== 7 || !outcome.hasSolution) return false;
  const asked = options.relativeGap ?? optimalityGap;
  return relativeGap(objectiveValue(canonical, outcome.values), outcome.bound) > asked * (1 + 1e-9);
}

async function solveOnRuntime(canonical: CanonicalModel, options: SolveOptions, started: number): Promise<SolveResult> {
  const highs = await loadHighs();
  let outcome = runOnce(highs, canonical, options, true);
  // Presolve cannot always tell infeasible from unbounded, nor always map its optimum back; the plain search can.
  const again = outcome.status === 9 || optimalPointLost(canonical, outcome, options);
  const retry = again ? retryOptions(options, (performance.now() - started) / 1000) : undefined;
  if (retry) {
    const second = runOnce(highs, canonical, retry, false);
    // A second run that found nothing better (or ran out of time) leaves the first answer standing.
    const better = outcome.status === 9 || second.status === 7 || (second.hasSolution && !outcome.hasSolution);
    if (better) outcome = second;
  }
  return toResult(canonical, outcome, started);
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function failed(started: number, message: string): SolveResult {
  return resultWithoutSolution('highs', 'error', performance.now() - started, message);
}

/**
 * Solve; after a WASM crash, drop the module and try once more on a fresh one, since the
 * crash may come from memory an earlier solve corrupted rather than from this model.
 */
async function solveWithHighs(canonical: CanonicalModel, options: SolveOptions = {}): Promise<SolveResult> {
  const started = performance.now();
  const empty = emptyModelResult('highs', canonical, started);
  if (empty) return empty;
  try {
    return await solveOnRuntime(canonical, options, started);
  } catch (error) {
    if (error instanceof SchedlabError) throw error;
    if (!isWasmCrash(error)) return failed(started, `HiGHS failed: ${describeError(error)}`);
    discardHighs();
    const retry = retryOptions(options, (performance.now() - started) / 1000);
    if (!retry)
      return failed(started, `HiGHS crashed (${describeError(error)}) and no time was left to retry on a fresh module`);
    try {
      return await solveOnRuntime(canonical, retry, started);
    } catch (second) {
      if (second instanceof SchedlabError) throw second;
      if (isWasmCrash(second)) discardHighs();
      return failed(
        started,
        `HiGHS crashed (${describeError(error)}), and again on a fresh module (${describeError(second)}); the model may trigger a HiGHS bug, try --solver glpk or cbc`,
      );
    }
  }
}

const capabilities: ReadonlySet<Capability> = new Set<Capability>([
  'integer',
  'timeLimit',
  'gap',
  'absoluteGap',
  'warmStart',
  'dualBound',
  'duals',
  'infeasibleVsUnbounded',
  'log',
  'nativeOptions',
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
