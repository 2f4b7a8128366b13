/**
 * The RCPSP MIP (models/rcpsp/formulation.ts) with HiGHS on PSPLIB j30 against the
 * known optima: the share proven optimal within the time limit, objectives checked
 * against optimum.csv, mean and max time. Per instance: a heuristic schedule gives the
 * horizon and the warm start, the MIP runs once, the decoded schedule is checked.
 *
 * `RCPSP_MIP_LIMIT_S` (default 60) is the limit per instance; `RCPSP_MIP_FILES` (default
 * all) a count of files taken evenly spread over the sorted list, so a subset samples
 * every parameter class; `RCPSP_MIP_SET` (default j30) the PSPLIB folder;
 * `RCPSP_MIP_ONLY` a comma-separated list of files (overrides the count);
 * `RCPSP_MIP_METHOD` 'plain' (default: one MIP with horizon = the heuristic's makespan and
 * the warm start) or 'descent' (models/rcpsp/exact.ts: shaving and the MIP for horizon UB - 1);
 * `RCPSP_MIP_SHAVE_MS` (default 0) the shaving budget of the plain MIP;
 * `RCPSP_MIP_HIGHS` native HiGHS options as JSON, over the formulation's own.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from '../src/dsl/compile.js';
import { solve } from '../src/solve/solve.js';
import { formulateRcpsp, rcpspSolverOptions } from '../models/rcpsp/formulation.js';
import { mipDescent } from '../models/rcpsp/exact.js';
import type { RcpspInstance, RcpspSolution } from '../models/rcpsp/instance.js';
import { checkScheduleLocal, heuristicLocal, readSmLocal } from '../test/models/rcpsp/formulation-support.js';

interface Tools {
  read(text: string, name: string): RcpspInstance;
  heuristic(instance: RcpspInstance): RcpspSolution;
  check(instance: RcpspInstance, solution: RcpspSolution): { feasible: boolean; makespan: number };
  source: string;
}

/** A module of the family if it is there yet (they are being written alongside this file). */
async function optional(name: string): Promise<Record<string, unknown> | undefined> {
  const file = resolve('models/rcpsp', `${name}.ts`);
  if (!existsSync(file)) return undefined;
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

async function loadTools(): Promise<Tools> {
  const io = await optional('io');
  const heuristics = await optional('heuristics');
  const evaluate = await optional('evaluate');
  type Read = (text: string) => RcpspInstance | RcpspInstance[];
  type Default = { default(instance: RcpspInstance, context: { rng(): number; deadline: number }): RcpspSolution };
  type Evaluate = (instance: RcpspInstance, solution: RcpspSolution) => { feasible: boolean; objective: number };
  const readSm = io?.readSm as Read | undefined;
  const family = heuristics?.rcpspHeuristics as Default | undefined;
  const evaluateRcpsp = evaluate?.evaluateRcpsp as Evaluate | undefined;
  return {
    read: readSm ? (text, name) => ({ ...[readSm(text)].flat()[0], name }) : readSmLocal,
    heuristic: family
      ? (instance) => family.default(instance, { rng: seeded(1), deadline: Date.now() + 1000 })
      : (instance) => heuristicLocal(instance, 300, seeded(1)),
    check: evaluateRcpsp
      ? (instance, solution) => {
          const evaluation = evaluateRcpsp(instance, solution);
          return { feasible: evaluation.feasible, makespan: evaluation.objective };
        }
      : checkScheduleLocal,
    source: `reader ${readSm ? 'io.ts' : 'local'}, heuristic ${family ? 'heuristics.ts default' : 'local'}, evaluator ${evaluateRcpsp ? 'evaluate.ts' : 'local'}`,
  };
}

function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function pickEvenly<T>(items: T[], count: number): T[] {
  if (count >= items.length) return items;
  return Array.from({ length: count }, (_, k) => items[Math.floor((k * items.length) / count)]);
}

interface Row {
  file: string;
  optimal: boolean;
  correct: boolean;
  seconds: number;
}

async function runOne(tools: Tools, dir: string, file: string, optimum: number, limit: number): Promise<Row> {
  const instance = tools.read(readFileSync(join(dir, file), 'utf8'), file);
  const started = performance.now();
  const schedule = tools.heuristic(instance);
  const heuristicMakespan = tools.check(instance, schedule).makespan;
  if (process.env.RCPSP_MIP_METHOD === 'descent')
    return runDescent(tools, file, instance, schedule, optimum, limit, started);
  const mip = formulateRcpsp(instance, { warmStart: schedule, shaveMs: Number(process.env.RCPSP_MIP_SHAVE_MS ?? 0) });
  const canonical = compile(mip.model);
  const highs = {
    ...rcpspSolverOptions.highs,
    ...(JSON.parse(process.env.RCPSP_MIP_HIGHS ?? '{}') as Record<string, number | string | boolean>),
  };
  const result = await solve(canonical, {
    solver: 'highs',
    timeLimitSec: Math.max(0.1, limit - (performance.now() - started) / 1000),
    warmStart: mip.start,
    solverOptions: { highs },
  });
  const seconds = (performance.now() - started) / 1000;
  const decoded = result.hasSolution ? mip.decode(result.values) : schedule;
  const verdict = tools.check(instance, decoded);
  const optimal = result.termination === 'optimal' || (result.termination === 'infeasible' && mip.windows.empty);
  const correct =
    verdict.feasible &&
    (optimal ? verdict.makespan === optimum : verdict.makespan >= optimum) &&
    (!result.hasSolution || result.objective === verdict.makespan);
  console.log(
    [
      file.padEnd(12),
      `opt ${optimum}`,
      `heur ${heuristicMakespan}`,
      `lb ${mip.windows.endEarliest}`,
      `mip ${verdict.makespan}`,
      `bound ${Number.isFinite(result.bestBound) ? Math.ceil(result.bestBound - 1e-6) : '-'}`,
      result.termination.padEnd(9),
      `${seconds.toFixed(1)}s`,
      `${canonical.numCols}x${canonical.numRows}`,
      correct ? '' : 'WRONG',
    ].join('  '),
  );
  return { file, optimal, correct, seconds };
}

/** The 'descent' method: proven when the answer's makespan is shown optimal, checked against optimum.csv. */
async function runDescent(
  tools: Tools,
  file: string,
  instance: RcpspInstance,
  schedule: RcpspSolution,
  optimum: number,
  limit: number,
  started: number,
): Promise<Row> {
  const heuristicMakespan = tools.check(instance, schedule).makespan;
  const highs = JSON.parse(process.env.RCPSP_MIP_HIGHS ?? '{}') as Record<string, number | string | boolean>;
  const timeLimitSec = Math.max(0.1, limit - (performance.now() - started) / 1000);
  const result = await mipDescent(instance, { incumbent: schedule, timeLimitSec, solverOptions: { highs } });
  const seconds = (performance.now() - started) / 1000;
  const verdict = result.solution ? tools.check(instance, result.solution) : { feasible: false, makespan: Number.NaN };
  const correct =
    verdict.feasible &&
    (result.proven ? verdict.makespan === optimum : verdict.makespan >= optimum) &&
    (result.bound === undefined || result.bound <= optimum);
  console.log(
    [
      file.padEnd(12),
      `opt ${optimum}`,
      `heur ${heuristicMakespan}`,
      `mip ${verdict.makespan}`,
      `bound ${result.bound ?? '-'}`,
      (result.proven ? `proven/${result.provenBy}` : 'open').padEnd(14),
      `${seconds.toFixed(1)}s`,
      result.size ? `${result.size.cols}x${result.size.rows}` : '-',
      correct ? '' : 'WRONG',
    ].join('  '),
  );
  return { file, optimal: result.proven, correct, seconds };
}

/** Runs the benchmark; see the header for the environment variables. */
export async function run(_args: string[]): Promise<void> {
  const set = process.env.RCPSP_MIP_SET ?? 'j30';
  const dir = resolve('../shared/data/psplib', set);
  if (!existsSync(join(dir, 'optimum.csv'))) {
    console.log(`skipped: ${dir}/optimum.csv is absent (PSPLIB ${set} with its optima is needed)`);
    return;
  }
  const optima = new Map(
    readFileSync(join(dir, 'optimum.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [file, value] = line.split(',');
        return [file, Number(value)] as const;
      }),
  );
  const limit = Number(process.env.RCPSP_MIP_LIMIT_S ?? 60);
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.sm') && optima.has(f))
    .sort(naturalOrder);
  const only = process.env.RCPSP_MIP_ONLY?.split(',').map((f) => (f.endsWith('.sm') ? f : `${f}.sm`));
  const files = only
    ? all.filter((f) => only.includes(f))
    : pickEvenly(all, Number(process.env.RCPSP_MIP_FILES ?? all.length));
  const tools = await loadTools();
  console.log(
    `${set}: ${files.length} of ${all.length} files, HiGHS, ${limit} s each, method ${process.env.RCPSP_MIP_METHOD ?? 'plain'}; ${tools.source}`,
  );
  const rows: Row[] = [];
  for (const file of files) rows.push(await runOne(tools, dir, file, optima.get(file)!, limit));
  const proven = rows.filter((r) => r.optimal).length;
  const times = rows.map((r) => r.seconds);
  console.log(
    `proven optimal: ${proven}/${rows.length} (${((100 * proven) / rows.length).toFixed(1)}%) within ${limit} s`,
  );
  console.log(
    `objective vs optimum.csv: ${rows.filter((r) => r.correct).length}/${rows.length} consistent${
      rows.some((r) => !r.correct)
        ? `; WRONG: ${rows
            .filter((r) => !r.correct)
            .map((r) => r.file)
            .join(', ')}`
        : ''
    }`,
  );
  console.log(
    `time incl. heuristic: mean ${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(1)} s, max ${Math.max(...times).toFixed(1)} s`,
  );
  const slow = rows.filter((r) => !r.optimal).map((r) => r.file);
  if (slow.length > 0) console.log(`not proven: ${slow.join(', ')}`);
}
