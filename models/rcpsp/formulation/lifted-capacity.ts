/**
 * Per-period rows strengthened by what can actually run together (`feasible-sets.ts`), in
 * two forms, both valid for every schedule of the windows:
 *
 * - **Lifted capacity rows** (the preprocessing of Araujo, Santos et al., "Strong bounds for
 *   resource constrained project scheduling: preprocessing and cutting planes", C&OR 2020,
 *   here per period): resource r's right-hand side drops to the most any feasible set uses
 *   of r, and coefficients are lifted one by one, activity j's to rhs minus the most the
 *   others of a feasible set containing j weigh. An activity that uses none of r but
 *   excludes its big users gets a coefficient too. Each lifting step keeps the row valid
 *   for every feasible set, so every schedule satisfies it.
 * - **The period hull** (an extended formulation): one continuous weight z(S, t) per
 *   maximal feasible set S of period t, sum_S z(S, t) <= 1, and running_j(t) <= sum of
 *   z(S, t) over the sets S containing j. At integer steps this says exactly that the
 *   running set is feasible (all the weight must sit on sets containing every running
 *   activity); for the LP it is the convex hull of the period's feasible sets, the
 *   strongest statement about one period there is.
 *
 * Measured on PSPLIB j30 (README.md): the plain rows let fractions of many activities share
 * a capacity that no integer set can fill, which is what keeps the LP bound of the
 * low-resource-strength classes far from the optimum.
 */
import { LinExpr, type Var } from '../../../src/dsl/expression.js';
import type { Model } from '../../../src/dsl/model.js';
import type { RcpspInstance } from '../instance.js';
import type { PeriodSets } from './feasible-sets.js';
import type { StepVars } from './rules.js';

/** Hull weights at most, over all periods, so that the model stays small. */
const maxHullWeights = 40_000;

interface LiftedRow {
  /** Coefficient by position in the period's items. */
  coefs: number[];
  rhs: number;
}

/**
 * Sequential lifting of one resource's row; undefined when it does not improve on the plain
 * row. Each set's weight is kept up to date as coefficients grow, so a step costs only the
 * sets holding the lifted item.
 */
function liftRow(period: PeriodSets, sets: number[][], weights: number[], capacity: number): LiftedRow | undefined {
  const position = new Map(period.items.map((j, k) => [j, k]));
  const coefs = [...weights];
  const setWeight = sets.map((set) => set.reduce((sum, j) => sum + coefs[position.get(j)!], 0));
  const rhs = Math.min(capacity, Math.max(0, ...setWeight));
  let changed = rhs < capacity;
  // Heaviest first: lifting them first leaves the most room for the light ones.
  const order = weights.map((_, k) => k).sort((a, b) => weights[b] - weights[a]);
  for (const k of order) {
    const holders = period.containing[k];
    const others = holders.reduce((most, s) => Math.max(most, setWeight[s] - coefs[k]), 0);
    if (rhs - others <= coefs[k]) continue;
    const raise = rhs - others - coefs[k];
    coefs[k] += raise;
    for (const s of holders) setWeight[s] += raise;
    changed = true;
  }
  return changed ? { coefs, rhs } : undefined;
}

/**
 * Adds a lifted capacity row for every resource and period where lifting improves on the
 * plain row (which stays, as the lifted one only dominates it); returns the rows added.
 */
export function addLiftedCapacity(
  model: Model,
  instance: RcpspInstance,
  steps: StepVars,
  periods: PeriodSets[],
): number {
  const { activities } = instance;
  const lifted = new Map<PeriodSets, (LiftedRow | undefined)[]>();
  let rows = 0;
  periods.forEach((period, t) => {
    const { sets } = period;
    if (sets === undefined || sets.length === 0) return;
    if (!lifted.has(period)) {
      lifted.set(
        period,
        period.capacity.map((cap, r) =>
          liftRow(
            period,
            sets,
            period.items.map((j) => activities[j].demand[r]),
            cap,
          ),
        ),
      );
    }
    lifted.get(period)!.forEach((row, r) => {
      if (row === undefined) return;
      const expr = new LinExpr();
      period.items.forEach(
        (j, k) => row.coefs[k] > 0 && steps.addRunning(expr, j, activities[j].duration, t, row.coefs[k]),
      );
      if (expr.size === 0) return;
      model.addConstraint(expr.le(row.rhs), `liftedCapacity[${r},${t}]`);
      rows++;
    });
  });
  return rows;
}

/** The hull's weights of one period, to encode a schedule (a warm start) into them. */
interface HullPeriod {
  t: number;
  sets: number[][];
  weights: Var[];
}

/** What `addPeriodHull` added: how to set its weights for a given schedule. */
export interface PeriodHull {
  /** Sets, in `values`, the weight of a maximal set containing the activities running in each period. */
  encode(values: Float64Array, starts: number[]): void;
}

/**
 * Adds the period hull (see the header) for every period with more than one maximal
 * feasible set (with one, every activity of the period fits at once), at most
 * `maxHullWeights` weights in all.
 */
export function addPeriodHull(
  model: Model,
  instance: RcpspInstance,
  steps: StepVars,
  periods: PeriodSets[],
): PeriodHull {
  const { activities } = instance;
  const added: HullPeriod[] = [];
  let weights = 0;
  periods.forEach((period, t) => {
    const { sets } = period;
    if (sets === undefined || sets.length <= 1 || weights + sets.length > maxHullWeights) return;
    const z: Var[] = sets.map(() => model.addVar({ lb: 0, ub: 1 }));
    weights += z.length;
    added.push({ t, sets, weights: z });
    const convexity = new LinExpr();
    for (const v of z) convexity.add(v, 1);
    model.addConstraint(convexity.le(1), `hull[${t}]`);
    period.items.forEach((j, k) => {
      const expr = new LinExpr();
      steps.addRunning(expr, j, activities[j].duration, t, 1);
      if (expr.size === 0 && expr.constant <= 0) return;
      for (const s of period.containing[k]) expr.add(z[s], -1);
      model.addConstraint(expr.le(0), `hullMember[${j},${t}]`);
    });
  });
  const encode = (values: Float64Array, starts: number[]) => {
    for (const { t, sets, weights: z } of added) {
      const running = activities.flatMap((a, j) =>
        a.duration > 0 && starts[j] <= t && t < starts[j] + a.duration ? [j] : [],
      );
      const holder = sets.findIndex((set) =>
        running.every((j) => set.includes(j) || activities[j].demand.every((d) => d === 0)),
      );
      if (holder >= 0) values[z[holder].index] = 1;
    }
  };
  return { encode };
}
