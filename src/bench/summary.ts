/**
 * Per-method figures over the rows of a benchmark: how many runs were feasible,
 * proven optimal, proven infeasible and at least as good as the reference, the mean and worst
 * deviation from the reference, and the mean and worst time.
 */
import type { BenchRow, MethodSummary } from './types.js';

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((total, value) => total + value, 0) / values.length;
}

function max(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.max(...values);
}

/** The fields of a run that the summary reads (a report's merged runs have them too). */
export type SummarizedRun = Pick<
  BenchRow,
  'deviation' | 'timeMs' | 'feasible' | 'proven' | 'provenInfeasible' | 'status'
>;

/** The summary of one method's rows. */
export function summarizeMethod(method: string, rows: readonly SummarizedRun[]): MethodSummary {
  const deviations = rows.flatMap((row) => (row.deviation === null ? [] : [row.deviation]));
  const times = rows.map((row) => row.timeMs);
  return {
    method,
    runs: rows.length,
    feasible: rows.filter((row) => row.feasible).length,
    proven: rows.filter((row) => row.proven).length,
    provenInfeasible: rows.filter((row) => row.provenInfeasible).length,
    matched: deviations.filter((deviation) => deviation <= 0).length,
    errors: rows.filter((row) => row.status === 'error').length,
    withReference: deviations.length,
    meanDeviation: mean(deviations),
    maxDeviation: max(deviations),
    meanTimeMs: mean(times),
    maxTimeMs: max(times),
  };
}

/**
 * One summary per method, in the order the methods first appear in `rows`.
 *
 * @example
 * ```ts
 * const [greedy] = summarize(rows);
 * greedy.meanDeviation; // mean of (reference - objective) / reference over feasible runs with a reference
 * ```
 */
export function summarize(rows: readonly BenchRow[]): MethodSummary[] {
  const methods = [...new Set(rows.map((row) => row.method))];
  return methods.map((method) =>
    summarizeMethod(
      method,
      rows.filter((row) => row.method === method),
    ),
  );
}
