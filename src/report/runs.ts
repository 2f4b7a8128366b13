/**
 * The runs of a report: bench rows and solve/heuristic results turned into one list, with
 * methods of the same name from different files told apart, and references that are the
 * best value of the whole merged report where no stored reference exists.
 */
import { deviationOf } from '../bench/harness.js';
import type { BenchRow } from '../bench/types.js';
import type { ResultReport } from '../cli/report.js';
import { relativeGap } from '../solvers/contract.js';
import type { ReportInput } from './inputs.js';
import type { ReportRun } from './types.js';

/** A run on its way into the report: where its schedule comes from, and how sure its reference is. */
export interface DraftRun {
  run: ReportRun;
  source: string;
  /** The instance file (bench rows kept with `--keep-solutions`). */
  file?: string;
  /** The solution JSON as the family serializes it, when the input kept it. */
  solution?: unknown;
  /** True when the reference came from a stored set (index.json, optimum.csv), not from the runs. */
  storedReference: boolean;
}

/**
 * A feasible run's relative gap to its own bound, as `solve` reports it (`relativeGap`:
 * |objective - bound| / |objective|, 0 where the bound closes on the objective); null for a
 * run without a bound (a heuristic) or without a feasible objective.
 */
export function boundGap(run: Pick<ReportRun, 'feasible' | 'objective' | 'bound'>): number | null {
  if (!run.feasible || run.objective === null || run.bound === null) return null;
  const gap = relativeGap(run.objective, run.bound);
  return Number.isFinite(gap) ? gap : null;
}

function benchDraft(row: BenchRow, source: string): DraftRun {
  return {
    run: {
      family: row.family,
      instance: row.instance,
      method: row.method,
      status: row.status,
      objective: row.objective,
      bound: row.bound,
      gap: boundGap(row),
      feasible: row.feasible,
      proven: row.proven,
      provenInfeasible: row.provenInfeasible,
      timeMs: row.timeMs,
      reference: row.reference,
      deviation: row.deviation,
      message: row.message ?? null,
      view: null,
    },
    source,
    ...(row.file === undefined ? {} : { file: row.file }),
    ...(row.solution === undefined ? {} : { solution: row.solution }),
    storedReference: row.referenceSource === 'index.json' || row.referenceSource === 'optimum.csv',
  };
}

function resultDraft(result: ResultReport, source: string): DraftRun {
  return {
    run: {
      family: result.family ?? '',
      instance: result.instance,
      method: result.method,
      status: result.status,
      objective: result.objective,
      bound: result.bound,
      gap: boundGap(result),
      feasible: result.feasible,
      // `solve` says 'optimal' only for a proven optimum (DESIGN.md). A result's 'infeasible' may be a
      // heuristic's infeasible answer as well as a proof, and the file does not say which: no claim.
      proven: result.status === 'optimal',
      provenInfeasible: false,
      timeMs: result.timeMs,
      reference: null,
      deviation: null,
      message: result.violations.length > 0 ? `${result.violations.length} violations` : null,
      view: null,
    },
    source,
    ...(result.solution === undefined || result.solution === null ? {} : { solution: result.solution }),
    storedReference: false,
  };
}

/** The runs of every bench report and result among the inputs (score reports hold no runs of methods). */
export function draftRuns(inputs: readonly ReportInput[]): DraftRun[] {
  return inputs.flatMap((input) => {
    if (input.kind === 'bench') return input.report.rows.map((row) => benchDraft(row, input.name));
    if (input.kind === 'result') return [resultDraft(input.result, input.name)];
    return [];
  });
}

/**
 * A method name that comes from more than one input file of a family (two bench runs of
 * `greedy` with different settings) becomes `method (file)`, so their runs stay apart.
 * Returns one note per renamed method.
 */
export function separateClashingMethods(drafts: readonly DraftRun[]): string[] {
  const sources = new Map<string, Set<string>>();
  for (const { run, source } of drafts) {
    const key = `${run.family}\u0000${run.method}`;
    sources.set(key, (sources.get(key) ?? new Set()).add(source));
  }
  const notes: string[] = [];
  for (const [key, names] of sources) {
    if (names.size < 2) continue;
    const [family, method] = key.split('\u0000');
    notes.push(`${family}: method ${method} comes from ${[...names].join(', ')}; each is shown as "${method} (file)"`);
  }
  for (const draft of drafts) {
    if ((sources.get(`${draft.run.family}\u0000${draft.run.method}`)?.size ?? 0) > 1)
      draft.run.method = `${draft.run.method} (${draft.source})`;
  }
  return notes;
}

/**
 * Runs without a stored reference are measured against the best feasible objective of all
 * runs of the instance in the report (not only those of their own file), as `bench` does.
 */
export function fillReferences(drafts: readonly DraftRun[], senseOf: (family: string) => 'min' | 'max'): void {
  const best = new Map<string, number>();
  const keyOf = (run: ReportRun) => `${run.family}\u0000${run.instance}`;
  for (const { run } of drafts) {
    if (!run.feasible || run.objective === null) continue;
    const current = best.get(keyOf(run));
    const better =
      senseOf(run.family) === 'min' ? run.objective < (current ?? Infinity) : run.objective > (current ?? -Infinity);
    if (better) best.set(keyOf(run), run.objective);
  }
  for (const { run, storedReference } of drafts) {
    if (storedReference) continue;
    run.reference = best.get(keyOf(run)) ?? null;
    run.deviation = deviationOf(senseOf(run.family), run);
  }
}
