/**
 * The constraint rules of the time-indexed RCPSP model, one function each, written
 * over "started by" step variables: X_j(t) = 1 when activity j has started in period t
 * or before. Inside j's window [ES_j, LS_j) X_j(t) is a binary variable; before the
 * window it is the constant 0, from LS_j on the constant 1 (so S_j = LS_j - sum_t X_j(t)).
 * Activity j runs in period t exactly when X_j(t) - X_j(t - d_j) = 1.
 */
import { LinExpr, type Var } from '../../../src/dsl/expression.js';
import type { Model } from '../../../src/dsl/model.js';
import type { RcpspInstance } from '../instance.js';

/** Step variables of a set of "activities" (the real ones, and the virtual end). */
export class StepVars {
  constructor(
    /** First period with a variable, by activity. */
    readonly earliest: number[],
    /** Latest start (X is 1 from here on), by activity. */
    readonly latest: number[],
    /** vars[j][t - earliest[j]] is X_j(t) for t in [earliest, latest). */
    readonly vars: Var[][],
  ) {}

  /** Adds coef * X_j(t) to `expr` in place: a variable inside the window, a constant outside. */
  addTo(expr: LinExpr, j: number, t: number, coef: number): void {
    if (t >= this.latest[j]) expr.add(coef);
    else if (t >= this.earliest[j]) expr.add(this.vars[j][t - this.earliest[j]], coef);
  }

  /** Adds coef * running_j(t) = coef * (X_j(t) - X_j(t - d)) to `expr` in place. */
  addRunning(expr: LinExpr, j: number, duration: number, t: number, coef: number): void {
    this.addTo(expr, j, t, coef);
    this.addTo(expr, j, t - duration, -coef);
  }

  /** True when j may run in period t (some start in its window covers t). */
  mayRun(j: number, duration: number, t: number): boolean {
    return duration > 0 && t >= this.earliest[j] && t < this.latest[j] + duration;
  }

  /** The start encoded by a point: the first period whose step is at least 1/2 (rounding absorbs 0.9999999). */
  startIn(values: ArrayLike<number>, j: number): number {
    const row = this.vars[j];
    for (let k = 0; k < row.length; k++) if (values[row[k].index] >= 0.5) return this.earliest[j] + k;
    return this.latest[j];
  }
}

/** Each step family is non-decreasing: once started, an activity stays started. */
export function addMonotone(model: Model, name: string, steps: StepVars, count: number): void {
  const keys: [number, number][] = [];
  for (let j = 0; j < count; j++) for (let t = steps.earliest[j] + 1; t < steps.latest[j]; t++) keys.push([j, t]);
  model.addConstraintsOver(name, keys, (j, t) => {
    const expr = new LinExpr();
    steps.addTo(expr, j, t - 1, 1);
    steps.addTo(expr, j, t, -1);
    return expr.le(0);
  });
}

/** An activity starts only after all its predecessors finish (disaggregated: X_j(t) <= X_i(t - d_i) for every t). */
export function addPrecedence(model: Model, instance: RcpspInstance, steps: StepVars): void {
  const keys: [number, number, number][] = [];
  instance.activities.forEach((activity, i) => {
    for (const j of activity.successors) {
      // Rows where X_i(t - d_i) is already 1 hold trivially.
      const last = Math.min(steps.latest[j], steps.latest[i] + activity.duration);
      for (let t = steps.earliest[j]; t < last; t++) keys.push([i, j, t]);
    }
  });
  model.addConstraintsOver('precedence', keys, (i, j, t) => {
    const expr = new LinExpr();
    steps.addTo(expr, j, t, 1);
    steps.addTo(expr, i, t - instance.activities[i].duration, -1);
    return expr.le(0);
  });
}

/**
 * In every period the activities running use at most the resource's capacity there
 * (the reduced capacity during downtime); rows that cannot bind are left out.
 * Returns false when some period is overloaded by activities whose start is fixed.
 */
export function addCapacity(
  model: Model,
  instance: RcpspInstance,
  steps: StepVars,
  profiles: Int32Array[],
  horizon: number,
): boolean {
  let consistent = true;
  const periods = Array.from({ length: horizon }, (_, t) => t);
  model.addConstraints('capacity', [profiles.map((_, r) => r), periods], (r, t) => {
    const expr = new LinExpr();
    let peak = 0;
    instance.activities.forEach((activity, j) => {
      const demand = activity.demand[r];
      if (demand === 0 || !steps.mayRun(j, activity.duration, t)) return;
      peak += demand;
      steps.addRunning(expr, j, activity.duration, t, demand);
    });
    if (peak <= profiles[r][t]) return null;
    if (expr.size === 0) {
      if (expr.constant > profiles[r][t]) consistent = false;
      return null;
    }
    return expr.le(profiles[r][t]);
  });
  return consistent;
}

/** The two activities of a disjunctive pair never run in the same period. */
export function addDisjunctive(model: Model, instance: RcpspInstance, steps: StepVars): boolean {
  let consistent = true;
  const keys: [number, number][] = [];
  instance.disjunctive.forEach(([i, j], p) => {
    const [di, dj] = [instance.activities[i].duration, instance.activities[j].duration];
    const from = Math.max(steps.earliest[i], steps.earliest[j]);
    const to = Math.min(steps.latest[i] + di, steps.latest[j] + dj);
    for (let t = from; t < to; t++) if (steps.mayRun(i, di, t) && steps.mayRun(j, dj, t)) keys.push([p, t]);
  });
  model.addConstraintsOver('disjunctive', keys, (p, t) => {
    const [i, j] = instance.disjunctive[p];
    const expr = new LinExpr();
    steps.addRunning(expr, i, instance.activities[i].duration, t, 1);
    steps.addRunning(expr, j, instance.activities[j].duration, t, 1);
    if (expr.size === 0) {
      if (expr.constant > 1) consistent = false;
      return null;
    }
    return expr.le(1);
  });
  return consistent;
}

/**
 * The project has ended by period t exactly when every activity without successors has
 * finished by then (the others finish before those start): E(t) <= X_j(t - d_j) for each
 * such j, and E(t) >= sum_j X_j(t - d_j) - (m - 1) over the m of them, so that the
 * makespan H - sum_t E(t) equals the schedule's makespan at every integer point.
 */
export function addProjectEnd(model: Model, instance: RcpspInstance, steps: StepVars, end: number): void {
  const sinks = instance.activities.flatMap((a, j) => (a.successors.length === 0 ? [j] : []));
  const keys: [number, number][] = [];
  for (let t = steps.earliest[end]; t < steps.latest[end]; t++)
    for (const j of sinks) if (t - instance.activities[j].duration < steps.latest[j]) keys.push([j, t]);
  model.addConstraintsOver('endAfter', keys, (j, t) => {
    const expr = new LinExpr();
    steps.addTo(expr, end, t, 1);
    steps.addTo(expr, j, t - instance.activities[j].duration, -1);
    return expr.le(0);
  });
  const periods: number[] = [];
  for (let t = steps.earliest[end]; t < steps.latest[end]; t++) periods.push(t);
  model.addConstraints('endExact', [periods], (t) => {
    const expr = new LinExpr();
    steps.addTo(expr, end, t, 1);
    for (const j of sinks) steps.addTo(expr, j, t - instance.activities[j].duration, -1);
    return expr.ge(1 - sinks.length);
  });
}

/** Of the activities of a conflict clique (no two may ever overlap), at most one runs in each period. */
export function addCliques(
  model: Model,
  instance: RcpspInstance,
  steps: StepVars,
  cliques: number[][],
  horizon: number,
): void {
  const keys: [number, number][] = [];
  const members = (c: number, t: number) =>
    cliques[c].filter((j) => steps.mayRun(j, instance.activities[j].duration, t));
  for (let t = 0; t < horizon; t++) {
    const seen = new Set<string>();
    cliques.forEach((_, c) => {
      const running = members(c, t);
      const key = running.join(',');
      if (running.length >= 2 && !seen.has(key)) {
        seen.add(key);
        keys.push([c, t]);
      }
    });
  }
  model.addConstraintsOver('clique', keys, (c, t) => {
    const expr = new LinExpr();
    for (const j of members(c, t)) steps.addRunning(expr, j, instance.activities[j].duration, t, 1);
    return expr.size === 0 ? null : expr.le(1);
  });
}
