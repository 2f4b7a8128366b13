/**
 * MPS writer: `CanonicalModel` -> free MPS text that CBC, GLPK, HiGHS and CPLEX all read
 * back as the same model.
 *
 * Choices, each made so that no reader has to guess:
 * - Integer columns sit between INTORG/INTEND markers and always get explicit bounds
 *   (`BV` for [0, 1], otherwise `LO`/`UP`, with `PL` for an infinite upper bound), because
 *   CPLEX and HiGHS read a marker column without bounds as binary.
 * - The upper bound is written before the lower bound: CPLEX and CoinMpsIO turn a negative
 *   `UP` into a free lower bound, and the `LO` line after it restores the intended value.
 * - A free row (both bounds infinite) is an `L` row with RHS 1e30, which CBC and HiGHS read
 *   as infinite (GLPK as a bound that never binds). An `N` row would be dropped by readers.
 * - A ranged row gets the row type and RANGES value whose `rhs -/+ |R|` reproduces the
 *   other bound exactly in double arithmetic whenever such a value exists (always when the
 *   bounds are integers below 2^52 or within a factor of two of each other). Otherwise the
 *   bound not carried by the RHS is off by a few units in the last place: MPS cannot do better.
 * - A column with no coefficient and no cost is written with an explicit zero objective
 *   entry, so that it still exists (and keeps its position) when read back.
 * - The objective constant is the negated RHS of the objective row.
 */
import type { CanonicalModel } from '../canonical/canonical-model.js';
import { fileNames, objectiveRowName, type FileNames } from './file-names.js';
import { checkWritable, formatNumber as num, INFINITE_VALUE } from './shared.js';

/** Column-wise copy of the matrix (CSC), made in time linear in the nonzeros. */
function columnsOf(model: CanonicalModel): { colStart: Int32Array; rowIndex: Int32Array; value: Float64Array } {
  const nnz = model.rowStart[model.numRows];
  const colStart = new Int32Array(model.numCols + 1);
  for (let k = 0; k < nnz; k++) colStart[model.colIndex[k] + 1] += 1;
  for (let j = 0; j < model.numCols; j++) colStart[j + 1] += colStart[j];
  const next = colStart.slice(0, model.numCols);
  const rowIndex = new Int32Array(nnz);
  const value = new Float64Array(nnz);
  for (let i = 0; i < model.numRows; i++) {
    for (let k = model.rowStart[i]; k < model.rowStart[i + 1]; k++) {
      const slot = next[model.colIndex[k]]++;
      rowIndex[slot] = i;
      value[slot] = model.value[k];
    }
  }
  return { colStart, rowIndex, value };
}

/** Move a positive double by `steps` units in the last place. */
function nudge(x: number, steps: number): number {
  const buffer = new Float64Array([x]);
  new BigInt64Array(buffer.buffer)[0] += BigInt(steps);
  return buffer[0];
}

interface RowCard {
  type: 'N' | 'L' | 'G' | 'E';
  rhs: number;
  range?: number;
}

/** Type, RHS and RANGES value of a ranged row, chosen so that reading is exact. */
function rangedRow(lower: number, upper: number): RowCard {
  const width = upper - lower;
  for (const steps of [0, 1, -1, 2, -2, 3, -3]) {
    const range = steps === 0 ? width : nudge(width, steps);
    if (upper - range === lower) return { type: 'L', rhs: upper, range };
    if (lower + range === upper) return { type: 'G', rhs: lower, range };
  }
  // No RANGES value is exact (e.g. [-8, 5.77e-15]: every lb + R is a multiple of 2^-49);
  // keep the smaller error, which is at most a few units in the last place of the larger bound.
  const errorAsL = Math.abs(upper - width - lower);
  return errorAsL <= Math.abs(lower + width - upper)
    ? { type: 'L', rhs: upper, range: width }
    : { type: 'G', rhs: lower, range: width };
}

function rowCard(lower: number, upper: number): RowCard {
  if (lower === upper) return { type: 'E', rhs: lower };
  if (lower === -Infinity) return { type: 'L', rhs: upper === Infinity ? INFINITE_VALUE : upper };
  if (upper === Infinity) return { type: 'G', rhs: lower };
  return rangedRow(lower, upper);
}

function boundLines(name: string, lower: number, upper: number, integer: boolean): string[] {
  if (integer && lower === 0 && upper === 1) return [` BV BND ${name}`];
  if (lower === upper) return [` FX BND ${name} ${num(lower)}`];
  if (lower === -Infinity && upper === Infinity) return [` FR BND ${name}`];
  const lines: string[] = [];
  if (upper !== Infinity) lines.push(` UP BND ${name} ${num(upper)}`);
  else if (integer) lines.push(` PL BND ${name}`);
  if (lower === -Infinity) lines.push(` MI BND ${name}`);
  else if (lower !== 0 || integer || upper < 0) lines.push(` LO BND ${name} ${num(lower)}`);
  return lines;
}

function columnLines(model: CanonicalModel, names: FileNames, objective: string, out: string[]): void {
  const { colStart, rowIndex, value } = columnsOf(model);
  let marker = 0;
  let inInteger = false;
  for (let j = 0; j < model.numCols; j++) {
    const integer = model.colInteger[j] === 1;
    if (integer !== inInteger) {
      out.push(`    MARKER${marker++} 'MARKER' '${integer ? 'INTORG' : 'INTEND'}'`);
      inInteger = integer;
    }
    const name = names.col(j);
    const cost = model.colCost[j];
    if (cost !== 0 || colStart[j] === colStart[j + 1]) out.push(`    ${name} ${objective} ${num(cost)}`);
    for (let k = colStart[j]; k < colStart[j + 1]; k++)
      out.push(`    ${name} ${names.row(rowIndex[k])} ${num(value[k])}`);
  }
  if (inInteger) out.push(`    MARKER${marker} 'MARKER' 'INTEND'`);
}

function rowSections(
  model: CanonicalModel,
  names: FileNames,
  objective: string,
): { rows: string[]; rhs: string[]; ranges: string[] } {
  const rows = [` N ${objective}`];
  const rhs: string[] = [];
  const ranges: string[] = [];
  if (model.objectiveConstant !== 0) rhs.push(`    RHS ${objective} ${num(-model.objectiveConstant)}`);
  for (let i = 0; i < model.numRows; i++) {
    const card = rowCard(model.rowLower[i], model.rowUpper[i]);
    const name = names.row(i);
    rows.push(` ${card.type} ${name}`);
    if (card.rhs !== 0) rhs.push(`    RHS ${name} ${num(card.rhs)}`);
    if (card.range !== undefined) ranges.push(`    RNG ${name} ${num(card.range)}`);
  }
  return { rows, rhs, ranges };
}

/**
 * Write a model as free MPS, with the same names as `writeLp` (`fileNames`).
 * `readMps(writeMps(model))` reproduces every array of the model exactly.
 *
 * @example
 * ```ts
 * const text = writeMps(canonicalModel({
 *   sense: 'max', colCost: [1], colLower: [0], colUpper: [4], colInteger: [1],
 *   rowLower: [-Infinity], rowUpper: [3], rowStart: [0, 1], colIndex: [0], value: [2],
 * }));
 * // text contains "OBJSENSE", "'INTORG'", " UP BND x0 4" and " LO BND x0 0"
 * ```
 */
export function writeMps(model: CanonicalModel): string {
  checkWritable(model, 'MPS');
  const names = fileNames(model);
  const objective = objectiveRowName(model, names);
  const { rows, rhs, ranges } = rowSections(model, names, objective);
  const out = [`NAME ${model.name.replace(/\s+/g, '_')}`.trimEnd()];
  if (model.sense === 'max') out.push('OBJSENSE', '    MAX');
  out.push('ROWS', ...rows, 'COLUMNS');
  columnLines(model, names, objective, out);
  out.push('RHS', ...rhs);
  if (ranges.length > 0) out.push('RANGES', ...ranges);
  const bounds: string[] = [];
  for (let j = 0; j < model.numCols; j++) {
    bounds.push(...boundLines(names.col(j), model.colLower[j], model.colUpper[j], model.colInteger[j] === 1));
  }
  if (bounds.length > 0) out.push('BOUNDS', ...bounds);
  out.push('ENDATA', '');
  return out.join('\n');
}
