/**
 * The exact method of the issue: a lexicographic MIP by priority tier, highest first.
 * For each tier: maximize the pods placed at that tier and above, hold it; then minimize
 * the disruption (evict 1, move 2) of the running pods at that tier and above, hold it;
 * then the next tier. Each level is one solve of `solveLexicographic`; the time limit is
 * shared across the levels, every level is warm-started from the previous one, and the
 * first from the default scheduler's placement. Each level reports whether it was proven
 * optimal (given the levels before it).
 *
 * Counting disruption only at the tiers decided so far lets a lower tier still evict
 * even lower-priority pods later, as the scheduler's preemption would.
 */
import { solveLexicographic, type LexicographicObjective } from '../../src/solve/lexicographic.js';
import type { SolveRequest } from '../../src/solve/solve.js';
import { evaluatePodPacking } from './evaluate.js';
import { formulatePodPacking } from './formulation.js';
import { priorityTiers, type PodPackingInstance, type PodPackingSolution } from './instance.js';
import { kubeScheduler } from './heuristics/kube-scheduler.js';

/** One tier's outcome. */
export interface TierReport {
  priority: number;
  /** Pods placed with priority >= this tier's, and whether that is proven the most possible. */
  placed: number;
  placedProven: boolean;
  /** Disruption of running pods at this tier and above, and whether proven the least. */
  disruption: number;
  disruptionProven: boolean;
}

export interface LexicographicReport {
  solution: PodPackingSolution;
  tiers: TierReport[];
  /** Every level proven optimal. */
  proven: boolean;
  /** True when the warm start was kept because the MIP found nothing better. */
  keptWarmStart: boolean;
  timeMs: number;
}

export interface LexicographicOptions {
  solver?: SolveRequest['solver'];
  timeLimitSec?: number;
  /** The starting placement; default: the kube-scheduler with preemption. */
  warmStart?: PodPackingSolution;
}

function objectivesOf(tiers: number[], placed: LexicographicObjective['expr'][], disruption: LexicographicObjective['expr'][]): LexicographicObjective[] {
  // Both figures are integers, so a hold within 0.5 is an exact hold.
  return tiers.flatMap((priority, k) => [
    { name: `placed.p${priority}`, sense: 'max' as const, expr: placed[k], absoluteTolerance: 0.5 },
    { name: `disruption.p${priority}`, sense: 'min' as const, expr: disruption[k], absoluteTolerance: 0.5 },
  ]);
}

/**
 * Solve the lexicographic MIP and report per tier.
 *
 * @example
 * ```ts
 * const report = await solvePodPackingLexicographic(instance, { timeLimitSec: 10 });
 * report.tiers.map((t) => [t.priority, t.placed, t.placedProven]);
 * ```
 */
export async function solvePodPackingLexicographic(instance: PodPackingInstance, options: LexicographicOptions = {}): Promise<LexicographicReport> {
  const started = performance.now();
  const warm = options.warmStart ?? kubeScheduler(instance);
  const mip = formulatePodPacking(instance, { incumbent: warm });
  const objectives = objectivesOf(mip.tiers, mip.placedAtLeast, mip.disruptionAtLeast);
  const { levels } = await solveLexicographic(mip.model, objectives, {
    ...(options.solver === undefined ? {} : { solver: options.solver }),
    ...(options.timeLimitSec === undefined ? {} : { timeLimitSec: options.timeLimitSec }),
    ...(mip.start ? { warmStart: mip.start } : {}),
  });
  const last = [...levels].reverse().find((level) => level.result.hasSolution);
  const decoded = last ? mip.decode(last.result.values) : undefined;
  const better = decoded !== undefined && evaluatePodPacking(instance, decoded).feasible
    && compareLexicographic(lexicographicVector(instance, decoded), lexicographicVector(instance, warm)) >= 0;
  const solution = better ? decoded : warm;
  const vector = lexicographicVector(instance, solution);
  const tiers = mip.tiers.map((priority, k): TierReport => ({
    priority,
    placed: vector[2 * k],
    placedProven: levels[2 * k]?.proven ?? false,
    disruption: -vector[2 * k + 1],
    disruptionProven: levels[2 * k + 1]?.proven ?? false,
  }));
  return { solution, tiers, proven: tiers.every((t) => t.placedProven && t.disruptionProven), keptWarmStart: !better, timeMs: performance.now() - started };
}

/**
 * The levels of the lexicographic order for a solution: per tier (highest first) the pods
 * placed at that tier and above, then minus their disruption. Larger is better.
 *
 * @example
 * ```ts
 * lexicographicVector(instance, solution); // e.g. [12, -2, 30, -3]
 * ```
 */
export function lexicographicVector(instance: PodPackingInstance, solution: PodPackingSolution): number[] {
  return priorityTiers(instance).flatMap((priority) => {
    let placed = 0;
    let disruption = 0;
    instance.pods.forEach((pod, p) => {
      if (pod.priority < priority) return;
      const n = solution.assignment[p] ?? -1;
      if (n >= 0) placed++;
      if (pod.node !== undefined) disruption += n === pod.node ? 0 : n < 0 ? 1 : 2;
    });
    return [placed, -disruption];
  });
}

/** Sign of the first difference of two vectors (positive when `a` is better). */
export function compareLexicographic(a: number[], b: number[]): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return Math.sign(a[k] - b[k]);
  return 0;
}

/** The `exact` entry of the family: the lexicographic MIP with HiGHS. */
export const lexicographicMethod = {
  async solve(instance: PodPackingInstance, options: { timeLimitSec?: number }) {
    const report = await solvePodPackingLexicographic(instance, options);
    return { solution: report.solution, proven: report.proven };
  },
};
