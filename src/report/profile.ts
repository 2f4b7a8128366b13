/**
 * The curves of the report page, computed in Node so that they can be tested: Dolan and
 * Moré's performance profile of the methods' objectives, and the share of instances solved
 * to optimality over time.
 *
 * Dolan & Moré (Math. Programming 91, 2002) compare solvers by a positive cost t[p][s], lower
 * is better: r[p][s] = t[p][s] / min over s of t[p][s], a failure gets r = infinity, and the
 * profile of s is rho_s(tau) = |{p : r[p][s] <= tau}| / |P|. Here the cost is the objective,
 * compared with the best objective any method found on the instance (f*):
 * - all objectives of the instance positive: min f / f*, max f* / f (their ratio exactly);
 * - some objective zero or negative, where a ratio means nothing: 1 + d / max(|f*|, 1), with
 *   d the distance from f* in the worse direction (the oracle's gap, shifted to start at 1);
 * - infeasible, no objective, or an error: infinity, so the run is never within any tau.
 */
import type { StepSeries } from './types.js';
import { gapOf } from '../oracle/aggregate.js';

/** What the profile needs of one run. */
export interface ProfileRun {
  instance: string;
  method: string;
  feasible: boolean;
  objective: number | null;
  proven?: boolean;
  timeMs?: number;
}

/** Items by key, in order of first appearance (Map.groupBy arrived only in Node 21). */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function bestOf(values: readonly number[], sense: 'min' | 'max'): number {
  return sense === 'min' ? Math.min(...values) : Math.max(...values);
}

/**
 * The performance ratio of `value` against the instance's best, as the module header defines it.
 *
 * @example
 * ```ts
 * performanceRatio(12, 10, 'min', true); // 1.2
 * performanceRatio(8, 10, 'max', true); // 1.25
 * performanceRatio(3, 0, 'min', false); // 4: 1 + 3 / max(0, 1)
 * ```
 */
export function performanceRatio(value: number, best: number, sense: 'min' | 'max', positive: boolean): number {
  if (positive) return sense === 'min' ? value / best : best / value;
  return 1 + Math.max(gapOf(sense, value, best), 0);
}

/** Per instance, per method: the ratio (Infinity for a failure), over the instances with a run. */
export function performanceRatios(
  runs: readonly ProfileRun[],
  sense: 'min' | 'max',
): { instances: number; shifted: number; ratios: Map<string, number[]> } {
  const byInstance = groupBy(runs, (run) => run.instance);
  const methods = [...new Set(runs.map((run) => run.method))];
  const ratios = new Map(methods.map((method) => [method, [] as number[]]));
  let shifted = 0;
  for (const own of byInstance.values()) {
    const values = own.flatMap((run) => (run.feasible && run.objective !== null ? [run.objective] : []));
    const best = values.length > 0 ? bestOf(values, sense) : Number.NaN;
    const positive = values.every((value) => value > 0);
    if (!positive) shifted++;
    for (const method of methods) {
      const mine = own.filter((run) => run.method === method && run.feasible && run.objective !== null);
      // A method run twice on one instance (merged reports) counts with its best answer.
      const ratio =
        mine.length === 0
          ? Number.POSITIVE_INFINITY
          : Math.min(...mine.map((run) => performanceRatio(run.objective as number, best, sense, positive)));
      ratios.get(method)?.push(ratio);
    }
  }
  return { instances: byInstance.size, shifted, ratios };
}

/** The step curve of sorted values: after each distinct x, the share of values <= x. */
function stepCurve(method: string, sortedValues: readonly number[], total: number): StepSeries {
  const points: StepSeries['points'] = [];
  for (let k = 0; k < sortedValues.length; k++) {
    const x = sortedValues[k];
    if (k + 1 < sortedValues.length && sortedValues[k + 1] === x) continue;
    points.push({ x, share: (k + 1) / total });
  }
  return { method, points };
}

/**
 * Dolan & Moré's profile of each method: points (tau, share of instances with ratio <= tau),
 * one per distinct finite ratio; the curve stays at its last share beyond the last point.
 *
 * @example
 * ```ts
 * const profile = performanceProfile(runs, 'min');
 * profile[0]; // { method: 'greedy', points: [{ x: 1, share: 0.5 }, { x: 1.2, share: 1 }] }
 * ```
 */
export function performanceProfile(runs: readonly ProfileRun[], sense: 'min' | 'max'): StepSeries[] {
  const { instances, ratios } = performanceRatios(runs, sense);
  return [...ratios].map(([method, values]) => {
    const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
    return stepCurve(method, finite, instances);
  });
}

/** One sentence for the page: which ratio the profile took, and on how many instances the shifted one. */
export function profileNote(runs: readonly ProfileRun[], sense: 'min' | 'max'): string {
  const { instances, shifted } = performanceRatios(runs, sense);
  const ratio = sense === 'min' ? 'f / f*' : 'f* / f';
  if (shifted === 0) return `ratio ${ratio} against the best objective f* of any method on the instance`;
  return `ratio ${ratio} against the best objective f* of any method; on ${shifted} of ${instances} instances an objective is zero or negative, and the ratio there is 1 + (distance from f*) / max(|f*|, 1)`;
}

/**
 * Per method: points (t, share of the family's instances proven optimal within t ms).
 *
 * @example
 * ```ts
 * solvedOverTime(runs)[0]; // { method: 'mip', points: [{ x: 40, share: 0.5 }] }
 * ```
 */
export function solvedOverTime(runs: readonly ProfileRun[]): StepSeries[] {
  const instances = new Set(runs.map((run) => run.instance)).size;
  const byMethod = groupBy(runs, (run) => run.method);
  return [...byMethod].map(([method, own]) => {
    const firstProof = new Map<string, number>();
    for (const run of own) {
      if (!run.proven) continue;
      const time = run.timeMs ?? 0;
      firstProof.set(run.instance, Math.min(firstProof.get(run.instance) ?? time, time));
    }
    return stepCurve(
      method,
      [...firstProof.values()].sort((a, b) => a - b),
      instances,
    );
  });
}

/** The right end of a profile's tau axis: its largest ratio, at least 2, so a flat profile still has a width. */
export function profileMaxTau(profile: readonly StepSeries[]): number {
  const ends = profile.flatMap((series) => series.points.map((point) => point.x));
  return Math.max(2, ...ends.filter(Number.isFinite));
}
