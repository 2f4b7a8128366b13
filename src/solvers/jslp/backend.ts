/**
 * The javascript-lp-solver backend. The solver is pure JavaScript and synchronous, and
 * its own `timeout` is checked only between branch-and-cut nodes: measured, a 3 x 20
 * market-split MIP with `timeout: 500` ran on for minutes. So each solve runs in a
 * worker thread that is terminated at the deadline, which makes the time limit hold and
 * keeps the caller's event loop free. The translation lives in `translate.ts`.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CanonicalModel } from '../../canonical/canonical-model.js';
import { SchedlabError } from '../../errors.js';
import type { BackendLimits, Capability, SolveOptions, SolveResult, SolverBackend } from '../contract.js';
import { emptyModelResult } from '../empty-model.js';
import { jslpResult, toJslpModel, type JslpAnswer, type JslpModel, type JslpRun } from './translate.js';

/** Worker code: CommonJS, so it runs as given without a TypeScript step. */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const solver = require(workerData.modulePath);
const answer = (solver.default ?? solver).Solve(workerData.model);
parentPort.postMessage(answer);
`;

let modulePath: string | undefined;

/** The absolute path of javascript-lp-solver's CommonJS entry, resolved from this file. */
function resolveSolver(): string {
  try {
    modulePath ??= createRequire(import.meta.url).resolve('javascript-lp-solver');
    return modulePath;
  } catch (cause) {
    throw new SchedlabError(
      'unavailable',
      'The jslp backend needs the optional package javascript-lp-solver; install it with `npm install javascript-lp-solver`, or use the default highs backend.',
      { cause },
    );
  }
}

/** Time the worker gets beyond the limit to hand back the incumbent that the solver's own timeout produces. */
function graceMs(limitMs: number): number {
  return Math.min(1000, Math.max(200, limitMs / 4));
}

/** Run the solver in a worker; resolves with no answer when the deadline (plus grace) passes first. */
function runInWorker(jslp: JslpModel, limitMs: number | undefined): Promise<JslpAnswer | undefined> {
  const worker = new Worker(workerSource, { eval: true, workerData: { modulePath: resolveSolver(), model: jslp } });
  return new Promise((resolve, reject) => {
    const timer =
      limitMs === undefined
        ? undefined
        : setTimeout(() => void worker.terminate().then(() => resolve(undefined)), limitMs + graceMs(limitMs));
    const finish = () => timer !== undefined && clearTimeout(timer);
    worker.once('message', (answer: JslpAnswer) => {
      finish();
      void worker.terminate();
      resolve(answer);
    });
    worker.once('error', (cause) => {
      finish();
      reject(new SchedlabError('solver', `javascript-lp-solver failed: ${cause.message}`, { cause }));
    });
  });
}

async function solve(model: CanonicalModel, options: SolveOptions = {}): Promise<SolveResult> {
  const start = performance.now();
  resolveSolver();
  const empty = emptyModelResult('jslp', model, start);
  if (empty) return empty;
  const limitMs = options.timeLimitSec === undefined ? undefined : options.timeLimitSec * 1000;
  if (options.warmStart) options.log?.('jslp: the warm start is ignored (javascript-lp-solver takes no MIP start)');
  const { jslp, mapping } = toJslpModel(model, limitMs);
  if (mapping.infeasible)
    return jslpResult(model, mapping, { answer: undefined, timedOut: false }, performance.now() - start);
  const answer = await runInWorker(jslp, limitMs);
  // The solver's own timeout ends branch-and-cut without saying so; the clock tells.
  const timedOut = limitMs !== undefined && performance.now() - start >= limitMs - 5;
  const run: JslpRun = { answer, timedOut };
  return jslpResult(model, mapping, run, performance.now() - start);
}

const capabilities: ReadonlySet<Capability> = new Set<Capability>(['integer', 'timeLimit']);

/**
 * Measured on this machine (2 cores) on the shared MPS set: LPs up to adlittle (56 rows,
 * 97 columns) solve in well under a second; the MIPs egout (98 x 141) and bell5 (91 x 104)
 * find no solution within 20 s. Its best-first branch-and-cut dives poorly: it finds no
 * integer point of lseu (89 binaries) within 20 s, nor of a 4 x 30 market split (30
 * binaries, every 0/1 point feasible) within 0.5 s, so beyond 24 integer columns it is
 * not trusted to find one at all. `solve` refuses larger models (use highs).
 */
const limits: BackendLimits = { maxRows: 80, maxCols: 120, maxNonzeros: 1000, maxIntegerCols: 24 };

/**
 * javascript-lp-solver (pure JavaScript, Unlicense), for small models where no WASM may
 * be loaded. Declares `integer` and `timeLimit` only: it reports no bound, no duals and
 * no log, takes no MIP start, has no usable gap option (its `tolerance` is relative to
 * the root bound and misbehaves for negative objectives), and for a MIP cannot tell an
 * unbounded relaxation from an infeasible problem.
 *
 * @example
 * ```ts
 * const result = await jslpBackend.solve(model, { timeLimitSec: 5 });
 * if (result.hasSolution) console.log(result.objective);
 * ```
 */
export const jslpBackend: SolverBackend = {
  name: 'jslp',
  capabilities,
  limits,
  async isAvailable() {
    try {
      resolveSolver();
      return true;
    } catch {
      return false;
    }
  },
  solve,
};
