/**
 * The GLPK backend: glpk.js (GLPK 5 compiled to WASM), loaded lazily because it is an
 * optional, GPL-licensed peer dependency. The translation lives in `translate.ts`; this
 * file loads the module, runs it (more than once where GLPK's statuses need it) and
 * captures its log.
 */
import { isMip, type CanonicalModel } from '../../canonical/canonical-model.js';
import { SchedlabError } from '../../errors.js';
import {
  resultWithoutSolution,
  type BackendLimits,
  type Capability,
  type SolveOptions,
  type SolveResult,
  type SolverBackend,
} from '../contract.js';
import { emptyModelResult } from '../empty-model.js';
import {
  glpkConstants as K,
  lpResult,
  mipResult,
  toGlpkOptions,
  toGlpkProblem,
  type GlpkRun,
  type LP,
  type Options,
} from './translate.js';

interface GlpkModule {
  solve(
    lp: LP,
    options: Options,
  ): { result: { status: number; vars: Record<string, number>; dual?: Record<string, number> } };
}

let loading: Promise<GlpkModule> | undefined;

/** Where glpk.js's output goes during a solve; undefined means to the console as usual. */
let logSink: ((text: string) => void) | undefined;

/**
 * glpk.js prints through `console.log` / `console.error` bound while its module loads
 * (Emscripten's `out` and `err`). Loading it while these are dispatchers lets a solve
 * route the output to `SolveOptions.log`; outside a solve they forward to the real console.
 */
async function loadWithDispatchers(): Promise<GlpkModule> {
  const { log, error } = console;
  console.log = (...args: unknown[]) => (logSink ? logSink(args.join(' ')) : log.apply(console, args));
  console.error = (...args: unknown[]) => (logSink ? logSink(args.join(' ')) : error.apply(console, args));
  try {
    const module = await import('glpk.js/node');
    return (await module.default()) as GlpkModule;
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** The one glpk.js instance of this process, loaded on first use. */
async function loadGlpk(): Promise<GlpkModule> {
  loading ??= loadWithDispatchers();
  try {
    return await loading;
  } catch (cause) {
    loading = undefined;
    throw new SchedlabError(
      'unavailable',
      'The glpk backend needs the optional package glpk.js (GPL-3.0); install it with `npm install glpk.js`, or use the default highs backend.',
      { cause },
    );
  }
}

/** Run `action` (a synchronous solve) with glpk.js's output sent to `log`, one line a call. */
function withOutputTo<T>(log: ((line: string) => void) | undefined, action: () => T): T {
  if (!log) return action();
  logSink = (text) => text.split('\n').forEach((line) => line.trim() !== '' && log(line));
  try {
    return action();
  } finally {
    logSink = undefined;
  }
}

/** One glpk.js run with a deadline; `timedOut` is judged from the clock (glpk.js hides GLPK's return code). */
function run(glpk: GlpkModule, lp: LP, options: SolveOptions, presolve: boolean, deadline: number): GlpkRun {
  const remainingSec = Number.isFinite(deadline) ? Math.max((deadline - performance.now()) / 1000, 0) : undefined;
  const glpkOptions = toGlpkOptions({ ...options, timeLimitSec: remainingSec }, presolve);
  const { result } = withOutputTo(options.log, () => glpk.solve(lp, glpkOptions));
  // GLPK checks its clock between iterations, so a timed-out run ends at or just after the deadline.
  const timedOut = Number.isFinite(deadline) && performance.now() >= deadline - 5;
  return { status: result.status, vars: result.vars, dual: result.dual, timedOut };
}

function solveLp(
  glpk: GlpkModule,
  model: CanonicalModel,
  options: SolveOptions,
  deadline: number,
  start: number,
): SolveResult {
  // Presolve stays off for LPs: with it GLPK answers UNDEF for an infeasible or unbounded LP
  // and, measured, reports all row duals as 0 when the presolver alone solved the LP.
  const outcome = run(glpk, toGlpkProblem(model), options, false, deadline);
  return lpResult(model, outcome, performance.now() - start);
}

function solveMip(
  glpk: GlpkModule,
  model: CanonicalModel,
  options: SolveOptions,
  deadline: number,
  start: number,
): SolveResult {
  const outcome = run(glpk, toGlpkProblem(model), options, true, deadline);
  const direct = mipResult(model, outcome, performance.now() - start, options.relativeGap);
  if (direct) return direct;
  // UNDEF before the deadline: the relaxation is infeasible or unbounded. Ask the LP relaxation which.
  const relaxation = run(glpk, toGlpkProblem(model, { relaxIntegrality: true }), options, false, deadline);
  const elapsed = () => performance.now() - start;
  if (relaxation.status === K.GLP_NOFEAS)
    return resultWithoutSolution('glpk', 'infeasible', elapsed(), 'NOFEAS (relaxation)');
  if (relaxation.status === K.GLP_UNBND) {
    // With rational data, a feasible MIP whose relaxation is unbounded is unbounded itself (Meyer 1974).
    const feasibility = run(glpk, toGlpkProblem(model, { zeroObjective: true }), options, true, deadline);
    if (feasibility.status === K.GLP_OPT || feasibility.status === K.GLP_FEAS) {
      return resultWithoutSolution('glpk', 'unbounded', elapsed(), 'UNBND (relaxation), integer feasible');
    }
    if (feasibility.status === K.GLP_NOFEAS) return resultWithoutSolution('glpk', 'infeasible', elapsed(), 'NOFEAS');
    return resultWithoutSolution(
      'glpk',
      feasibility.timedOut ? 'timeLimit' : 'infeasibleOrUnbounded',
      elapsed(),
      'UNBND (relaxation)',
    );
  }
  return resultWithoutSolution(
    'glpk',
    relaxation.timedOut ? 'timeLimit' : 'error',
    elapsed(),
    'GLPK left the MIP undefined',
  );
}

const capabilities: ReadonlySet<Capability> = new Set<Capability>([
  'integer',
  'timeLimit',
  'gap',
  'duals',
  'infeasibleVsUnbounded',
  'log',
]);

/**
 * Measured: GLPK 5's branch-and-bound does not prove gt2 (164 general integer columns)
 * optimal within 20 s, where HiGHS and CBC take well under 1 s, and needs 3 to over 10 s
 * for bell5 (28); flugpl (11) takes milliseconds. So it declares a limit on general integers.
 */
const limits: BackendLimits = { maxGeneralIntegerCols: 20 };

/**
 * GLPK through glpk.js. Declares no `warmStart` (glpk.js takes no MIP start), no
 * `dualBound` (glpk.js does not report the best bound of a MIP search) and no
 * `absoluteGap` (GLPK's only gap option, `mipgap`, is relative; `solve` refuses an
 * absolute gap for it rather than ignore it).
 *
 * @example
 * ```ts
 * if (await glpkBackend.isAvailable()) {
 *   const result = await glpkBackend.solve(model, { timeLimitSec: 10 });
 * }
 * ```
 */
export const glpkBackend: SolverBackend = {
  name: 'glpk',
  capabilities,
  limits,
  async isAvailable() {
    try {
      await loadGlpk();
      return true;
    } catch {
      return false;
    }
  },
  async solve(model, options = {}) {
    const start = performance.now();
    const glpk = await loadGlpk();
    // glpk.js aborts its WASM module on a problem without columns (`glp_add_cols: ncs = 0`).
    const empty = emptyModelResult('glpk', model, start);
    if (empty) return empty;
    if (options.warmStart) options.log?.('glpk: the warm start is ignored (glpk.js takes no MIP start)');
    const deadline = options.timeLimitSec === undefined ? Infinity : start + options.timeLimitSec * 1000;
    try {
      return isMip(model)
        ? solveMip(glpk, model, options, deadline, start)
        : solveLp(glpk, model, options, deadline, start);
    } catch (cause) {
      // A WASM abort leaves the module unusable; the next solve loads a fresh one.
      loading = undefined;
      throw new SchedlabError('solver', `glpk failed while solving '${model.name}': ${String(cause)}`, { cause });
    }
  },
};
