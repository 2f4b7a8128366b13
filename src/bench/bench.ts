/**
 * The whole benchmark as one call, for the CLI and for library users: collect the
 * instances, run every method on each, compare with the references, and optionally
 * fold the results back into each set's `index.json`.
 */
import { collectInstances } from './collect.js';
import { parseMethods, runBench, type HarnessOptions } from './harness.js';
import { loadReferences, type ReferenceSet } from './references.js';
import { summarize } from './summary.js';
import type { BenchInstance, BenchReport, BenchRow, ReferenceUpdate } from './types.js';
import { updateReferenceSet, type UpdateOptions } from './update.js';

export interface BenchOptions {
  /** Comma-separated: heuristic and exact method names (`heuristic/NAME`, `exact/NAME` when both), `mip`, `mip/SOLVER`. Default `default,mip`. */
  methods?: string;
  /** Per-run time limit in seconds; default 10. */
  timeLimitSec?: number;
  seed?: number;
  /** Read every file as this family. */
  family?: string;
  /** Backend of a plain `mip`; default highs. */
  solver?: string;
  /** Keep each run's solution and instance file in its row (`BenchRow.solution`, `file`), for `schedlab report`. */
  keepSolutions?: boolean;
  /** Fold the results into each set folder's `index.json`. */
  updateReferences?: boolean | UpdateOptions;
  onStart?(total: number): void;
  onRun?(row: BenchRow, done: number, total: number): void;
  /** Run the pairs elsewhere, e.g. `onWorkers(redisUrl)` from `src/distributed`; default here, one at a time. */
  runPairs?: HarnessOptions['runPairs'];
}

export interface BenchOutcome {
  report: BenchReport;
  /** Objectives that contradict a stored proven optimum (see `--update-references`). */
  warnings: string[];
}

function referencesByFolder(instances: readonly BenchInstance[]): Map<string, ReferenceSet> {
  const sets = new Map<string, ReferenceSet>();
  for (const item of instances)
    if (!sets.has(item.folder)) sets.set(item.folder, loadReferences(item.folder, item.family.sense));
  return sets;
}

function updateAll(
  sets: ReadonlyMap<string, ReferenceSet>,
  rows: readonly BenchRow[],
  instances: readonly BenchInstance[],
  options: UpdateOptions,
): { updates: ReferenceUpdate[]; warnings: string[] } {
  const senses = new Map(instances.map((item) => [item.family.id, item.family.sense]));
  const updates: ReferenceUpdate[] = [];
  const warnings: string[] = [];
  for (const set of sets.values()) {
    const own = rows.filter((row) => row.folder === set.folder);
    const { warnings: found, ...update } = updateReferenceSet(
      set,
      own,
      senses.get(own[0]?.family ?? '') ?? 'min',
      options,
    );
    updates.push(update);
    warnings.push(...found);
  }
  return { updates, warnings };
}

/**
 * Run a benchmark over instance files and folders.
 *
 * @example
 * ```ts
 * const { report } = await bench(['instances/rcpsp/j30'], { methods: 'default,mip', timeLimitSec: 60 });
 * report.summary; // one entry per method
 * ```
 */
export async function bench(paths: readonly string[], options: BenchOptions = {}): Promise<BenchOutcome> {
  const instances = await collectInstances(paths, options.family ? { family: options.family } : {});
  const families = [...new Map(instances.map((item) => [item.family.id, item.family])).values()];
  const methods = parseMethods(options.methods ?? 'default,mip', families, options.solver);
  const references = referencesByFolder(instances);
  const timeLimitSec = options.timeLimitSec ?? 10;
  const seed = options.seed ?? 1;
  options.onStart?.(instances.length * methods.length);
  const rows = await runBench(instances, methods, {
    timeLimitSec,
    seed,
    references,
    ...(options.keepSolutions ? { keepSolutions: true } : {}),
    ...(options.onRun ? { onRun: options.onRun } : {}),
    ...(options.runPairs ? { runPairs: options.runPairs } : {}),
  });
  const report: BenchReport = {
    created: new Date().toISOString(),
    families: families.map((family) => family.id),
    methods: methods.map((method) => method.label),
    timeLimitSec,
    seed,
    instances: instances.length,
    rows,
    summary: summarize(rows),
  };
  if (!options.updateReferences) return { report, warnings: [] };
  const { updates, warnings } = updateAll(
    references,
    rows,
    instances,
    options.updateReferences === true ? {} : options.updateReferences,
  );
  report.referenceUpdates = updates;
  if (warnings.length > 0) report.referenceWarnings = warnings;
  return { report, warnings };
}
