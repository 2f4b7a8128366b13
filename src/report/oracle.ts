/**
 * The oracle part of a report: one candidate per `score` report, its score on each
 * instance, and every run that did not end 'ok' with the first lines of what it said
 * (its message, then its console output), so a reader sees why without opening a log.
 */
import type { InstanceScore, ScoreReport } from '../oracle/types.js';
import type { ReportInput } from './inputs.js';
import type { OracleFailure, ReportOracle } from './types.js';

/** How many lines of a failure's output the page shows. */
export const failureLines = 8;

/** The first `failureLines` non-empty lines of a failed run's message and console output. */
export function firstLines(score: Pick<InstanceScore, 'message' | 'console' | 'violations'>): string[] {
  const text = [score.message ?? '', ...score.violations, score.console ?? ''].join('\n');
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines.slice(0, failureLines).map((line) => (line.length > 300 ? `${line.slice(0, 297)}...` : line));
}

function failuresOf(candidate: string, report: ScoreReport): OracleFailure[] {
  return report.instances
    .filter((entry) => entry.status !== 'ok')
    .map((entry) => ({ candidate, instance: entry.instance, status: entry.status, lines: firstLines(entry) }));
}

/**
 * The oracle section of the page, or null when no input is a score report.
 *
 * @example
 * ```ts
 * const oracle = oracleSection([{ kind: 'score', name: 'greedy', report }]);
 * oracle?.candidates[0].combinedScore; // report.summary.combinedScore
 * ```
 */
export function oracleSection(inputs: readonly ReportInput[]): ReportOracle | null {
  const scores = inputs.flatMap((input) =>
    input.kind === 'score' ? [{ name: input.name, report: input.report }] : [],
  );
  if (scores.length === 0) return null;
  return {
    candidates: scores.map(({ name, report }) => ({
      candidate: name,
      family: report.family,
      skeleton: report.skeleton,
      instances: report.summary.instances,
      scored: report.summary.scored,
      feasibleShare: report.summary.feasibleShare,
      meanGap: report.summary.meanGap,
      combinedScore: report.summary.combinedScore,
    })),
    scores: scores.flatMap(({ name, report }) =>
      report.instances.map((entry) => ({
        candidate: name,
        instance: entry.instance,
        status: entry.status,
        score: entry.score,
        objective: entry.objective,
        gap: entry.gap,
      })),
    ),
    failures: scores.flatMap(({ name, report }) => failuresOf(name, report)),
  };
}
