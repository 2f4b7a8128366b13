/**
 * From verdicts to scores. Per instance, the gap to the instance set's reference and a
 * score in [0, 1]; over the batch, the feasible share, the mean gap and the combined
 * score:
 *
 *   gap_i   = (objective_i - reference_i) / max(|reference_i|, 1)   for a 'min' family,
 *             (reference_i - objective_i) / max(|reference_i|, 1)   for a 'max' family
 *   score_i = 1 / (1 + max(gap_i, 0))   for an 'ok' run with a reference,
 *             1                         for an 'ok' run without one,
 *             0                         for every other status
 *   combinedScore = (sum of score_i) / (number of instances asked for)
 *
 * so 1 means feasible everywhere and at least as good as every reference, and an
 * instance the cascade skipped counts as 0.
 */
import type { AnyFamily } from '../family/contract.js';
import type { InstanceScore, JudgedRun, OpenEvolveResult, ScoreInstance, ScoreReport, ScoreStatus } from './types.js';

const statuses: ScoreStatus[] = ['ok', 'infeasible', 'timeout', 'memory', 'error', 'invalid-output'];

/** Artifacts are read by people and by language models: keep them short. */
const artifactLimit = 4000;

/** How far `objective` is behind `reference`, relative to max(|reference|, 1); negative when ahead. */
export function gapOf(sense: AnyFamily['sense'], objective: number, reference: number): number {
  const difference = sense === 'min' ? objective - reference : reference - objective;
  return difference / Math.max(Math.abs(reference), 1);
}

/**
 * One instance's score from its verdict and reference.
 *
 * @example
 * ```ts
 * instanceScore('min', { name: 'j301_1', dataText: '{}', reference: { value: 40, proven: true } }, run, false).gap; // (43 - 40) / 40
 * ```
 */
export function instanceScore(
  sense: AnyFamily['sense'],
  instance: ScoreInstance,
  run: JudgedRun,
  timings: boolean,
  cached = false,
): InstanceScore {
  const reference = instance.reference?.value ?? null;
  const gap =
    run.status === 'ok' && run.objective !== null && reference !== null ? gapOf(sense, run.objective, reference) : null;
  const score = run.status !== 'ok' ? 0 : gap === null ? 1 : 1 / (1 + Math.max(gap, 0));
  return {
    instance: instance.name,
    status: run.status,
    objective: run.objective,
    reference,
    referenceProven: instance.reference?.proven ?? false,
    gap,
    score,
    violations: run.violations,
    ...(run.message === undefined ? {} : { message: run.message }),
    ...(run.console === '' ? {} : { console: run.console }),
    ...(timings ? { timeMs: run.timeMs, cached } : {}),
  };
}

function truncate(text: string): string {
  return text.length <= artifactLimit
    ? text
    : `${text.slice(0, artifactLimit)}\n[${text.length - artifactLimit} more characters]`;
}

/** OpenEvolve's `EvaluationResult`: numbers in `metrics`, failures and console output in `artifacts`. */
function openEvolve(summary: ScoreReport['summary'], scores: InstanceScore[]): OpenEvolveResult {
  const failures = scores
    .filter((s) => s.status !== 'ok')
    .map(
      (s) =>
        `${s.instance}: ${s.status}${s.message ? `: ${s.message}` : ''}${s.violations.length ? `: ${s.violations.join('; ')}` : ''}`,
    );
  const console = scores.filter((s) => s.console).map((s) => `--- ${s.instance}\n${s.console}`);
  return {
    metrics: {
      combined_score: summary.combinedScore,
      feasible_share: summary.feasibleShare,
      ...(summary.meanGap === null ? {} : { mean_gap: summary.meanGap }),
      ...Object.fromEntries(statuses.map((s) => [s.replace('-', '_'), summary.byStatus[s]])),
    },
    artifacts: {
      ...(failures.length ? { failures: truncate(failures.join('\n')) } : {}),
      ...(console.length ? { console: truncate(console.join('\n')) } : {}),
    },
  };
}

/** The batch's figures over `asked` instances, of which `scores` were run. */
export function summarize(
  scores: InstanceScore[],
  asked: number,
): { summary: ScoreReport['summary']; openevolve: OpenEvolveResult } {
  const byStatus = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<ScoreStatus, number>;
  for (const s of scores) byStatus[s.status]++;
  const gaps = scores.flatMap((s) => (s.gap === null ? [] : [s.gap]));
  const total = Math.max(asked, 1);
  const summary = {
    instances: asked,
    scored: scores.length,
    feasibleShare: byStatus.ok / total,
    meanGap: gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length : null,
    combinedScore: scores.reduce((sum, s) => sum + s.score, 0) / total,
    byStatus,
  };
  return { summary, openevolve: openEvolve(summary, scores) };
}
