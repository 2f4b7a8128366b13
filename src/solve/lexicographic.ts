/**
 * Lexicographic multi-objective solve: optimize objectives in priority order, and
 * before moving to the next one, hold each level within a tolerance of the value it
 * reached. One point, the incumbent, goes from level to level: the caller's warm start
 * or the best point found so far. A level's solve starts from it and replaces it only
 * when at least as good on that level, so a solve that loses its start costs nothing.
 *
 * The time limit is shared: a level gets the time left times its `timeWeight` over the
 * weights of the levels still to solve (by default the time left over the number of
 * levels left), so time a fast level saves goes to the later ones.
 *
 * Per level, what a family that knows its objectives can add (models/pod-packing uses all):
 * - `integer`: the level's values are integers, so the hold "value ∓ 0.5" is exact, a bound
 *   less than 1 beyond the incumbent proves it, and a backend with an absolute gap stops there;
 * - `bound`: the best value possible (e.g. by counting); an incumbent that reaches it is
 *   proven without a solve, and the level takes no share of the time;
 * - `leading`: for an objective that weighs a leading part above the rest, a short solve of
 *   the leading part first; when that proves it, it is held and the level optimizes the rest.
 * Per run (`LexicographicRequest`): go on after a level that finds nothing
 * (`continueWithoutSolution`), and skip solves given less than `minLevelSec`.
 */
import { compile } from '../dsl/compile.js';
import type { Model } from '../dsl/model.js';
import { withObjectiveAndRows, type DenseRow } from '../canonical/extend.js';
import type { CanonicalModel } from '../canonical/canonical-model.js';
import { SchedlabError } from '../errors.js';
import type { SolveResult, SolverBackend } from '../solvers/contract.js';
import {
  holdRow,
  improvement,
  levelOf,
  provenBy,
  reached,
  valueAt,
  type Dense,
  type Level,
  type LexicographicObjective,
} from './lexicographic-parts.js';
import { backendOf, solveCanonical, type SolveRequest } from './solve.js';

export type { LexicographicLeading, LexicographicObjective, LexicographicPart } from './lexicographic-parts.js';

/** Options of the whole run, beside those every solve gets. */
export interface LexicographicRequest extends SolveRequest {
  /** Go on from the incumbent after a level whose solve finds no point (default false: stop there). */
  continueWithoutSolution?: boolean;
  /** A solve that would get less time than this (seconds) is not started (default 0). */
  minLevelSec?: number;
}

export interface LexicographicLevel {
  name: string;
  /** The solve of the level's objective (of `rest` after a proven leading part); undefined when none ran. */
  result: SolveResult | undefined;
  /** The level's objective at the incumbent after the level (NaN if there is none). */
  value: number;
  /** True when this level was proven optimal (given the earlier levels' values). */
  proven: boolean;
  /** 'solved' when a solve ran, 'bound' when proven by its bound without one, 'skipped' when out of time. */
  how: 'solved' | 'bound' | 'skipped';
  /** With `leading`: true when its own solve proved the leading part (then held, and `rest` solved). */
  leadingProven?: boolean;
}

export interface LexicographicResult {
  levels: LexicographicLevel[];
  /**
   * The last solve's result. When no level needed a solve, a result of solver 'none' holding
   * the incumbent ('optimal' when every level is proven by its bound, 'timeLimit' otherwise).
   */
  final: SolveResult;
  /** The result whose point is `values`; undefined when that is the caller's warm start, or none. */
  incumbent: SolveResult | undefined;
  /** The incumbent at the end: it satisfies every level's hold row. */
  values: Float64Array | undefined;
}

interface Run {
  model: Model;
  base: CanonicalModel;
  request: SolveRequest;
  options: LexicographicRequest;
  backend: SolverBackend | undefined;
  deadline: number | undefined;
  holds: DenseRow[];
  /** The incumbent: the caller's warm start as given, or a solve's values. */
  point: Float64Array | readonly number[] | undefined;
  incumbent: SolveResult | undefined;
  final: SolveResult | undefined;
}

/** When the level at `index` should end: its weight's share of the time left among the levels still to solve. */
function levelEnd(run: Run, levels: readonly Level[], index: number): number | undefined {
  if (run.deadline === undefined) return undefined;
  const weight = (level: Level) => level.objective.timeWeight ?? 1;
  const ahead = levels
    .slice(index + 1)
    .filter((level) => !reached(level.main, run.point))
    .reduce((total, level) => total + weight(level), weight(levels[index]));
  const now = performance.now();
  return now + (Math.max(0, run.deadline - now) * weight(levels[index])) / ahead;
}

function secondsTo(end: number | undefined, share = 1): number | undefined {
  return end === undefined ? undefined : Math.max(0, ((end - performance.now()) / 1000) * share);
}

/** One solve of `part` under the holds so far, from the incumbent; undefined when its time is below `minLevelSec`. */
async function solvePart(run: Run, part: Dense, timeLimitSec: number | undefined): Promise<SolveResult | undefined> {
  if (timeLimitSec !== undefined && timeLimitSec < (run.options.minLevelSec ?? 0)) return undefined;
  const model = withObjectiveAndRows(
    run.base,
    { cost: part.cost, constant: part.constant, sense: part.sense },
    run.holds,
  );
  const stopAtOne =
    part.integer && run.backend?.capabilities.has('absoluteGap') && run.request.absoluteGap === undefined;
  return solveCanonical(model, {
    ...run.request,
    ...(run.backend ? { solver: run.backend } : {}),
    ...(timeLimitSec === undefined ? {} : { timeLimitSec }),
    ...(run.point ? { warmStart: run.point } : {}),
    // Integer values: a bound within 1 of the incumbent is a proof (provenBy), so stop there.
    ...(stopAtOne ? { absoluteGap: 0.99 } : {}),
  });
}

/** Take the result's point when it is at least as good on `part` (strictly better with `strict`). */
function keep(run: Run, part: Dense, result: SolveResult, strict = false): void {
  if (!result.hasSolution) return;
  const gain = run.point === undefined ? 1 : improvement(part, valueAt(part, result.values), valueAt(part, run.point));
  if (gain > 0 || (gain === 0 && !strict)) {
    run.point = result.values;
    run.incumbent = result;
  }
}

/** The short solve of a leading part; true when it proved the part (which is then held). */
async function solveLeading(run: Run, leading: NonNullable<Level['leading']>, end: number | undefined) {
  const probe = await solvePart(run, leading.part, secondsTo(end, leading.share));
  if (probe === undefined) return { ran: false, proven: false };
  keep(run, leading.part, probe, true);
  const proven = provenBy(leading.part, probe);
  if (proven && run.point) run.holds.push(holdRow(leading.part, valueAt(leading.part, run.point)));
  return { ran: true, proven };
}

async function solveLevel(run: Run, levels: readonly Level[], index: number): Promise<LexicographicLevel> {
  const level = levels[index];
  const name = level.objective.name;
  let part = level.main;
  let ran = false;
  let leadingProven: boolean | undefined;
  let result: SolveResult | undefined;
  if (!reached(part, run.point)) {
    const end = levelEnd(run, levels, index);
    if (level.leading && !reached(level.leading.part, run.point)) {
      const probe = await solveLeading(run, level.leading, end);
      ran = probe.ran;
      if (probe.ran) leadingProven = probe.proven;
      if (probe.proven) part = level.leading.rest;
    }
    if (!reached(part, run.point)) result = await solvePart(run, part, secondsTo(end));
    if (result !== undefined) {
      ran = true;
      run.final = result;
      keep(run, part, result);
    }
  }
  const proven = reached(part, run.point) || (result !== undefined && provenBy(part, result));
  const how = ran ? 'solved' : proven ? 'bound' : 'skipped';
  const found = result === undefined || result.hasSolution || run.options.continueWithoutSolution === true;
  if (run.point === undefined || !found) return { name, result, value: Number.NaN, proven: false, how };
  run.holds.push(holdRow(part, valueAt(part, run.point)));
  const value = valueAt(level.main, run.point);
  return { name, result, value, proven, how, ...(leadingProven === undefined ? {} : { leadingProven }) };
}

function valuesOf(run: Run): Float64Array | undefined {
  return run.point === undefined || run.point instanceof Float64Array ? run.point : Float64Array.from(run.point);
}

function noSolve(run: Run, levels: readonly LexicographicLevel[]): SolveResult {
  const last = levels[levels.length - 1];
  return {
    solver: 'none',
    termination: levels.every((level) => level.proven) ? 'optimal' : 'timeLimit',
    hasSolution: run.point !== undefined,
    objective: last?.value ?? Number.NaN,
    bestBound: Number.NaN,
    gap: Number.NaN,
    values: valuesOf(run) ?? new Float64Array(0),
    timeMs: 0,
    message: 'no level needed a solve (each was proven by its bound or had no time left)',
  };
}

/**
 * Solve `model` for each objective in turn (highest priority first).
 *
 * @example
 * ```ts
 * const { levels, values } = await solveLexicographic(model, [
 *   { name: 'placed', sense: 'max', expr: placedHigh, integer: true, bound: pods },
 *   { name: 'moves', sense: 'min', expr: moves, integer: true, bound: 0 },
 * ], { timeLimitSec: 10 });
 * ```
 */
export async function solveLexicographic(
  model: Model,
  objectives: readonly LexicographicObjective[],
  request: LexicographicRequest = {},
): Promise<LexicographicResult> {
  if (objectives.length === 0) throw new SchedlabError('input', 'solveLexicographic needs at least one objective');
  const { continueWithoutSolution: _continue, minLevelSec: _min, warmStart, ...solveRequest } = request;
  const base = compile(model);
  const levels = objectives.map((objective) => levelOf({ model, base }, objective));
  const integer = objectives.some((objective) => objective.integer);
  const run: Run = {
    model,
    base,
    request: solveRequest,
    options: request,
    backend: integer ? await backendOf(request) : undefined,
    deadline: request.timeLimitSec === undefined ? undefined : performance.now() + request.timeLimitSec * 1000,
    holds: [],
    point: warmStart,
    incumbent: undefined,
    final: undefined,
  };
  const outcomes: LexicographicLevel[] = [];
  for (const index of levels.keys()) {
    const outcome = await solveLevel(run, levels, index);
    outcomes.push(outcome);
    if (Number.isNaN(outcome.value)) break;
  }
  return {
    levels: outcomes,
    final: run.final ?? noSolve(run, outcomes),
    incumbent: run.incumbent,
    values: valuesOf(run),
  };
}
