/**
 * Exact methods beyond the MIP: `enumerate`, the best-first exhaustive enumeration of the plan
 * space (`search.ts`, APEX's method with lower-bound pruning). Under `limits.layouts: "even"`
 * the space is every plan the evaluator accepts, so a search that runs out proves its best plan
 * optimal (and, finding none, that no plan fits); stopped by the time limit it reports its
 * bound. Under `"any"` it searches the even layouts and then improves the best plans' layouts
 * by moving layers between stages (`layout.ts`). Then, when the MIP would give a layout block
 * to every candidate that could beat that plan (`provableBelow`), it solves the MIP with HiGHS
 * in the time left, warm-started from that plan: optimal there, the answer is proven over
 * every layout. Otherwise it proves nothing, and its bound is the space's least step-time
 * lower bound, which holds for every layout.
 */
import type { ExactMethod } from '../../src/family/contract.js';
import { solve } from '../../src/solve/solve.js';
import type { ParallelPlanInstance, ParallelPlanSolution } from './instance.js';
import { FastEstimator } from './fast-estimate.js';
import { formulateParallelPlan, provableBelow } from './formulation.js';
import { improveLayout } from './layout.js';
import { planLabel } from './plan.js';
import { predictPlan } from './predict.js';
import { keepBest, rankedCandidates, searchPlans, type RankedPlan } from './search.js';

/**
 * The best plan with the next ones as its alternatives.
 *
 * @example
 * ```ts
 * solutionOf(searchPlans(instance, { top: 3, deadline: Date.now() + 1000 }).best)?.alternatives?.length; // 2
 * ```
 */
export function solutionOf(best: RankedPlan[]): ParallelPlanSolution | undefined {
  const [first, ...rest] = best;
  if (!first) return undefined;
  return rest.length > 0 ? { ...first.plan, alternatives: rest.map((entry) => entry.plan) } : first.plan;
}

function layoutPass(instance: ParallelPlanInstance, best: RankedPlan[], deadline: number): RankedPlan[] {
  const fast = new FastEstimator(instance);
  const improved: RankedPlan[] = [];
  for (const entry of best) keepBest(improved, improveLayout(instance, fast, entry, deadline), instance.top);
  return improved;
}

/** The MIP's answer under layouts "any", when it can prove one in the time left. */
async function provenLayouts(
  instance: ParallelPlanInstance,
  incumbent: ParallelPlanSolution,
  deadline: number,
): Promise<{ solution: ParallelPlanSolution; proven: boolean; bound: number } | undefined> {
  const step = predictPlan(instance, incumbent)?.stepTimeS;
  if (step === undefined || !provableBelow(instance, step)) return undefined;
  const formulation = formulateParallelPlan(instance, { incumbent });
  const seconds = (deadline - Date.now()) / 1000;
  if (!formulation.provable || seconds < 0.2) return undefined;
  const warmStart = formulation.encode?.(incumbent);
  const result = await solve(formulation.model, {
    solver: 'highs',
    timeLimitSec: seconds,
    ...(warmStart ? { warmStart } : {}),
  });
  if (!result.hasSolution) return undefined;
  const solution = formulation.decode(result.values);
  const proven = result.termination === 'optimal';
  return { solution, proven, bound: proven ? result.objective : result.bestBound };
}

const enumerate: ExactMethod<ParallelPlanInstance, ParallelPlanSolution> = {
  async solve(instance, { timeLimitSec }) {
    const deadline = Date.now() + (timeLimitSec ?? 60) * 1000;
    const result = searchPlans(instance, { top: instance.top, deadline });
    const even = instance.limits.layouts === 'even';
    const best = even ? result.best : layoutPass(instance, result.best, deadline);
    const rate = result.estimateMs > 0 ? Math.round(result.estimated / (result.estimateMs / 1000)) : 0;
    const report = [
      `${result.plans} plans in the space, ${result.prunedByMemory} cut by the memory bound, ${result.estimated} estimated (${rate} plans/s)`,
      result.exhausted ? 'every other plan is bounded away: the search ran out' : 'stopped by the time limit',
      ...(best[0]
        ? [`best: ${planLabel(best[0].plan)} (${best[0].stepTimeS.toFixed(4)} s)`]
        : ['no plan fits in memory']),
      ...(even
        ? []
        : ['layouts "any": even layouts searched exhaustively, then layers moved between stages; not a proof']),
    ];
    const solution = solutionOf(best);
    const mip = even || !solution ? undefined : await provenLayouts(instance, solution, deadline);
    if (mip && (predictPlan(instance, mip.solution)?.stepTimeS ?? Infinity) <= (best[0]?.stepTimeS ?? Infinity)) {
      report.push(
        `layouts "any": the MIP gave every candidate a layout block; HiGHS ${mip.proven ? 'proved' : 'improved'} it`,
      );
      return { solution: mip.solution, proven: mip.proven, bound: mip.bound, report };
    }
    const bound = even ? result.bound : (rankedCandidates(instance).candidates[0]?.lowerBound ?? Infinity);
    return {
      solution,
      proven: even && result.exhausted,
      ...(Number.isFinite(bound) ? { bound } : {}),
      report,
    };
  },
};

/** Exact methods: the best-first enumeration. */
export const parallelPlanExact: Record<string, ExactMethod<ParallelPlanInstance, ParallelPlanSolution>> = { enumerate };
