/**
 * RCPSP heuristics on PSPLIB j30 and j60: deviation from the optimum (j30) or best
 * known upper bound (j60), share optimal, and time per instance. `default` runs with a
 * per-instance wall-clock budget of RCPSP_BUDGET_MS (1000 by default); the plain rules
 * run once. RCPSP_SETS (e.g. `j30`) and RCPSP_LIMIT (instances per set) narrow the run.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateRcpsp } from '../models/rcpsp/evaluate.js';
import { rcpspHeuristics } from '../models/rcpsp/heuristics.js';
import { readSm } from '../models/rcpsp/io.js';
import { seededRandom } from '../src/util/random.js';

const dataRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'psplib');

/** The project's seeded generator, under the name these tests use. */
export const seededRng = seededRandom;

/** The reference values of a set: `problem,optimum` with `lb..ub` for open instances (ub is used). */
export function readReferences(folder: string): Map<string, number> {
  const lines = readFileSync(join(folder, 'optimum.csv'), 'utf8').trim().split('\n').slice(1);
  return new Map(
    lines.map((line) => {
      const [problem, value] = line.split(',');
      return [problem, Number(value.split('..').pop())];
    }),
  );
}

interface Row {
  deviation: number;
  optimal: boolean;
  ms: number;
}

function summarize(set: string, method: string, rows: Row[]): string {
  const mean = rows.reduce((s, r) => s + r.deviation, 0) / rows.length;
  const max = Math.max(...rows.map((r) => r.deviation));
  const optimal = rows.filter((r) => r.optimal).length / rows.length;
  const ms = rows.reduce((s, r) => s + r.ms, 0) / rows.length;
  return `| ${set} | ${method.padEnd(12)} | ${rows.length} | ${(100 * mean).toFixed(2)}% | ${(100 * max).toFixed(2)}% | ${(100 * optimal).toFixed(1)}% | ${ms.toFixed(0)} ms |`;
}

export async function run(_args: string[]): Promise<void> {
  if (!existsSync(dataRoot)) {
    console.log(`skipped: ${dataRoot} is absent`);
    return;
  }
  const budget = Number(process.env.RCPSP_BUDGET_MS ?? 1000);
  const sets = (process.env.RCPSP_SETS ?? 'j30,j60').split(',');
  const limit = Number(process.env.RCPSP_LIMIT ?? Infinity);
  // Every registered heuristic but the GA's own name ('genetic' is what 'default' runs).
  const methods = (
    process.env.RCPSP_METHODS ??
    Object.keys(rcpspHeuristics)
      .filter((name) => name !== 'genetic')
      .join(',')
  ).split(',');
  console.log(`budget ${budget} ms per instance (RCPSP_BUDGET_MS)`);
  console.log('| set | method | instances | mean dev | max dev | optimal | time/instance |');
  console.log('|---|---|---|---|---|---|---|');
  for (const set of sets) {
    const folder = join(dataRoot, set);
    const references = readReferences(folder);
    const files = readdirSync(folder)
      .filter((f) => f.endsWith('.sm'))
      .sort()
      .slice(0, limit);
    const instances = files.map((f) => ({ file: f, instance: readSm(readFileSync(join(folder, f), 'utf8')) }));
    for (const method of methods) {
      const rows: Row[] = [];
      for (const [k, { file, instance }] of instances.entries()) {
        const started = performance.now();
        const solution = rcpspHeuristics[method](instance, { rng: seededRng(k + 1), deadline: Date.now() + budget });
        const ms = performance.now() - started;
        const evaluation = evaluateRcpsp(instance, solution);
        if (!evaluation.feasible)
          throw new Error(`${method} on ${file}: infeasible schedule: ${evaluation.violations[0]?.message}`);
        const reference = references.get(file)!;
        rows.push({
          deviation: (evaluation.objective - reference) / reference,
          optimal: evaluation.objective <= reference,
          ms,
        });
      }
      console.log(summarize(set, method, rows));
    }
  }
}
