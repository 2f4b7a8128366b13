/**
 * The RCPSP as a time-indexed MIP in the step ("started by", DDT) form of Bianco and
 * Caramia / Artigues (2017): X_j(t) = 1 when activity j has started in period t or
 * before. Precedence is disaggregated per period (X_j(t) <= X_i(t - d_i)), which gives the
 * strong LP bound of the pulse model with disaggregated precedence (the two are the same
 * polytope under X = cumulative sum of the pulses) with two nonzeros per activity in each
 * capacity row instead of d_j.
 *
 * Variables exist only inside each activity's window [ES_j, LS_j), computed for the
 * horizon H (the makespan of the best known schedule, when the caller has one): any
 * schedule ending by H starts j in that window, so the MIP finds the best schedule
 * ending by H or proves there is none. The extensions are exact: downtime lowers the
 * capacity of its periods, release dates and deadlines narrow the windows, and a
 * disjunctive pair may not run in the same period.
 */
import { all } from '../../src/dsl/keys.js';
import { LinExpr, type Var } from '../../src/dsl/expression.js';
import { Model } from '../../src/dsl/model.js';
import type { Formulation } from '../../src/family/contract.js';
import type { RcpspInstance, RcpspSolution } from './instance.js';
import {
  addCapacity,
  addCliques,
  addDisjunctive,
  addMonotone,
  addPrecedence,
  addProjectEnd,
  StepVars,
} from './formulation/rules.js';
import { conflictCliques } from './formulation/cliques.js';
import { periodSets } from './formulation/feasible-sets.js';
import { addLiftedCapacity, addPeriodHull, type PeriodHull } from './formulation/lifted-capacity.js';
import { strongWindows } from './formulation/energetic.js';
import {
  activityWindows,
  capacityProfiles,
  closures,
  topologicalOrder,
  type TimeWindows,
} from './formulation/windows.js';

/** HiGHS options that suit this model class (measured on PSPLIB j30, see README.md). */
export const rcpspSolverOptions: Record<string, Record<string, number | string | boolean>> = { highs: {} };

export interface RcpspFormulationOptions {
  /**
   * Only schedules ending by this period are modeled (default: the warm start's makespan,
   * else the smaller of the instance's horizon and a horizon that any feasible instance meets).
   */
  horizon?: number;
  /** A feasible schedule; its makespan is the default horizon, and `start` is its encoding. */
  warmStart?: RcpspSolution;
  /** Add the conflict-clique inequalities (default true; false only to measure what they bring). */
  cliques?: boolean;
  /**
   * Milliseconds for narrowing the windows by energetic reasoning and shaving
   * (`formulation/energetic.ts`); 0 keeps the plain windows. Default 0.
   */
  shaveMs?: number;

  /**
   * Strengthen each period's capacity rows by the sets of activities that can run together
   * in it (`formulation/lifted-capacity.ts`). Default true; false only to measure what they bring.
   */
  liftedCapacity?: boolean;
  /**
   * Add the period hull of those sets (`formulation/lifted-capacity.ts`): a stronger LP
   * bound for a model several times larger. Default false (see README.md for the measurements).
   */
  periodHull?: boolean;

  /** A known lower bound on the makespan (e.g. from `refutationBound`): the end's window starts there. */
  lowerBound?: number;

  /**
   * How many of the caller's periods one period of this instance is (default 1): the
   * objective is the makespan times this, so that a model of an instance in coarser periods
   * (`time-scale.ts`) reports its optimum and bound in the caller's periods.
   */
  periodLength?: number;
}

/** The formulation, with what a caller needs to report on it. */
export interface RcpspFormulation extends Formulation<RcpspSolution> {
  /** The horizon the windows were computed for. */
  horizon: number;
  windows: TimeWindows;
  /** The makespan as an expression of the variables; undefined for feasibility instances. */
  makespan: LinExpr | undefined;
  /** The encoded warm start (a MIP start for the solver), when one was given and fits the windows. */
  start: Float64Array | undefined;
  encode(solution: RcpspSolution): Float64Array | undefined;
}

/**
 * A horizon that every feasible instance meets: after the last release date and the last
 * downtime nothing changes over time, so idle periods there can be cut out of any schedule.
 */
export function safeHorizon(instance: RcpspInstance): number {
  const settled = Math.max(
    0,
    ...instance.activities.map((a) => a.release),
    ...instance.resources.flatMap((r) => r.downtime.map((w) => w.end)),
  );
  return settled + instance.activities.reduce((total, a) => total + a.duration, 0);
}

function makespanOf(instance: RcpspInstance, solution: RcpspSolution): number {
  return Math.max(0, ...instance.activities.map((a, j) => solution.starts[j] + a.duration));
}

function chooseHorizon(instance: RcpspInstance, options: RcpspFormulationOptions): number {
  if (options.horizon !== undefined) return options.horizon;
  if (options.warmStart !== undefined) return makespanOf(instance, options.warmStart);
  return Math.min(instance.horizon ?? Infinity, safeHorizon(instance));
}

/** One binary step variable per activity and period of its window, kept per activity in period order. */
function addStepVars(model: Model, instance: RcpspInstance, earliest: number[], latest: number[]): StepVars {
  const ids = [...instance.activities.map((a) => a.id), 'projectEnd'];
  const keys: [string, number][] = [];
  ids.forEach((id, j) => {
    for (let t = earliest[j]; t < latest[j]; t++) keys.push([id, t]);
  });
  const family = model.addVarsOver('startedBy', keys, { type: 'binary' });
  const vars: Var[][] = ids.map((id, j) => (latest[j] > earliest[j] ? family.slice(id, all) : []));
  return new StepVars(earliest, latest, vars);
}

/** A model with no solution, for instances whose windows or fixed activities already conflict. */
function markInfeasible(model: Model, why: string): void {
  const witness = model.addVar({ name: 'infeasible', type: 'binary' });
  model.addConstraint(witness.ge(2), why);
}

function encoder(
  instance: RcpspInstance,
  model: Model,
  steps: StepVars,
  hasEnd: boolean,
  windows: TimeWindows,
  hull: PeriodHull | undefined,
) {
  const n = instance.activities.length;
  return (solution: RcpspSolution): Float64Array | undefined => {
    const values = new Float64Array(model.numVars);
    const makespan = makespanOf(instance, solution);
    const starts = hasEnd ? [...solution.starts.slice(0, n), makespan] : solution.starts.slice(0, n);
    if (windows.empty || starts.length < (hasEnd ? n + 1 : n)) return undefined;
    for (let j = 0; j < starts.length; j++) {
      const start = starts[j];
      if (!Number.isInteger(start) || start < steps.earliest[j] || start > steps.latest[j]) return undefined;
      steps.vars[j].forEach((v, k) => (values[v.index] = steps.earliest[j] + k >= start ? 1 : 0));
    }
    hull?.encode(values, starts);
    return values;
  };
}

/**
 * The time-indexed MIP of an RCPSP instance; minimizes the makespan, or for a
 * 'feasibility' instance has no objective (the first feasible point ends the solve).
 * When no schedule ends by the horizon the MIP is infeasible.
 *
 * @example
 * ```ts
 * const best = rcpspHeuristics.default(instance, { rng, deadline });
 * const mip = formulateRcpsp(instance, { warmStart: best });
 * const result = await solve(mip.model, { solver: 'highs', timeLimitSec: 60, warmStart: mip.start });
 * const schedule = mip.decode(result.values);
 * ```
 */
export function formulateRcpsp(instance: RcpspInstance, options: RcpspFormulationOptions = {}): RcpspFormulation {
  const horizon = chooseHorizon(instance, options);
  const shaveMs = options.shaveMs ?? 0;
  const windows =
    shaveMs > 0 ? strongWindows(instance, horizon, performance.now() + shaveMs) : activityWindows(instance, horizon);
  if (options.lowerBound !== undefined && options.lowerBound > windows.endEarliest) {
    windows.endEarliest = options.lowerBound;
    windows.empty ||= options.lowerBound > horizon;
  }
  const model = new Model(`rcpsp-${instance.name}`);
  const hasEnd = instance.objective === 'makespan';
  const n = instance.activities.length;
  const earliest = [...windows.earliest, hasEnd ? windows.endEarliest : 0];
  const latest = [...windows.latest, hasEnd ? horizon : 0];
  if (windows.empty) {
    markInfeasible(model, 'windowsEmpty');
    earliest.fill(0);
    latest.fill(0);
  }
  const steps = addStepVars(model, instance, earliest, latest);
  let makespan: LinExpr | undefined;
  let hull: PeriodHull | undefined;
  if (!windows.empty) {
    addMonotone(model, 'monotone', steps, hasEnd ? n + 1 : n);
    addPrecedence(model, instance, steps);
    const profiles = capacityProfiles(instance, horizon);
    const fits = addCapacity(model, instance, steps, profiles, horizon) && addDisjunctive(model, instance, steps);
    if (!fits) markInfeasible(model, 'fixedActivitiesConflict');
    const predecessors = closures(instance, topologicalOrder(instance), true);
    if (options.cliques !== false)
      addCliques(model, instance, steps, conflictCliques(instance, profiles, predecessors), horizon);
    const lifted = options.liftedCapacity !== false;
    if (lifted || options.periodHull === true) {
      const periods = periodSets(instance, steps, profiles, horizon, predecessors);
      if (lifted) addLiftedCapacity(model, instance, steps, periods);
      if (options.periodHull === true) hull = addPeriodHull(model, instance, steps, periods);
    }
    if (hasEnd) {
      addProjectEnd(model, instance, steps, n);
      makespan = new LinExpr().add(horizon);
      for (const v of steps.vars[n]) makespan.add(v, -1);
      model.minimize((options.periodLength ?? 1) === 1 ? makespan : makespan.clone().scale(options.periodLength ?? 1));
    }
  }
  const encode = encoder(instance, model, steps, hasEnd, windows, hull);
  return {
    model,
    horizon,
    windows,
    makespan,
    decode: (values) => ({ starts: instance.activities.map((_, j) => steps.startIn(values, j)) }),
    encode,
    start: options.warmStart === undefined ? undefined : encode(options.warmStart),
  };
}
