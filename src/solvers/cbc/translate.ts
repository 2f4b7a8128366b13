/**
 * Pure translation for the native CBC backend: the model as an MPS file CBC reads
 * reliably, the command line, and CBC's solution file and log back into a `SolveResult`.
 *
 * Measured with CBC 2.10.8 (Debian `coinor-cbc`):
 * - CoinMpsIO guesses free vs fixed MPS and guesses wrong on indented free MPS, so the
 *   NAME line says `FREE` explicitly;
 * - it ignores OBJSENSE MAX, so a max model is written as min of the negated objective;
 * - with `-printingOptions all` the solution file lists every row, then every column, as
 *   `index name value dual` (a leading `**` marks an infeasible entry), but only to 8
 *   significant digits (`%15.8g`), which breaks equality rows of afiro by more than 1e-6;
 *   so the values come from `saveSolution`'s binary file (full doubles) and the text file
 *   gives the status and the names.
 */
import type { CanonicalModel } from '../../canonical/canonical-model.js';
import { objectiveValue, pointViolation } from '../../canonical/check.js';
import { writeMps } from '../../formats/mps-writer.js';
import {
  relativeGap,
  resultWithoutSolution,
  type SolveOptions,
  type SolveResult,
  type TerminationReason,
} from '../contract.js';

/** The model CBC is given: the same feasible set, always minimized. */
export function minimizationModel(model: CanonicalModel): CanonicalModel {
  if (model.sense === 'min') return model;
  const negated = Float64Array.from(model.colCost, (c) => -c);
  return {
    ...model,
    sense: 'min',
    colCost: negated,
    objectiveConstant: -model.objectiveConstant,
    colName: model.colName,
    rowName: model.rowName,
  };
}

/** Free MPS text for CBC (see the header for why NAME says FREE). */
export function cbcMpsText(model: CanonicalModel): string {
  const text = writeMps(minimizationModel(model));
  return text.replace(/^NAME\b.*$/m, 'NAME schedlab FREE');
}

/** A MIP start in CBC's solution-file format, one `index name value` line per column. */
export function cbcStartText(model: CanonicalModel, start: ArrayLike<number>): string {
  const lines = ['Stopped on time - objective value 0'];
  for (let j = 0; j < model.numCols; j++) lines.push(`${j} ${model.colName(j)} ${start[j]}`);
  return `${lines.join('\n')}\n`;
}

/**
 * CBC's arguments: read, set the options, solve, write every row and column.
 *
 * Two parts of CBC 2.10.8 are off, as each returned a worse point as "Optimal solution
 * found" on models of 3-5 columns found by the backends-agree property (the cases are in
 * test/conformance/cases.ts), and a wrong "optimal" cannot be caught after the fact:
 * - MIP preprocessing (CglPreProcess): it also calls feasible models infeasible (coin-or/Cbc
 *   issues 737, 740, 747, 749) and fixed an integer column wrongly;
 * - the feasibility pump: its "cleaned" solution replaced the root's better integral point,
 *   and the search then ended at the root (with the objective wrongly judged integral, the
 *   cutoff increment rose to 0.9999 as well).
 */
export function cbcArguments(
  files: { model: string; solution: string; start?: string; saved?: string },
  options: Pick<SolveOptions, 'timeLimitSec' | 'relativeGap' | 'absoluteGap'>,
): string[] {
  const args = [files.model, '-preprocess', 'off', '-feas', 'off'];
  // CBC counts CPU seconds by default; a limit is wall-clock time everywhere in schedlab.
  if (options.timeLimitSec !== undefined)
    args.push('-timeMode', 'elapsed', '-sec', String(Math.max(options.timeLimitSec, 0.01)));
  if (options.relativeGap !== undefined) args.push('-ratioGap', String(options.relativeGap));
  if (options.absoluteGap !== undefined) args.push('-allowableGap', String(options.absoluteGap));
  if (files.start !== undefined) args.push('-mipstart', files.start);
  args.push('-printingOptions', 'all', 'solve', 'solution', files.solution);
  if (files.saved !== undefined) args.push('saveSolution', files.saved);
  return args;
}

/** CBC's solution file: the status line and the value and dual of every row and column. */
export interface CbcSolution {
  status: string;
  rowValues: number[];
  rowDuals: number[];
  colNames: string[];
  colValues: number[];
  colDuals: number[];
}

const entryPattern = /^\s*(?:\*\*)?\s*(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/;

/** Parse a solution file written with `-printingOptions all` (rows first, then columns). */
export function parseCbcSolution(text: string, numRows: number): CbcSolution {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const status = (lines[0] ?? '').split(' - ')[0].trim();
  const solution: CbcSolution = { status, rowValues: [], rowDuals: [], colNames: [], colValues: [], colDuals: [] };
  lines.slice(1).forEach((line, k) => {
    const match = entryPattern.exec(line);
    if (!match) return;
    if (k < numRows) {
      solution.rowValues.push(Number(match[3]));
      solution.rowDuals.push(Number(match[4]));
    } else {
      solution.colNames.push(match[2]);
      solution.colValues.push(Number(match[3]));
      solution.colDuals.push(Number(match[4]));
    }
  });
  return solution;
}

/**
 * The binary file of CBC's `saveSolution`: int32 row and column counts, the objective,
 * then row values, row duals, column values and column duals as float64 (native order).
 * Undefined when the file is too short for what it declares.
 */
export function parseCbcSavedSolution(
  bytes: Uint8Array,
): Pick<CbcSolution, 'rowValues' | 'rowDuals' | 'colValues' | 'colDuals'> | undefined {
  if (bytes.byteLength < 16) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [rows, cols] = [view.getInt32(0, true), view.getInt32(4, true)];
  if (rows < 0 || cols < 0 || bytes.byteLength < 16 + 8 * (2 * rows + 2 * cols)) return undefined;
  const read = (start: number, count: number) =>
    Array.from({ length: count }, (_, k) => view.getFloat64(16 + 8 * (start + k), true));
  return {
    rowValues: read(0, rows),
    rowDuals: read(rows, rows),
    colValues: read(2 * rows, cols),
    colDuals: read(2 * rows + cols, cols),
  };
}

/** The proven lower bound of the minimization CBC solved, from its log (NaN when absent). */
export function parseCbcBound(log: string): number {
  const lowerBound = /^Lower bound:\s*(\S+)/m.exec(log);
  if (lowerBound) return Number(lowerBound[1]);
  const possible = [...log.matchAll(/best possible (-?[\d.eE+-]+)/g)].pop();
  return possible ? Number(possible[1]) : Number.NaN;
}

/** The absolute gap CBC stopped its search at ("Exiting as integer gap of G less than ..."); 0 when it did not. */
export function parseCbcGapExit(log: string): number {
  const match = /Exiting as integer gap of (\S+) less than/.exec(log);
  const gap = match ? Number(match[1]) : 0;
  return Number.isFinite(gap) ? gap : 0;
}

/** CBC's final objective from its log (NaN when absent). */
export function parseCbcObjective(log: string): number {
  const match = /^Objective value:\s*(\S+)/m.exec(log);
  return match ? Number(match[1]) : Number.NaN;
}

/**
 * The bound in the model's own sense. CBC's log states the minimized objective with or
 * without the constant depending on the version; the difference between our objective
 * of the point and the one CBC logs tells which, and moves the bound by the same amount.
 */
function originalBound(model: CanonicalModel, values: Float64Array, log: string): number {
  const bound = parseCbcBound(log);
  const logged = parseCbcObjective(log);
  const ours = objectiveValue(minimizationModel(model), values);
  const offset = Number.isFinite(logged)
    ? ours - logged
    : model.sense === 'max'
      ? -model.objectiveConstant
      : model.objectiveConstant;
  const sign = model.sense === 'max' ? -1 : 1;
  return sign * (bound + offset);
}

/** Column values by position, checked against the names CBC printed. */
function columnValues(model: CanonicalModel, solution: CbcSolution): Float64Array | undefined {
  if (solution.colValues.length !== model.numCols) return undefined;
  for (let j = 0; j < model.numCols; j++) if (solution.colNames[j] !== model.colName(j)) return undefined;
  return Float64Array.from(solution.colValues);
}

/** What `backend.ts` knows after one CBC run. */
export interface CbcRun {
  solution: CbcSolution | undefined;
  log: string;
  /** Whether a gap option was given (an "Optimal" stop may then be a gap stop). */
  gapOption: boolean;
  isMip: boolean;
}

/**
 * The result of a run. "Unbounded" from CBC means only that the relaxation is (dual
 * infeasible), so it comes back as `infeasibleOrUnbounded` here and `backend.ts`
 * settles it with a feasibility run.
 */
export function cbcResult(model: CanonicalModel, run: CbcRun, timeMs: number): SolveResult {
  const { solution } = run;
  const none = (reason: TerminationReason, message: string) => resultWithoutSolution('cbc', reason, timeMs, message);
  if (!solution || solution.status === '') {
    // Without preprocessing, CBC 2.10.8 can prove infeasibility by bound tightening and
    // then crash writing the solution file: the log still carries the verdict.
    if (/Problem is infeasible/i.test(run.log)) return none('infeasible', 'Problem is infeasible (bound tightening)');
    return none(
      'error',
      solution ? 'CBC wrote an empty solution file (it may have crashed)' : 'CBC wrote no solution file',
    );
  }
  const status = solution.status.toLowerCase();
  if (status.includes('infeasible')) return none('infeasible', solution.status);
  if (status.includes('unbounded')) return none('infeasibleOrUnbounded', solution.status);
  let termination: TerminationReason;
  if (status.startsWith('optimal')) termination = 'optimal';
  else if (status.includes('time')) termination = 'timeLimit';
  else if (status.includes('iterations') || status.includes('nodes')) termination = 'iterationLimit';
  else return none('error', solution.status);
  const values = columnValues(model, solution);
  const feasible = values !== undefined && pointViolation(model, values).max <= 1e-6;
  if (!feasible)
    return termination === 'optimal'
      ? none('error', `${solution.status}, but the point violates the model`)
      : none(termination, solution.status);
  const objective = objectiveValue(model, values);
  const sign = model.sense === 'max' ? -1 : 1;
  // A search CBC calls complete proves its incumbent, unless it exited on a gap, which it
  // states; the "best possible" of its progress lines is only the bound of a stopped search.
  let bestBound = objective;
  if (run.isMip && termination === 'optimal') bestBound = objective - sign * parseCbcGapExit(run.log);
  else if (run.isMip) bestBound = originalBound(model, values, run.log);
  const gap = relativeGap(objective, bestBound);
  if (termination === 'optimal' && run.gapOption && gap > 1e-9) termination = 'gapLimit';
  const result: SolveResult = {
    solver: 'cbc',
    termination,
    hasSolution: true,
    objective,
    bestBound,
    gap,
    values,
    timeMs,
    message: solution.status,
  };
  if (!run.isMip && termination === 'optimal') {
    // CBC solved min (sign * c)'x; with d = c - A'y the duals of the original objective are sign times these.
    result.rowDuals = Float64Array.from(solution.rowDuals, (y) => sign * y);
    result.reducedCosts = Float64Array.from(solution.colDuals, (d) => sign * d);
  }
  return result;
}
