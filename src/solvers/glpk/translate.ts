/**
 * Pure translation between a `CanonicalModel` and glpk.js: the model becomes glpk.js's
 * JSON problem, and glpk.js's status codes and values become a `SolveResult`. Nothing
 * here loads glpk.js, so all of it is testable without the solver.
 */
import type { CanonicalModel } from '../../canonical/canonical-model.js';
import { objectiveValue, pointViolation } from '../../canonical/check.js';
import { relativeGap, resultWithoutSolution, type SolveResult, type TerminationReason } from '../contract.js';

/**
 * The shape of glpk.js's problem and options, declared here so that neither this file
 * nor the declarations built from it need glpk.js (an optional, GPL peer dependency).
 */
export interface LP {
  name: string;
  objective: { direction: number; name: string; vars: { name: string; coef: number }[] };
  subjectTo: { name: string; vars: { name: string; coef: number }[]; bnds: { type: number; ub: number; lb: number } }[];
  bounds?: { name: string; type: number; ub: number; lb: number }[];
  generals?: string[];
}

export interface Options {
  mipgap?: number;
  tmlim?: number;
  msglev?: number;
  presol?: boolean;
}

/** GLPK's constants (identical in every glpk.js build; checked against the module by a test). */
export const glpkConstants = {
  GLP_MIN: 1,
  GLP_MAX: 2,
  GLP_FR: 1,
  GLP_LO: 2,
  GLP_UP: 3,
  GLP_DB: 4,
  GLP_FX: 5,
  GLP_MSG_OFF: 0,
  GLP_MSG_ON: 2,
  GLP_UNDEF: 1,
  GLP_FEAS: 2,
  GLP_INFEAS: 3,
  GLP_NOFEAS: 4,
  GLP_OPT: 5,
  GLP_UNBND: 6,
} as const;

const K = glpkConstants;

/** Column j is called `x<j>` and row i `r<i>` inside GLPK: short, unique, and free of name-building cost. */
export const glpkColName = (j: number): string => `x${j}`;
export const glpkRowName = (i: number): string => `r${i}`;

/** GLPK's bound type for the interval [lower, upper] (infinite ends allowed). */
export function glpkBoundType(lower: number, upper: number): number {
  const hasLower = lower > -Infinity;
  const hasUpper = upper < Infinity;
  if (hasLower && hasUpper) return lower === upper ? K.GLP_FX : K.GLP_DB;
  if (hasLower) return K.GLP_LO;
  if (hasUpper) return K.GLP_UP;
  return K.GLP_FR;
}

function glpkBounds(lower: number, upper: number): { type: number; lb: number; ub: number } {
  // GLPK ignores the value of an absent end; 0 keeps infinities out of the WASM boundary.
  return { type: glpkBoundType(lower, upper), lb: lower > -Infinity ? lower : 0, ub: upper < Infinity ? upper : 0 };
}

/**
 * The glpk.js problem for a model. Every column gets an explicit bound entry, so that
 * glpk.js creates columns that appear in no row and have no cost. The objective
 * constant is not part of it (glpk.js has no field for one): `objectiveValue` adds it.
 *
 * @param relaxIntegrality leave out the integrality (solve the LP relaxation)
 * @param zeroObjective drop the costs (a pure feasibility problem)
 */
export function toGlpkProblem(
  model: CanonicalModel,
  { relaxIntegrality = false, zeroObjective = false }: { relaxIntegrality?: boolean; zeroObjective?: boolean } = {},
): LP {
  const objectiveVars: LP['objective']['vars'] = [];
  const bounds: NonNullable<LP['bounds']> = [];
  const generals: string[] = [];
  for (let j = 0; j < model.numCols; j++) {
    const name = glpkColName(j);
    if (!zeroObjective && model.colCost[j] !== 0) objectiveVars.push({ name, coef: model.colCost[j] });
    bounds.push({ name, ...glpkBounds(model.colLower[j], model.colUpper[j]) });
    if (model.colInteger[j] && !relaxIntegrality) generals.push(name);
  }
  const subjectTo: LP['subjectTo'] = [];
  for (let i = 0; i < model.numRows; i++) {
    const vars: { name: string; coef: number }[] = [];
    for (let k = model.rowStart[i]; k < model.rowStart[i + 1]; k++) {
      vars.push({ name: glpkColName(model.colIndex[k]), coef: model.value[k] });
    }
    subjectTo.push({ name: glpkRowName(i), vars, bnds: glpkBounds(model.rowLower[i], model.rowUpper[i]) });
  }
  return {
    name: 'schedlab',
    objective: { direction: model.sense === 'max' ? K.GLP_MAX : K.GLP_MIN, name: 'obj', vars: objectiveVars },
    subjectTo,
    bounds,
    generals,
  };
}

/** glpk.js options for our solve options (`tmlim` in seconds, `mipgap` relative). */
export function toGlpkOptions(
  options: { timeLimitSec?: number; relativeGap?: number; log?: unknown },
  presolve: boolean,
): Options {
  const result: Options = { presol: presolve, msglev: options.log ? K.GLP_MSG_ON : K.GLP_MSG_OFF };
  // glpk.js turns tmlim into whole milliseconds; 1 ms is the least that still means "a limit".
  if (options.timeLimitSec !== undefined) result.tmlim = Math.max(options.timeLimitSec, 0.001);
  if (options.relativeGap !== undefined) result.mipgap = Math.max(options.relativeGap, 0);
  return result;
}

/** Column values from glpk.js's name-keyed `vars` (a missing column reads as NaN). */
export function glpkValues(model: CanonicalModel, vars: Record<string, number>): Float64Array {
  const values = new Float64Array(model.numCols);
  for (let j = 0; j < model.numCols; j++) values[j] = vars[glpkColName(j)] ?? Number.NaN;
  return values;
}

/** What one glpk.js run said, as the orchestration in `backend.ts` needs to know it. */
export interface GlpkRun {
  status: number;
  vars: Record<string, number>;
  dual?: Record<string, number>;
  /** Whether the run used the time limit up (glpk.js does not return GLPK's ETMLIM code). */
  timedOut: boolean;
}

/** Reduced costs d = c - A'y from GLPK's row duals (glpk.js reports only the row duals). */
export function reducedCosts(model: CanonicalModel, rowDuals: Float64Array): Float64Array {
  const reduced = Float64Array.from(model.colCost);
  for (let i = 0; i < model.numRows; i++) {
    for (let k = model.rowStart[i]; k < model.rowStart[i + 1]; k++) {
      reduced[model.colIndex[k]] -= model.value[k] * rowDuals[i];
    }
  }
  return reduced;
}

/** A result with a solution, or none when the values do not satisfy the model. */
export function resultWithValues(
  model: CanonicalModel,
  termination: TerminationReason,
  values: Float64Array,
  timeMs: number,
  { bestBound = Number.NaN, message }: { bestBound?: number; message?: string } = {},
): SolveResult {
  if (values.length !== model.numCols || pointViolation(model, values).max > 1e-6) {
    // A point that breaks the model is never reported; an "optimal" claim without one is an error.
    const reason = termination === 'optimal' ? 'error' : termination;
    return resultWithoutSolution(
      'glpk',
      reason,
      timeMs,
      `${message ?? termination}: the returned point violates the model`,
    );
  }
  const objective = objectiveValue(model, values);
  return {
    solver: 'glpk',
    termination,
    hasSolution: true,
    objective,
    bestBound,
    gap: relativeGap(objective, bestBound),
    values,
    timeMs,
    ...(message === undefined ? {} : { message }),
  };
}

/** LP: map the status of a run with presolve off (presolve hides infeasible vs unbounded). */
export function lpResult(model: CanonicalModel, run: GlpkRun, timeMs: number): SolveResult {
  const values = glpkValues(model, run.vars);
  switch (run.status) {
    case K.GLP_OPT: {
      const result = resultWithValues(model, 'optimal', values, timeMs, { message: 'OPT' });
      if (!result.hasSolution) return result;
      const rowDuals = new Float64Array(model.numRows);
      for (let i = 0; i < model.numRows; i++) rowDuals[i] = run.dual?.[glpkRowName(i)] ?? Number.NaN;
      return { ...result, bestBound: result.objective, gap: 0, rowDuals, reducedCosts: reducedCosts(model, rowDuals) };
    }
    case K.GLP_NOFEAS:
      return resultWithoutSolution('glpk', 'infeasible', timeMs, 'NOFEAS');
    case K.GLP_UNBND:
      return resultWithoutSolution('glpk', 'unbounded', timeMs, 'UNBND');
    case K.GLP_FEAS:
      return resultWithValues(model, run.timedOut ? 'timeLimit' : 'iterationLimit', values, timeMs, {
        message: 'FEAS',
      });
    default:
      return resultWithoutSolution('glpk', run.timedOut ? 'timeLimit' : 'error', timeMs, statusName(run.status));
  }
}

/**
 * MIP: map the status of a run with presolve on. glpk.js reports a MIP stopped by the
 * time limit (or by `mipgap`) as FEAS, never as OPT; which of the two it was is read
 * from the clock (`feasibleStop`). UNDEF without a time-out means the relaxation could not be solved,
 * which `backend.ts` resolves with more runs; this returns `undefined` then.
 */
export function mipResult(
  model: CanonicalModel,
  run: GlpkRun,
  timeMs: number,
  relativeGapOption: number | undefined,
): SolveResult | undefined {
  const values = glpkValues(model, run.vars);
  switch (run.status) {
    case K.GLP_OPT: {
      // OPT means proven within mipgap (0 by default); the bound is then only known to that tolerance.
      const result = resultWithValues(model, 'optimal', values, timeMs, { message: 'OPT' });
      const exact = !relativeGapOption;
      return exact && result.hasSolution ? { ...result, bestBound: result.objective, gap: 0 } : result;
    }
    case K.GLP_FEAS: {
      const [reason, message] = feasibleStop(run.timedOut, relativeGapOption);
      return resultWithValues(model, reason, values, timeMs, message);
    }
    case K.GLP_NOFEAS:
      return resultWithoutSolution('glpk', 'infeasible', timeMs, 'NOFEAS');
    default:
      return run.timedOut ? resultWithoutSolution('glpk', 'timeLimit', timeMs, statusName(run.status)) : undefined;
  }
}

/**
 * Why a MIP run that ended FEAS (a solution, optimality not proven) stopped: the clock
 * says whether the time limit did it; otherwise a relative gap option did, if one was
 * given. With neither, GLPK stopped for a reason glpk.js does not pass on, which is no
 * time limit: it is reported as an iteration limit, with that said in the message.
 */
export function feasibleStop(
  timedOut: boolean,
  relativeGapOption: number | undefined,
): [TerminationReason, { message: string }] {
  if (timedOut) return ['timeLimit', { message: 'FEAS: stopped at the time limit' }];
  if (relativeGapOption) return ['gapLimit', { message: `FEAS: stopped within the relative gap ${relativeGapOption}` }];
  return [
    'iterationLimit',
    {
      message:
        'FEAS: GLPK stopped before proving optimality, neither at the time limit nor by a gap option (glpk.js does not say why)',
    },
  ];
}

/** GLPK's name for a status code, for messages. */
export function statusName(status: number): string {
  const names: Record<number, string> = { 1: 'UNDEF', 2: 'FEAS', 3: 'INFEAS', 4: 'NOFEAS', 5: 'OPT', 6: 'UNBND' };
  return names[status] ?? `status ${status}`;
}
