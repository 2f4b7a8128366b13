/**
 * The levels of a lexicographic solve (lexicographic.ts) as data: each objective, and the
 * parts of a level with a leading part, compiled to a dense cost with its sense, bound and
 * hold tolerance; the value of a part at a point, whether a point reaches its bound, whether
 * a solve proves it, and the row that holds it for the later levels.
 */
import { LinExpr, type Term } from '../dsl/expression.js';
import type { Model } from '../dsl/model.js';
import { checkFiniteTerms } from '../dsl/validate.js';
import type { DenseRow } from '../canonical/extend.js';
import type { CanonicalModel } from '../canonical/canonical-model.js';
import { SchedlabError } from '../errors.js';
import type { SolveResult } from '../solvers/contract.js';

/** An objective or a part of one, with what is known about its best value. */
export interface LexicographicPart {
  /** Used in row names (`lex.<name>`) and reports. */
  name: string;
  expr: Term;
  /** The best value it can reach (a valid bound, e.g. by counting): reaching it proves it without a solve. */
  bound?: number;
}

/**
 * The leading part of a level whose objective ranks points by this part first and by
 * `rest` among equals (e.g. W x placed - disruption, with W above any disruption). The
 * solver often proves the part alone much sooner: unless the incumbent reaches its bound,
 * it is solved first with `share` of the level's time, and when that proves it, it is held
 * and the level optimizes `rest` alone, which then has the level's optima.
 */
export interface LexicographicLeading extends LexicographicPart {
  share: number;
  rest: LexicographicPart;
}

export interface LexicographicObjective extends LexicographicPart {
  sense: 'min' | 'max';
  /** How far a later level may move this one: absolute part (default 1e-6; 0.5 for an integer level). */
  absoluteTolerance?: number;
  /** ... plus this share of |value| (default 0). */
  relativeTolerance?: number;
  /** The objective is an integer at every feasible point (integer coefficients on integer variables). */
  integer?: boolean;
  /** The level's weight when the time left is shared (default 1). */
  timeWeight?: number;
  leading?: LexicographicLeading;
}

/** A part compiled to a dense cost, with its level's sense and hold tolerances. */
export interface Dense {
  name: string;
  sense: 'min' | 'max';
  cost: Float64Array;
  constant: number;
  bound: number | undefined;
  integer: boolean;
  absoluteTolerance: number;
  relativeTolerance: number;
}

export interface Level {
  objective: LexicographicObjective;
  main: Dense;
  leading?: { part: Dense; rest: Dense; share: number };
}

/** One objective or part as a dense cost, after the checks every objective gets (its model's variables, finite terms). */
function densePart(
  run: { model: Model; base: CanonicalModel },
  objective: LexicographicObjective,
  part: LexicographicPart,
): Dense {
  const expr = LinExpr.of(part.expr);
  if (expr.owner !== undefined && expr.owner !== run.model) {
    throw new SchedlabError(
      'model',
      `solveLexicographic: objective '${part.name}' uses variables of model '${expr.owner.name}', not of model '${run.model.name}'; build every objective from the solved model's variables`,
    );
  }
  checkFiniteTerms(
    () => `objective '${part.name}'`,
    expr,
    (j) => run.model.variableName(j),
  );
  const cost = new Float64Array(run.base.numCols);
  expr.addToDense(cost);
  const integer = objective.integer ?? false;
  return {
    name: part.name,
    sense: objective.sense,
    cost,
    constant: expr.constant,
    bound: part.bound,
    integer,
    absoluteTolerance: objective.absoluteTolerance ?? (integer ? 0.5 : 1e-6),
    relativeTolerance: objective.relativeTolerance ?? 0,
  };
}

/** A level: its objective compiled, and its leading part and the rest when it has them. */
export function levelOf(run: { model: Model; base: CanonicalModel }, objective: LexicographicObjective): Level {
  const main = densePart(run, objective, objective);
  const leading = objective.leading;
  if (leading === undefined) return { objective, main };
  const part = densePart(run, objective, leading);
  return { objective, main, leading: { part, rest: densePart(run, objective, leading.rest), share: leading.share } };
}

/** The part's value at a point, summed as the solver's verified objective is (rounded for an integer part). */
export function valueAt(part: Dense, point: ArrayLike<number>): number {
  let total = part.constant;
  for (let j = 0; j < part.cost.length; j++) total += part.cost[j] * point[j];
  return part.integer ? Math.round(total) : total;
}

/** Sign of "a is better than b" in the part's sense. */
export function improvement(part: Dense, a: number, b: number): number {
  return part.sense === 'max' ? Math.sign(a - b) : Math.sign(b - a);
}

export function reached(part: Dense, point: ArrayLike<number> | undefined): boolean {
  if (part.bound === undefined || point === undefined) return false;
  return improvement(part, valueAt(part, point), part.bound - (part.sense === 'max' ? 1e-9 : -1e-9)) >= 0;
}

/** Finished, or for an integer part a bound less than 1 beyond the solve's objective. */
export function provenBy(part: Dense, result: SolveResult): boolean {
  if (!result.hasSolution) return false;
  if (result.termination === 'optimal') return true;
  if (!part.integer || !Number.isFinite(result.bestBound)) return false;
  return Math.abs(result.bestBound - result.objective) < 1 - 1e-6;
}

export function holdRow(part: Dense, value: number): DenseRow {
  const slack = part.absoluteTolerance + part.relativeTolerance * Math.abs(value);
  const target = value - part.constant;
  return part.sense === 'min'
    ? { name: `lex.${part.name}`, coefs: part.cost, lower: -Infinity, upper: target + slack }
    : { name: `lex.${part.name}`, coefs: part.cost, lower: target - slack, upper: Infinity };
}
