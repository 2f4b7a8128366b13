/**
 * The benchmark harness: every method on every instance, one run at a time (runs
 * share the machine, so running them side by side would skew the times), each with
 * the same time limit. A method that throws on one instance becomes an 'error' row
 * and the run goes on.
 */
import { inputError } from '../errors.js';
import type { AnyFamily } from '../family/contract.js';
import { resolveMethod, runMethod } from '../family/methods.js';
import { jsonNumber } from '../util/json.js';
import { lookupReference, type ReferenceSet } from './references.js';
import type { BenchInstance, BenchMethod, BenchRow } from './types.js';

/**
 * Parse a `--methods` list against the families that will run it: `mip` is the MIP with
 * `defaultSolver`, `mip/glpk` names the backend, and any other name must be a heuristic
 * or an exact method of every family (`heuristic/NAME`, `exact/NAME` when it is both);
 * else an input error lists the methods.
 *
 * @example
 * ```ts
 * parseMethods('default,mip/glpk,mip-descent', [rcpsp]); // heuristic 'default', MIP on glpk, exact 'mip-descent'
 * ```
 */
export function parseMethods(list: string, families: readonly AnyFamily[], defaultSolver = 'highs'): BenchMethod[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0)
    throw inputError(`--methods expects a comma-separated list such as default,mip; got '${list}'`);
  const methods = new Map<string, BenchMethod>();
  for (const name of names) {
    const method = resolveMethod(name, families, defaultSolver);
    if (!methods.has(method.label)) methods.set(method.label, method);
  }
  return [...methods.values()];
}

export interface HarnessOptions {
  /** Per-run limit: the heuristic's budget, the MIP's time limit. */
  timeLimitSec: number;
  seed: number;
  /**
   * Keep each run's solution (serialized by its family) and instance file in its row, for
   * `schedlab report` to draw schedules. Runs on workers (`runPairs`) bring back no solution.
   */
  keepSolutions?: boolean;
  /** References by set folder (absolute), from `loadReferences`. */
  references?: ReadonlyMap<string, ReferenceSet>;
  /** Called after every run with the row and the counts. */
  onRun?(row: BenchRow, done: number, total: number): void;
  /**
   * Runs the pairs somewhere else (BullMQ workers: `src/distributed`) and returns their rows in
   * the pairs' order, calling `onRun` as each arrives; default: here, one at a time.
   */
  runPairs?(pairs: readonly BenchPair[], options: HarnessOptions): Promise<BenchRow[]>;
}

/** One method on one instance: a run of the bench. */
export interface BenchPair {
  item: BenchInstance;
  method: BenchMethod;
}

function baseRow(item: BenchInstance, method: BenchMethod, options: HarnessOptions): BenchRow {
  const reference = lookupReference(options.references?.get(item.folder), item.name);
  const known = reference?.bestObjective ?? null;
  return {
    family: item.family.id,
    instance: item.name,
    folder: item.folder,
    method: method.label,
    status: 'error',
    objective: null,
    bound: null,
    feasible: false,
    proven: false,
    provenInfeasible: false,
    timeMs: 0,
    reference: known,
    referenceProven: known !== null && reference?.proven === true,
    referenceSource:
      known === null ? null : (options.references?.get(item.folder)?.source as 'index.json' | 'optimum.csv'),
    deviation: null,
    violations: 0,
  };
}

/** Run one method on one instance; a throw becomes an 'error' row with its message. */
export async function benchRun(item: BenchInstance, method: BenchMethod, options: HarnessOptions): Promise<BenchRow> {
  const row = baseRow(item, method, options);
  const started = performance.now();
  try {
    const result = await runMethod(item.family, item.instance, method, {
      timeLimitSec: options.timeLimitSec,
      seed: options.seed,
    });
    row.status = result.status;
    row.objective = jsonNumber(result.objective);
    row.bound = jsonNumber(result.bound);
    row.feasible = result.evaluation.feasible;
    row.proven = result.proven;
    row.provenInfeasible = result.provenInfeasible;
    row.timeMs = result.timeMs;
    row.violations = result.evaluation.violations.length;
    if (result.message) row.message = result.message;
    if (options.keepSolutions && result.solution !== undefined)
      row.solution = item.family.serializeSolution(item.instance, result.solution);
  } catch (error) {
    row.timeMs = performance.now() - started;
    row.message = error instanceof Error ? error.message : String(error);
  }
  row.deviation = deviationOf(item.family.sense, row);
  return row;
}

/** The relative distance of a feasible row's objective from its reference; negative when it is better. */
export function deviationOf(
  sense: 'min' | 'max',
  row: Pick<BenchRow, 'feasible' | 'objective' | 'reference'>,
): number | null {
  if (!row.feasible || row.objective === null || row.reference === null) return null;
  const difference = sense === 'min' ? row.objective - row.reference : row.reference - row.objective;
  if (Math.abs(difference) <= 1e-9 * Math.max(1, Math.abs(row.reference))) return 0;
  return row.reference === 0 ? null : difference / Math.abs(row.reference);
}

/**
 * Instances without a stored reference get the best feasible objective this run found,
 * so that every method is still measured against the best known value.
 */
function fillRunReferences(rows: BenchRow[], sense: (row: BenchRow) => 'min' | 'max'): void {
  const best = new Map<string, number>();
  for (const row of rows) {
    if (row.referenceSource !== null || !row.feasible || row.objective === null) continue;
    const key = `${row.folder}\u0000${row.instance}`;
    const current = best.get(key);
    const better = current === undefined || (sense(row) === 'min' ? row.objective < current : row.objective > current);
    if (better) best.set(key, row.objective);
  }
  for (const row of rows) {
    const value = best.get(`${row.folder}\u0000${row.instance}`);
    if (row.referenceSource !== null || value === undefined) continue;
    row.reference = value;
    row.referenceSource = 'run';
    row.deviation = deviationOf(sense(row), row);
  }
}

async function runHere(pairs: readonly BenchPair[], options: HarnessOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const { item, method } of pairs) {
    const row = await benchRun(item, method, options);
    rows.push(row);
    options.onRun?.(row, rows.length, pairs.length);
  }
  return rows;
}

/**
 * Every method on every instance, sequentially; rows in instance order, methods
 * within an instance in the order given.
 *
 * @example
 * ```ts
 * const rows = await runBench(instances, parseMethods('default,mip', [family]), { timeLimitSec: 10, seed: 1 });
 * ```
 */
export async function runBench(
  instances: readonly BenchInstance[],
  methods: readonly BenchMethod[],
  options: HarnessOptions,
): Promise<BenchRow[]> {
  const pairs = instances.flatMap((item) => methods.map((method) => ({ item, method })));
  const senses = new Map(instances.map((item) => [item.family.id, item.family.sense]));
  const rows = options.runPairs ? await options.runPairs(pairs, options) : await runHere(pairs, options);
  if (options.keepSolutions) for (const [k, row] of rows.entries()) row.file = pairs[k].item.file;
  fillRunReferences(rows, (row) => senses.get(row.family) ?? 'min');
  return rows;
}
