/**
 * Pure translation between the canonical model and highs-js's typed model API.
 * No WASM is loaded here, so this file is testable without the solver.
 */
import type { ModelData, ModelStatusCode } from 'highs';
import type { CanonicalModel } from '../../canonical/canonical-model.js';
import { isMip } from '../../canonical/canonical-model.js';
import type { SolveOptions, TerminationReason } from '../contract.js';

/** Native objective-sense codes of HiGHS (1 minimize, -1 maximize). */
export interface SenseCodes {
  minimize: ModelData['sense'];
  maximize: ModelData['sense'];
}

/** The canonical model as highs-js `ModelData` (CSR, continuous or integer columns). */
export function toHighsModelData(model: CanonicalModel, senses: SenseCodes): ModelData {
  return {
    numCols: model.numCols,
    numRows: model.numRows,
    sense: model.sense === 'max' ? senses.maximize : senses.minimize,
    offset: model.objectiveConstant,
    colCost: model.colCost,
    colLower: model.colLower,
    colUpper: model.colUpper,
    rowLower: model.rowLower,
    rowUpper: model.rowUpper,
    matrix: {
      format: 'csr',
      numRows: model.numRows,
      numCols: model.numCols,
      starts: model.rowStart,
      indices: model.colIndex.subarray(0, model.rowStart[model.numRows]),
      values: model.value.subarray(0, model.rowStart[model.numRows]),
    },
    ...(isMip(model) ? { integrality: Int32Array.from(model.colInteger) } : {}),
  };
}

/** HiGHS options for our solve options; HiGHS's own console output is always off. */
export function toHighsOptions(options: SolveOptions): Record<string, number | boolean | string> {
  const result: Record<string, number | boolean | string> = {
    output_flag: options.log !== undefined,
    log_to_console: false,
  };
  // HiGHS refuses an infinite option value; no limit is simply its default.
  if (options.timeLimitSec !== undefined && options.timeLimitSec !== Infinity)
    result.time_limit = Math.max(0, options.timeLimitSec);
  if (options.relativeGap !== undefined) result.mip_rel_gap = options.relativeGap;
  if (options.absoluteGap !== undefined) result.mip_abs_gap = options.absoluteGap;
  return result;
}

/**
 * The options of a second run (the retry of status 9 without presolve): the time limit
 * is what the first run left, so the two runs together keep the caller's limit.
 * Undefined when no time is left for one.
 */
export function retryOptions(options: SolveOptions, elapsedSec: number): SolveOptions | undefined {
  if (options.timeLimitSec === undefined) return options;
  const left = options.timeLimitSec - elapsedSec;
  return left > 0 ? { ...options, timeLimitSec: left } : undefined;
}

/**
 * HiGHS model status → our termination reason. Codes from highs-js `ModelStatusCode`:
 * 7 optimal, 8 infeasible, 9 infeasible-or-unbounded, 10 unbounded, 11 objective
 * bound, 12 objective target, 13 time limit, 14 iteration limit, 16 solution limit,
 * 17 interrupted; the rest are errors.
 */
export function terminationOf(status: ModelStatusCode, gapReached: boolean): TerminationReason {
  switch (status) {
    case 7:
      // HiGHS says "optimal" when the MIP gap tolerance is met; that is a gap limit
      // unless the gap is really closed.
      return gapReached ? 'gapLimit' : 'optimal';
    case 8:
      return 'infeasible';
    case 9:
      return 'infeasibleOrUnbounded';
    case 10:
      return 'unbounded';
    case 13:
      return 'timeLimit';
    case 14:
    case 16:
      return 'iterationLimit';
    case 11:
    case 12:
      return 'gapLimit';
    default:
      return 'error';
  }
}

/** Human-readable name of a HiGHS model status, for messages. */
export function statusName(status: ModelStatusCode): string {
  const names: Record<number, string> = {
    0: 'not set',
    1: 'load error',
    2: 'model error',
    3: 'presolve error',
    4: 'solve error',
    5: 'postsolve error',
    6: 'empty',
    7: 'optimal',
    8: 'infeasible',
    9: 'infeasible or unbounded',
    10: 'unbounded',
    11: 'objective bound reached',
    12: 'objective target reached',
    13: 'time limit reached',
    14: 'iteration limit reached',
    15: 'unknown',
    16: 'solution limit reached',
    17: 'interrupted',
  };
  return names[status] ?? `status ${status}`;
}
