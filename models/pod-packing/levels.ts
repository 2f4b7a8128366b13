/**
 * The levels behind the lexicographic method: one per priority tier, highest first,
 * solved by the one lexicographic solver of src/solve/lexicographic.ts.
 *
 * A tier's level maximizes W_k x placed_k - disruption_k, where placed_k and disruption_k
 * count the pods at tier k and above and W_k = (the largest disruption there) + 1: 2 per
 * running pod plus the counted disruption budgets' violations (budgets.ts). Disruption lies
 * in [0, W_k - 1], so one more placed pod outweighs any disruption:
 * the one weighted solve is exactly "maximize placed, hold, minimize disruption", in half
 * the solves. Every level value is an integer (`integer`), so an absolute gap below 1 is a
 * proof, and the hold row "value >= v - 0.5" is exact.
 *
 * With `split`, a tier is two levels instead (placed, then disruption). On the paper's
 * grid at 3 s the one weighted level places more than the scheduler in 24 of 44 instances
 * (8 and 16 nodes), the two levels in 7, so one level is the default. But the weighted
 * level proves the placed count much more slowly than a placed-only one (probably: the disruption
 * terms break the symmetry of identical nodes), so placed is its `leading` part: a short
 * placed-only solve first; when that proves the count, the tier's second solve minimizes
 * only the disruption.
 *
 * Time: each solve gets the time left shared among the solves still needed (`timeWeight`: a
 * placement or weighted level weighs 3 or 4, a disruption level 1), so a level that proves
 * its optimum early passes its time on. A level costs nothing when its start is already
 * proven optimal by a counting `bound` (every pod of the tier and above that has an allowed
 * node is placed, none is disrupted).
 */
import { compile } from '../../src/dsl/compile.js';
import type { LinExpr } from '../../src/dsl/expression.js';
import type { Model } from '../../src/dsl/model.js';
import { pointViolation } from '../../src/canonical/check.js';
import type { SolveResult } from '../../src/solvers/contract.js';
import type { SolveRequest } from '../../src/solve/solve.js';
import {
  solveLexicographic,
  type LexicographicLevel,
  type LexicographicObjective,
} from '../../src/solve/lexicographic.js';
import { SchedlabError } from '../../src/errors.js';

/** One tier's level, as the formulation describes it. */
export interface TierLevel {
  placed: LinExpr;
  disruption: LinExpr;
  /** The largest disruption at this tier and above: 2 per running pod, plus the counted budgets' violations. */
  maxDisruption: number;
  /** Pods at this tier and above that have at least one allowed node. */
  placeable: number;
}

export interface LevelOutcome {
  /** Placed pods at the tier and above, and disruption, in the level's best solution. */
  placed: number;
  disruption: number;
  placedProven: boolean;
  disruptionProven: boolean;
  /** How the level ended: solved by the MIP, or proven by the counting bound without a solve. */
  how: 'solved' | 'bound' | 'skipped';
}

export interface LevelsResult {
  levels: LevelOutcome[];
  /** The last level (`TierLevelsOptions.spread`): its value at the final values and whether it is proven the least. */
  spread?: { value: number; proven: boolean };
  /** The values of the last level's best solution (they satisfy every level's hold). */
  values: Float64Array;
}

export interface TierLevelsOptions {
  /**
   * Solve each tier as two levels, placed then disruption (as the issue words it), instead
   * of one weighted level. Two levels prove a tier's placed count sooner (the search need
   * not settle the disruption at the same time); one level spends no time on a second solve.
   */
  split?: boolean;
  /** A last level below every tier: minimize this integer expression (the domains gangs span beyond one each). */
  spread?: LinExpr;
}

/** Share of a weighted level's time spent first on a placed-only solve that may prove the count. */
const probeShare = 0.1;

/** The objectives of one tier: one weighted level with placed as its leading part, or two levels. */
function tierObjectives(tier: TierLevel, k: number, split: boolean): LexicographicObjective[] {
  const placed = { name: `placed${k}`, expr: tier.placed, bound: tier.placeable };
  // Every level maximizes: the disruption as its negative, so holds read "-disruption >= -d - 0.5".
  const undisrupted = { name: `disruption${k}`, expr: tier.disruption.times(-1), bound: 0 };
  if (split)
    return [
      { ...placed, sense: 'max', integer: true, timeWeight: 3 },
      { ...undisrupted, sense: 'max', integer: true, timeWeight: 1 },
    ];
  const weight = tier.maxDisruption + 1;
  return [
    {
      name: `merged${k}`,
      expr: tier.placed.times(weight).add(tier.disruption, -1),
      bound: weight * tier.placeable,
      sense: 'max',
      integer: true,
      timeWeight: 4,
      leading: {
        ...placed,
        share: probeShare,
        rest: undisrupted,
      },
    },
  ];
}

/** Whether a weighted level's bound leaves no room for one more placed pod at any disruption. */
function placedProvenBy(result: SolveResult | undefined, weight: number, placed: number): boolean {
  return (
    result !== undefined &&
    Number.isFinite(result.bestBound) &&
    result.bestBound + (weight - 1) < weight * (placed + 1) - 1e-6
  );
}

/** What one tier's level(s) proved, read at the final values. */
function tierOutcome(tier: TierLevel, levels: LexicographicLevel[], values: Float64Array): LevelOutcome {
  const placed = Math.round(tier.placed.valueAt(values));
  const disruption = Math.round(tier.disruption.valueAt(values));
  const [first, second] = levels;
  const counted = placed === tier.placeable;
  const placedProven =
    second !== undefined
      ? first.proven || counted
      : first.leadingProven === true ||
        first.proven ||
        counted ||
        placedProvenBy(first.result, tier.maxDisruption + 1, placed);
  const disruptionProven = (second ?? first).proven;
  const solved = levels.some((level) => level.how === 'solved');
  const how = solved ? 'solved' : placedProven && disruptionProven ? 'bound' : 'skipped';
  return { placed, disruption, placedProven, disruptionProven, how };
}

/**
 * Solve the tiers' levels in order from a feasible start.
 *
 * @example
 * ```ts
 * const { levels, values } = await solveTierLevels(mip.model, tierLevels, mip.start!, { timeLimitSec: 1 });
 * ```
 */
export async function solveTierLevels(
  model: Model,
  tiers: readonly TierLevel[],
  start: Float64Array,
  request: SolveRequest = {},
  options: TierLevelsOptions = {},
): Promise<LevelsResult> {
  if (pointViolation(compile(model), start).max > 1e-6)
    throw new SchedlabError(
      'internal',
      'pod-packing: the MIP start breaks the model (the formulation or the encoding is wrong); please report it with the instance',
    );
  const split = options.split ?? false;
  const objectives = tiers.flatMap((tier, k) => tierObjectives(tier, k, split));
  if (options.spread !== undefined)
    objectives.push({
      name: 'topology',
      expr: options.spread.times(-1),
      bound: 0,
      sense: 'max',
      integer: true,
      timeWeight: 1,
    });
  const { levels, values } = await solveLexicographic(model, objectives, {
    ...request,
    warmStart: start,
    continueWithoutSolution: true,
    minLevelSec: 0.005,
  });
  const final = values ?? start;
  const perTier = split ? 2 : 1;
  const last = levels[perTier * tiers.length];
  return {
    levels: tiers.map((tier, k) => tierOutcome(tier, levels.slice(perTier * k, perTier * (k + 1)), final)),
    values: final,
    ...(options.spread === undefined
      ? {}
      : { spread: { value: Math.round(options.spread.valueAt(final)), proven: last?.proven ?? false } }),
  };
}
