/**
 * The native CBC backend: writes the model as MPS to a temporary directory, runs the
 * `cbc` executable (Debian package `coinor-cbc`) as a child process with a kill timer
 * beyond the time limit, and reads its solution file. The translation is in
 * `translate.ts`; this file does the files and the process.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { isMip, type CanonicalModel } from '../../canonical/canonical-model.js';
import { SchedlabError } from '../../errors.js';
import { emptyModelResult } from '../empty-model.js';
import {
  resultWithoutSolution,
  type Capability,
  type SolveOptions,
  type SolveResult,
  type SolverBackend,
} from '../contract.js';
import {
  cbcArguments,
  cbcMpsText,
  cbcResult,
  cbcStartText,
  parseCbcSavedSolution,
  parseCbcSolution,
  type CbcSolution,
} from './translate.js';

const installHint = 'install CBC with `apt-get install coinor-cbc` (or your package manager), so that `cbc` is on PATH';

/** The path of an executable on PATH, or undefined. */
async function findOnPath(name: string): Promise<string | undefined> {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory; try the next one.
    }
  }
  return undefined;
}

/** How to start CBC: the executable, and `stdbuf` (coreutils) when there is one. */
interface CbcCommand {
  executable: string;
  stdbuf: string | undefined;
}

async function findCbc(): Promise<CbcCommand | undefined> {
  const executable = await findOnPath('cbc');
  return executable === undefined ? undefined : { executable, stdbuf: await findOnPath('stdbuf') };
}

/**
 * Run CBC; resolves with its whole stdout once it exits or is killed `killAfterMs` in.
 * Under `stdbuf -oL` its output is flushed line by line: when CBC 2.10.8 crashes after
 * proving a MIP infeasible by bound tightening (see `cbcResult`), a pipe's buffer would
 * lose the log line that carries the verdict.
 */
function runCbc(
  command: CbcCommand,
  args: string[],
  killAfterMs: number,
  log: ((line: string) => void) | undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const [file, argv] = command.stdbuf
      ? [command.stdbuf, ['-oL', command.executable, ...args]]
      : [command.executable, args];
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let partial = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!log) return;
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) log(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = Number.isFinite(killAfterMs) ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : undefined;
    child.once('error', (cause) => {
      clearTimeout(timer);
      reject(new SchedlabError('unavailable', `could not start cbc: ${cause.message}; ${installHint}`, { cause }));
    });
    child.once('close', () => {
      clearTimeout(timer);
      if (log && partial !== '') log(partial);
      resolve(output);
    });
  });
}

/** CBC stops itself at `-sec`; the kill timer is only for a CBC that hangs. */
function killAfterMs(timeLimitSec: number | undefined): number {
  return timeLimitSec === undefined ? Infinity : timeLimitSec * 1000 * 1.5 + 5000;
}

async function solveOnce(
  command: CbcCommand,
  model: CanonicalModel,
  options: SolveOptions,
  start: number,
): Promise<{ result: SolveResult; log: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'schedlab-cbc-'));
  try {
    const files = {
      model: join(directory, 'model.mps'),
      solution: join(directory, 'solution.txt'),
      saved: join(directory, 'solution.bin'),
      start: undefined as string | undefined,
    };
    await writeFile(files.model, cbcMpsText(model));
    if (options.warmStart && isMip(model)) {
      files.start = join(directory, 'start.txt');
      await writeFile(files.start, cbcStartText(model, options.warmStart));
    }
    const log = await runCbc(command, cbcArguments(files, options), killAfterMs(options.timeLimitSec), options.log);
    const text = await readFile(files.solution, 'utf8').catch(() => undefined);
    const saved = await readFile(files.saved).catch(() => undefined);
    const solution = text === undefined ? undefined : withFullPrecision(parseCbcSolution(text, model.numRows), saved);
    const gapOption = options.relativeGap !== undefined || options.absoluteGap !== undefined;
    return {
      result: cbcResult(model, { solution, log, gapOption, isMip: isMip(model) }, performance.now() - start),
      log,
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** The text solution with its 8-digit numbers replaced by the binary file's doubles, when that file fits. */
function withFullPrecision(solution: CbcSolution, saved: Buffer | undefined): CbcSolution {
  const precise = saved === undefined ? undefined : parseCbcSavedSolution(saved);
  if (
    !precise ||
    precise.colValues.length !== solution.colValues.length ||
    precise.rowValues.length !== solution.rowValues.length
  ) {
    return solution;
  }
  return { ...solution, ...precise };
}

/** The same model without an objective: is it feasible at all? */
function feasibilityModel(model: CanonicalModel): CanonicalModel {
  return {
    ...model,
    colCost: new Float64Array(model.numCols),
    objectiveConstant: 0,
    colName: model.colName,
    rowName: model.rowName,
  };
}

async function solve(model: CanonicalModel, options: SolveOptions = {}): Promise<SolveResult> {
  const start = performance.now();
  const empty = emptyModelResult('cbc', model, start);
  if (empty) return empty;
  const command = await findCbc();
  if (!command) throw new SchedlabError('unavailable', `the cbc backend needs the CBC executable: ${installHint}`);
  const remaining = () =>
    options.timeLimitSec === undefined
      ? undefined
      : Math.max(options.timeLimitSec - (performance.now() - start) / 1000, 0.1);
  const { result } = await solveOnce(command, model, options, start);
  if (result.termination !== 'infeasibleOrUnbounded') return result;
  // CBC's "Unbounded" means a dual-infeasible relaxation; a feasible point makes it a proof of
  // unboundedness.
  const { result: feasibility } = await solveOnce(
    command,
    feasibilityModel(model),
    { timeLimitSec: remaining(), log: options.log },
    start,
  );
  const elapsed = performance.now() - start;
  if (feasibility.hasSolution) return resultWithoutSolution('cbc', 'unbounded', elapsed, 'Unbounded (and feasible)');
  if (feasibility.termination === 'infeasible')
    return resultWithoutSolution('cbc', 'infeasible', elapsed, feasibility.message);
  return { ...result, timeMs: elapsed };
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
]);

/**
 * CBC as a native executable. Unavailable (and its tests skipped) when `cbc` is not on PATH.
 *
 * @example
 * ```ts
 * if (await cbcBackend.isAvailable()) {
 *   const result = await cbcBackend.solve(model, { timeLimitSec: 30, relativeGap: 1e-4 });
 * }
 * ```
 */
export const cbcBackend: SolverBackend = {
  name: 'cbc',
  capabilities,
  async isAvailable() {
    return (await findCbc()) !== undefined;
  },
  solve,
};
