/**
 * The solves behind the lexicographic method: one level per priority tier, highest first.
 *
 * A tier's level maximizes W_k x placed_k - disruption_k, where placed_k and disruption_k
 * count the pods at tier k and above and W_k = 2 x (running pods at tier k and above) + 1.
 * Disruption lies in [0, 2 x running], so one more placed pod outweighs any disruption:
 * the one weighted solve is exactly "maximize placed, hold, minimize disruption", in half
 * the solves. Every level value is an integer, so an absolute gap below 1 is a proof, and
 * the hold row "value >= v - 0.5" is exact.
 *
 * With `split`, a tier is two levels instead (placed, then disruption). On the paper's
 * grid at 3 s the one weighted level places more than the scheduler in 24 of 44 instances
 * (8 and 16 nodes), the two levels in 7, so one level is the default. But the weighted
 * level proves the placed count much more slowly than a placed-only one (probably: the disruption
 * terms break the symmetry of identical nodes), so it starts with a short placed-only solve;
 * when that proves the count, the tier's second solve minimizes only the disruption.
 *
 * Time: each solve gets the time left shared among the solves still needed (a placement or
 * weighted level weighs 3 or 4, a disruption level 1), so a level that proves its optimum
 * early passes its time on. A level costs nothing when its start is already proven optimal
 * by a counting bound (every pod of the tier and above that has an allowed node is placed,
 * none is disrupted).
 */
import { compile } from '../../src/dsl/compile.js';
import type { LinExpr } from '../../src/dsl/expression.js';
import { withObjectiveAndRows, type DenseRow } from '../../src/canonical/extend.js';
import type { CanonicalModel } from '../../src/canonical/canonical-model.js';
import { pointViolation } from '../../src/canonical/check.js';
import type { SolveResult } from '../../src/solvers/contract.js';
import { backendOf, solveCanonical, type SolveRequest } from '../../src/solve/solve.js';
import { SchedlabError } from '../../src/errors.js';

/** One tier's level, as the formulation describes it. */
export interface TierLevel {
  placed: LinExpr;
  disruption: LinExpr;
  /** Running pods at this tier and above (disruption is at most twice this). */
  running: number;
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
  /** The values of the last level's best solution (they satisfy every level's hold). */
  values: Float64Array;
}

function dense(numCols: number, terms: [LinExpr, number][]): { cost: Float64Array; constant: number } {
  const cost = new Float64Array(numCols);
  let constant = 0;
  for (const [expr, weight] of terms) {
    for (let k = 0; k < expr.vars.length; k++) cost[expr.vars[k]] += weight * expr.coefs[k];
    constant += weight * expr.constant;
  }
  return { cost, constant };
}

function valueOf(cost: Float64Array, constant: number, values: Float64Array): number {
  let total = constant;
  for (let j = 0; j < cost.length; j++) if (cost[j] !== 0) total += cost[j] * values[j];
  return Math.round(total);
}

/** Whether the level's solve proves its integer optimum: finished, or a bound less than 1 above. */
function provenBy(result: SolveResult): boolean {
  if (!result.hasSolution) return false;
  return (
    result.termination === 'optimal' ||
    (Number.isFinite(result.bestBound) && result.bestBound < result.objective + 1 - 1e-6)
  );
}

/** Placed is proven the most possible when the bound leaves no room for one more pod at any disruption. */
function placedProvenBy(result: SolveResult, weight: number, placed: number): boolean {
  return (
    provenBy(result) ||
    (Number.isFinite(result.bestBound) && result.bestBound + (weight - 1) < weight * (placed + 1) - 1e-6)
  );
}

/** The level's model, its start and its time; returns the solve's result (or none when the time is spent). */
async function solveLevel(
  level: CanonicalModel,
  start: Float64Array,
  request: SolveRequest,
  timeLimitSec: number | undefined,
): Promise<SolveResult | undefined> {
  if (pointViolation(level, start).max > 1e-6)
    throw new SchedlabError(
      'internal',
      'pod-packing: the MIP start breaks a level model (the formulation or a hold row is wrong); please report it with the instance',
    );
  if (timeLimitSec !== undefined && timeLimitSec < 0.005) return undefined;
  const backend = await backendOf(request);
  return solveCanonical(level, {
    ...request,
    solver: backend,
    ...(timeLimitSec === undefined ? {} : { timeLimitSec }),
    // Levels are integers: a bound within 1 of the incumbent is a proof (provenBy), so a
    // backend that can stop there should; the others run to their own gap.
    ...(backend.capabilities.has('absoluteGap') ? { absoluteGap: 0.99 } : {}),
    warmStart: start,
  });
}

type StepKind = 'placed' | 'disruption' | 'merged';

/** Share of the time a step gets relative to the others still to solve: placement first. */
const stepWeight: Record<StepKind, number> = { placed: 3, disruption: 1, merged: 4 };

/** Share of a weighted level's time spent first on a placed-only solve that may prove the count. */
const probeShare = 0.1;

export interface TierLevelsOptions {
  /**
   * Solve each tier as two levels, placed then disruption (as the issue words it), instead
   * of one weighted level. Two levels prove a tier's placed count sooner (the search need
   * not settle the disruption at the same time); one level spends no time on a second solve.
   */
  split?: boolean;
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
  model: Parameters<typeof compile>[0],
  tiers: readonly TierLevel[],
  start: Float64Array,
  request: SolveRequest = {},
  options: TierLevelsOptions = {},
): Promise<LevelsResult> {
  const base = compile(model);
  const deadline = request.timeLimitSec === undefined ? undefined : performance.now() + request.timeLimitSec * 1000;
  const holds: DenseRow[] = [];
  let values: Float64Array = Float64Array.from(start);
  const placedOf = tiers.map((tier) => dense(base.numCols, [[tier.placed, 1]]));
  const disruptionOf = tiers.map((tier) => dense(base.numCols, [[tier.disruption, 1]]));
  const placedNow = (k: number) => valueOf(placedOf[k].cost, placedOf[k].constant, values);
  const disruptionNow = (k: number) => valueOf(disruptionOf[k].cost, disruptionOf[k].constant, values);
  const steps = tiers.flatMap(
    (_, k) =>
      (options.split
        ? [
            [k, 'placed'],
            [k, 'disruption'],
          ]
        : [[k, 'merged']]) as [number, StepKind][],
  );
  const needsSolve = ([k, kind]: [number, StepKind]) =>
    (kind !== 'disruption' && placedNow(k) < tiers[k].placeable) || (kind !== 'placed' && disruptionNow(k) > 0);
  const proofs = tiers.map(() => ({ placed: false, disruption: false, solved: false }));
  for (const [i, [k, kind]] of steps.entries()) {
    const weight = 2 * tiers[k].running + 1;
    let objective = dense(
      base.numCols,
      kind === 'placed'
        ? [[tiers[k].placed, 1]]
        : kind === 'disruption'
          ? [[tiers[k].disruption, -1]]
          : [
              [tiers[k].placed, weight],
              [tiers[k].disruption, -1],
            ],
    );
    let step = kind;
    const value = () => valueOf(objective.cost, objective.constant, values);
    let result: SolveResult | undefined;
    if (needsSolve([k, kind])) {
      const ahead = steps
        .slice(i + 1)
        .filter(needsSolve)
        .reduce((total, [, later]) => total + stepWeight[later], stepWeight[kind]);
      const stepEnd =
        deadline === undefined
          ? undefined
          : performance.now() + (Math.max(0, deadline - performance.now()) * stepWeight[kind]) / ahead;
      const timeTo = (end: number | undefined, share = 1) =>
        end === undefined ? undefined : Math.max(0, ((end - performance.now()) / 1000) * share);
      if (kind === 'merged' && placedNow(k) < tiers[k].placeable && probeShare > 0) {
        // A short placed-only solve first: counting alone is much easier to prove than the
        // weighted objective; if it proves the count, only the disruption is left to solve.
        const probe = await solveLevel(
          withObjectiveAndRows(base, { ...placedOf[k], sense: 'max' }, holds),
          values,
          request,
          timeTo(stepEnd, probeShare),
        );
        if (probe?.hasSolution && valueOf(placedOf[k].cost, placedOf[k].constant, probe.values) > placedNow(k))
          values = probe.values;
        if (probe !== undefined && provenBy(probe)) {
          proofs[k].placed = true;
          holds.push({
            name: `lex.placed${k}`,
            coefs: placedOf[k].cost,
            lower: placedNow(k) - placedOf[k].constant - 0.5,
            upper: Infinity,
          });
          objective = dense(base.numCols, [[tiers[k].disruption, -1]]);
          step = 'disruption';
        }
        proofs[k].solved = true;
      }
      if (needsSolve([k, step])) {
        result = await solveLevel(
          withObjectiveAndRows(base, { ...objective, sense: 'max' }, holds),
          values,
          request,
          timeTo(stepEnd),
        );
        if (result?.hasSolution && valueOf(objective.cost, objective.constant, result.values) >= value())
          values = result.values;
        proofs[k].solved = true;
      }
    }
    const proven = result === undefined ? !needsSolve([k, step]) : provenBy(result);
    if (step !== 'disruption')
      proofs[k].placed =
        proven ||
        placedNow(k) === tiers[k].placeable ||
        (step === 'merged' && result !== undefined && placedProvenBy(result, weight, placedNow(k)));
    if (step !== 'placed') proofs[k].disruption = proven;
    holds.push({
      name: `lex.${step}${k}`,
      coefs: objective.cost,
      lower: value() - objective.constant - 0.5,
      upper: Infinity,
    });
  }
  const levels = tiers.map(
    (_, k): LevelOutcome => ({
      placed: placedNow(k),
      disruption: disruptionNow(k),
      placedProven: proofs[k].placed,
      disruptionProven: proofs[k].disruption,
      how: proofs[k].solved ? 'solved' : proofs[k].placed && proofs[k].disruption ? 'bound' : 'skipped',
    }),
  );
  return { levels, values };
}
