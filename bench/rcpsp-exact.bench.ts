/**
 * RCPSP's two exact methods side by side on PSPLIB files with known optima: `mip-descent`
 * (shaving, then the time-indexed MIP with HiGHS) and `branch-and-bound` (Demeulemeester-
 * Herroelen, no solver). Both start from the same heuristic schedule, so the comparison is
 * of the proofs alone. Per file: proven or not, time and makespan of each; then the share
 * proven, mean and max time, and the geometric mean of the time ratio on files both prove.
 *
 * `RCPSP_EXACT_SET` (default j30) the PSPLIB folder under ../shared/data/psplib;
 * `RCPSP_EXACT_FILES` (default 24) a count of files spread evenly over the sorted list, so
 * a sample covers every parameter class; `RCPSP_EXACT_ONLY` a comma-separated list of
 * files instead; `RCPSP_EXACT_LIMIT_S` (default 60) the limit per method and file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { branchAndBound } from '../models/rcpsp/branch-and-bound/index.js';
import { evaluateRcpsp } from '../models/rcpsp/evaluate.js';
import { mipDescent } from '../models/rcpsp/exact.js';
import { heuristicStart } from '../models/rcpsp/heuristic-start.js';
import type { RcpspInstance, RcpspSolution } from '../models/rcpsp/instance.js';
import { readSm } from '../models/rcpsp/io.js';

interface Outcome {
  proven: boolean;
  makespan: number;
  seconds: number;
}

async function timed(
  instance: RcpspInstance,
  run: () => Promise<{ solution: RcpspSolution | undefined; proven: boolean }>,
): Promise<Outcome> {
  const started = performance.now();
  const { solution, proven } = await run();
  const seconds = (performance.now() - started) / 1000;
  const evaluation = solution === undefined ? undefined : evaluateRcpsp(instance, solution);
  return { proven, makespan: evaluation?.feasible ? evaluation.objective : Number.NaN, seconds };
}

function summary(name: string, outcomes: Outcome[], limit: number): string {
  const proven = outcomes.filter((o) => o.proven).length;
  const times = outcomes.map((o) => o.seconds);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return `${name.padEnd(17)} proven ${proven}/${outcomes.length} within ${limit} s, mean ${mean.toFixed(2)} s, max ${Math.max(...times).toFixed(2)} s`;
}

export async function run(): Promise<void> {
  const set = process.env.RCPSP_EXACT_SET ?? 'j30';
  const dir = resolve('../shared/data/psplib', set);
  const optimaFile = join(dir, 'optimum.csv');
  if (!existsSync(optimaFile)) {
    console.log(`skipped: ${optimaFile} is absent (PSPLIB ${set} with its optima is needed)`);
    return;
  }
  const optima = new Map(
    readFileSync(optimaFile, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',') as [string, string]),
  );
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.sm'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const only = process.env.RCPSP_EXACT_ONLY?.split(',').map((f) => (f.endsWith('.sm') ? f : `${f}.sm`));
  const count = Math.min(all.length, Number(process.env.RCPSP_EXACT_FILES ?? 24));
  const files = only
    ? all.filter((f) => only.includes(f))
    : Array.from({ length: count }, (_, k) => all[Math.floor((k * all.length) / count)]);
  const limit = Number(process.env.RCPSP_EXACT_LIMIT_S ?? 60);
  console.log(
    `${set}: ${files.length} of ${all.length} files, ${limit} s per method and file, one shared 1 s heuristic start`,
  );
  console.log('file          opt   mip-descent            branch-and-bound');
  const mip: Outcome[] = [];
  const bnb: Outcome[] = [];
  const ratios: number[] = [];
  for (const file of files) {
    const instance = readSm(readFileSync(join(dir, file), 'utf8'), { name: file.replace('.sm', '') });
    const incumbent = heuristicStart(instance, 10);
    const a = await timed(instance, () => mipDescent(instance, { incumbent, timeLimitSec: limit }));
    const b = await timed(instance, () => branchAndBound(instance, { incumbent, timeLimitSec: limit }));
    mip.push(a);
    bnb.push(b);
    if (a.proven && b.proven) ratios.push(a.seconds / Math.max(b.seconds, 1e-3));
    const cell = (o: Outcome) =>
      `${o.proven ? 'proven' : 'open  '} ${String(o.makespan).padStart(4)} ${o.seconds.toFixed(2).padStart(6)} s`;
    const optimum = optima.get(file) ?? '?';
    const wrong = [a, b].some((o) => o.proven && String(o.makespan) !== optimum) ? '  WRONG' : '';
    console.log(`${file.padEnd(12)} ${optimum.padStart(4)}   ${cell(a)}   ${cell(b)}${wrong}`);
  }
  console.log(summary('mip-descent', mip, limit));
  console.log(summary('branch-and-bound', bnb, limit));
  if (ratios.length > 0) {
    const geometric = Math.exp(ratios.reduce((total, r) => total + Math.log(r), 0) / ratios.length);
    console.log(
      `time of mip-descent / branch-and-bound on the ${ratios.length} files both prove: geometric mean ${geometric.toFixed(1)}x`,
    );
  }
}
