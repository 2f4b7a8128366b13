/**
 * Lexicographic multi-objective solve: optimize objectives in priority order, and
 * before moving to the next one, hold each solved level within a tolerance of the
 * value it reached. The time limit is shared: each level gets the time left divided
 * by the number of levels left, so time a fast level saves goes to the later ones.
 */
import { SchedlabError } from '../errors.js';
import { compile } from '../dsl/compile.js';
import { LinExpr, type Term } from '../dsl/expression.js';
import type { Model } from '../dsl/model.js';
import { checkFiniteTerms } from '../dsl/validate.js';
import { withObjectiveAndRows, type DenseRow } from '../canonical/extend.js';
import type { SolveResult } from '../solvers/contract.js';
import { solveCanonical, type SolveRequest } from './solve.js';

export interface LexicographicObjective {
  /** Used in row names and reports. */
  name: string;
  sense: 'min' | 'max';
  expr: Term;
  /** How far a later level may move this one: absolute part (default 1e-6). */
  absoluteTolerance?: number;
  /** ... plus this share of |value| (default 0). */
  relativeTolerance?: number;
}

export interface LexicographicLevel {
  name: string;
  result: SolveResult;
  /** The value this level was held at for the later levels (NaN if it found none). */
  value: number;
  /** True when this level was proven optimal (given the earlier levels' values). */
  proven: boolean;
}

export interface LexicographicResult {
  levels: LexicographicLevel[];
  /** The last level's result: its values satisfy every level's hold row. */
  final: SolveResult;
  /**
   * The last result that has a solution: `final` when it has one, else the level before
   * (a later level that found nothing loses nothing already won). Undefined when none did.
   */
  incumbent: SolveResult | undefined;
}

function denseCost(numCols: number, expr: LinExpr): Float64Array {
  const cost = new Float64Array(numCols);
  expr.addToDense(cost);
  return cost;
}

function holdRow(objective: LexicographicObjective, cost: Float64Array, constant: number, value: number): DenseRow {
  const slack = (objective.absoluteTolerance ?? 1e-6) + (objective.relativeTolerance ?? 0) * Math.abs(value);
  const target = value - constant;
  return objective.sense === 'min'
    ? { name: `lex.${objective.name}`, coefs: cost, lower: -Infinity, upper: target + slack }
    : { name: `lex.${objective.name}`, coefs: cost, lower: target - slack, upper: Infinity };
}

function levelTimeLimit(deadline: number | undefined, levelsLeft: number): number | undefined {
  if (deadline === undefined) return undefined;
  return Math.max(0, (deadline - performance.now()) / 1000 / levelsLeft);
}

/**
 * Solve `model` for each objective in turn (highest priority first).
 *
 * @example
 * ```ts
 * const { levels, final } = await solveLexicographic(model, [
 *   { name: 'placed', sense: 'max', expr: placedHigh },
 *   { name: 'moves', sense: 'min', expr: moves },
 * ], { timeLimitSec: 10 });
 * ```
 */
export async function solveLexicographic(
  model: Model,
  objectives: readonly LexicographicObjective[],
  request: SolveRequest = {},
): Promise<LexicographicResult> {
  const base = compile(model);
  const deadline = request.timeLimitSec === undefined ? undefined : performance.now() + request.timeLimitSec * 1000;
  const holds: DenseRow[] = [];
  const levels: LexicographicLevel[] = [];
  let warmStart = request.warmStart;
  let final: SolveResult | undefined;
  let incumbent: SolveResult | undefined;
  for (const [k, objective] of objectives.entries()) {
    const expr = LinExpr.of(objective.expr);
    if (expr.owner !== undefined && expr.owner !== model) {
      throw new SchedlabError(
        'model',
        `solveLexicographic: objective '${objective.name}' uses variables of model '${expr.owner.name}', not of model '${model.name}'; build every objective from the solved model's variables`,
      );
    }
    checkFiniteTerms(
      () => `objective '${objective.name}'`,
      expr,
      (j) => model.variableName(j),
    );
    const cost = denseCost(base.numCols, expr);
    const level = withObjectiveAndRows(base, { cost, constant: expr.constant, sense: objective.sense }, holds);
    const timeLimitSec = levelTimeLimit(deadline, objectives.length - k);
    final = await solveCanonical(level, {
      ...request,
      ...(timeLimitSec === undefined ? {} : { timeLimitSec }),
      ...(warmStart ? { warmStart } : {}),
    });
    const value = final.hasSolution ? final.objective : Number.NaN;
    levels.push({ name: objective.name, result: final, value, proven: final.termination === 'optimal' });
    if (!final.hasSolution) break;
    incumbent = final;
    holds.push(holdRow(objective, cost, expr.constant, value));
    warmStart = final.values;
  }
  if (final === undefined) throw new SchedlabError('input', 'solveLexicographic needs at least one objective');
  return { levels, final, incumbent };
}
