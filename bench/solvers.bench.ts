/**
 * Solve time of every available backend on the models of ../shared/data/mps, as
 * ratios to HiGHS measured in this one run (each model solved by each backend in
 * turn, best of 3, so machine noise hits all of them alike). Objectives are checked
 * against reference.csv; a wrong answer is printed as WRONG, not timed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CanonicalModel } from '../src/canonical/canonical-model.js';
import { readMps } from '../src/formats/index.js';
import { solveCanonical } from '../src/solve/solve.js';
import type { SolverBackend } from '../src/solvers/contract.js';
import { availableBackends } from '../src/solvers/registry.js';

const dataDir = resolve('../shared/data/mps');

interface Reference {
  status: string;
  objective: number;
}

function references(): Map<string, Reference> {
  const lines = readFileSync(join(dataDir, 'reference.csv'), 'utf8').trim().split('\n').slice(1);
  return new Map(
    lines.map((line) => {
      const [file, , status, objective] = line.split(',');
      return [file, { status, objective: Number(objective) }];
    }),
  );
}

async function timeOne(backend: SolverBackend, model: CanonicalModel, reference: Reference): Promise<string> {
  let best = Infinity;
  for (let repeat = 0; repeat < 3; repeat++) {
    let result: Awaited<ReturnType<typeof solveCanonical>>;
    try {
      result = await solveCanonical(model, { solver: backend, timeLimitSec: 60 });
    } catch (error) {
      return `skip (${(error as Error).message.slice(0, 40)})`;
    }
    if (result.termination === 'timeLimit' || result.termination === 'iterationLimit')
      return `limit (${result.termination})`;
    const right =
      reference.status === 'infeasible'
        ? result.termination === 'infeasible' || result.termination === 'infeasibleOrUnbounded'
        : result.termination === 'optimal' &&
          Math.abs(result.objective - reference.objective) <= 1e-6 * Math.max(1, Math.abs(reference.objective));
    if (!right) return `WRONG (${result.termination} ${result.objective})`;
    best = Math.min(best, result.timeMs);
  }
  return best.toFixed(1);
}

export async function run(): Promise<void> {
  if (!existsSync(dataDir)) return void console.log(`skipped: ${dataDir} is absent`);
  const backends = await availableBackends();
  const refs = references();
  const files = readdirSync(dataDir)
    .filter((file) => file.endsWith('.mps'))
    .sort();
  console.log(`best-of-3 wall ms per model (ratio to highs); backends: ${backends.map((b) => b.name).join(', ')}`);
  console.log(['model'.padEnd(22), ...backends.map((b) => b.name.padStart(18))].join(''));
  const ratios = new Map<string, number[]>(backends.map((b) => [b.name, []]));
  for (const file of files) {
    const reference = refs.get(file);
    if (!reference) continue;
    const model = readMps(readFileSync(join(dataDir, file), 'utf8'), { fileName: file });
    const cells = [];
    for (const backend of backends) cells.push(await timeOne(backend, model, reference));
    const highs = Math.max(Number(cells[0]), 0.1);
    const row = cells.map((cell, k) => {
      const ms = Number(cell);
      if (!Number.isFinite(ms)) return cell.slice(0, 17).padStart(18);
      const ratio = Math.max(ms, 0.1) / highs;
      ratios.get(backends[k].name)!.push(ratio);
      return `${cell} (${ratio.toFixed(2)}x)`.padStart(18);
    });
    console.log([file.padEnd(22), ...row].join(''));
  }
  // Times under 0.1 ms are clock noise; flooring them keeps one 0.0 from zeroing a geometric mean.
  const geomean = (values: number[]) =>
    Math.exp(values.reduce((s, v) => s + Math.log(Math.max(v, 1e-3)), 0) / values.length);
  console.log(
    [
      'geomean ratio'.padEnd(22),
      ...backends.map((b) => `${geomean(ratios.get(b.name)!).toFixed(2)}x`.padStart(18)),
    ].join(''),
  );
  console.log('(geometric mean over the models each backend solved; times floored at 0.1 ms)');
}
