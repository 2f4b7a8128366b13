import type { CanonicalModel } from '../canonical/canonical-model.js';

/**
 * What a backend can do. Shared tests and callers decide by these, never by name.
 * - `integer`: honours integrality (a MIP solver, not only LP).
 * - `timeLimit`: stops at `SolveOptions.timeLimitSec` and reports `timeLimit`.
 * - `gap`: honours `relativeGap` as a stop criterion of the MIP search.
 * - `absoluteGap`: honours `absoluteGap` as a stop criterion (GLPK, for one, has only a relative one).
 * - `warmStart`: uses `SolveOptions.warmStart` as a MIP start.
 * - `dualBound`: reports a proven bound (`SolveResult.bestBound`) for MIPs.
 * - `duals`: reports row duals and reduced costs for LPs.
 * - `infeasibleVsUnbounded`: tells proven infeasible apart from unbounded.
 * - `log`: sends solver log lines to `SolveOptions.log`.
 * - `nativeOptions`: applies `SolveOptions.solverOptions[name]` (the solver's own option names).
 */
export type Capability =
  | 'integer'
  | 'timeLimit'
  | 'gap'
  | 'absoluteGap'
  | 'warmStart'
  | 'dualBound'
  | 'duals'
  | 'infeasibleVsUnbounded'
  | 'log'
  | 'nativeOptions';

/** Why the solver stopped (MOI's termination status). Apart from whether a solution exists. */
export type TerminationReason =
  | 'optimal'
  | 'infeasible'
  | 'unbounded'
  | 'infeasibleOrUnbounded'
  | 'timeLimit'
  | 'gapLimit'
  | 'iterationLimit'
  | 'error';

/** Options every backend accepts; a backend ignores none silently (see capabilities). */
export interface SolveOptions {
  /** Wall-clock limit in seconds. */
  timeLimitSec?: number;
  /** Stop when |best - bound| / |best| is at most this (MIP). */
  relativeGap?: number;
  /** Stop when |best - bound| is at most this (MIP). */
  absoluteGap?: number;
  /** A full primal start, one value per column (MIP start). */
  warmStart?: Float64Array | readonly number[];
  /** Receives the solver's log, one line a call. */
  log?: (line: string) => void;
  /**
   * Native options for one backend, keyed by its name, e.g. `{ highs: { mip_heuristic_effort: 0.01 } }`.
   * A backend reads only its own key; one that takes no native options refuses a non-empty entry.
   */
  solverOptions?: Record<string, Record<string, number | string | boolean>>;
}

/** The result of one solve. Unknown numbers are NaN, never made up. */
export interface SolveResult {
  /** Name of the backend that produced this. */
  solver: string;
  termination: TerminationReason;
  /** True when `values` holds a primal solution that satisfies the model within tolerance. */
  hasSolution: boolean;
  /** Objective of `values` including the model's constant; NaN without a solution. */
  objective: number;
  /** Proven bound on the optimum (lower for min, upper for max); NaN when unknown. */
  bestBound: number;
  /** Relative gap |objective - bestBound| / max(|objective|, 1e-10); NaN when unknown. */
  gap: number;
  /** One value per column; empty without a solution. */
  values: Float64Array;
  /** Row duals (LP only, with the `duals` capability). */
  rowDuals?: Float64Array;
  /** Reduced costs (LP only, with the `duals` capability). */
  reducedCosts?: Float64Array;
  /** Wall time of the solve in milliseconds, including model transfer. */
  timeMs: number;
  /** Branch-and-bound nodes, where known. */
  nodes?: number;
  /** A human-readable word from the solver about how it stopped. */
  message?: string;
}

/**
 * Size limits a backend declares (e.g. a pure-JS solver that is too slow beyond them).
 * `solve` refuses a model beyond any of them, and the conformance suite skips it, so the
 * knowledge of what a backend cannot do in reasonable time lives with the backend.
 */
export interface BackendLimits {
  maxRows?: number;
  maxCols?: number;
  maxNonzeros?: number;
  /** Integer columns of any range (binary included). */
  maxIntegerCols?: number;
  /** Integer columns whose range is wider than 0..1 (general integers). */
  maxGeneralIntegerCols?: number;
}

/**
 * A solver plugin: one-shot, as MathOptInterface's `optimize!`.
 *
 * A backend never reports `optimal` for a model it did not prove optimal; a time limit
 * with an incumbent is `timeLimit` with `hasSolution: true`.
 */
export interface SolverBackend {
  readonly name: string;
  readonly capabilities: ReadonlySet<Capability>;
  readonly limits?: BackendLimits;
  /** True when the backend can run here (its package or binary is present). */
  isAvailable(): Promise<boolean>;
  solve(model: CanonicalModel, options?: SolveOptions): Promise<SolveResult>;
}

/**
 * Whether a bound closes on an objective, i.e. proves it optimal: they differ by round-off
 * only (relative 1e-9), and never by more than 1e-6 absolute, so that objectives scaled to
 * ~1e15 (pod packing's tier encoding, whose unit is 1) cannot call a bound hundreds of units
 * away a proof. `relativeGap` rounds tiny gaps to 0 for display; proofs use this.
 *
 * @example
 * ```ts
 * boundCloses(43, 43);            // true
 * boundCloses(1e15, 1e15 + 900);  // false, although the relative gap is below 1e-12
 * ```
 */
export function boundCloses(objective: number, bound: number): boolean {
  if (!Number.isFinite(objective) || !Number.isFinite(bound)) return false;
  return Math.abs(objective - bound) <= Math.min(1e-9 * Math.max(1, Math.abs(objective)), 1e-6);
}

/**
 * Relative gap as reported everywhere in schedlab. A bound that closes on the objective
 * (`boundCloses`) is a gap of 0 even where the relative figure would be large: near an
 * objective of 0 a bound 1e-15 off is rounding, not a gap.
 */
export function relativeGap(objective: number, bound: number): number {
  if (!Number.isFinite(objective) || !Number.isFinite(bound)) return Number.NaN;
  if (boundCloses(objective, bound)) return 0;
  const gap = Math.abs(objective - bound) / Math.max(Math.abs(objective), 1e-10);
  return gap < 1e-12 ? 0 : gap;
}

/** A result that carries no solution: infeasible, unbounded, error, or a limit without incumbent. */
export function resultWithoutSolution(
  solver: string,
  termination: TerminationReason,
  timeMs: number,
  message?: string,
): SolveResult {
  return {
    solver,
    termination,
    hasSolution: false,
    objective: Number.NaN,
    bestBound: Number.NaN,
    gap: Number.NaN,
    values: new Float64Array(0),
    timeMs,
    ...(message === undefined ? {} : { message }),
  };
}
