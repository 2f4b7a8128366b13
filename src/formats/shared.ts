/**
 * Helpers shared by the LP and MPS readers and writers: number parsing and printing,
 * and the linear-time assembly of a CSR matrix from (row, column, value) triplets.
 */
import type { CanonicalModel } from '../canonical/canonical-model.js';
import { inputError, modelError, type SchedlabError } from '../errors.js';

/**
 * Magnitudes at or above this are read as infinite. CBC (CoinMpsIO) uses 1e30; CPLEX and
 * HiGHS already treat 1e20 as infinite, so every value we call infinite they do too.
 */
export const INFINITE_VALUE = 1e30;

const infinityWord = /^([+-]?)(inf|infinity)$/i;
const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parse a numeric field: decimal or exponent notation, or the words `inf`/`infinity`.
 * Returns undefined for anything else. Magnitudes >= 1e30 become +-Infinity.
 *
 * @example
 * ```ts
 * parseNumber('1.') === 1; parseNumber('-1e30') === -Infinity; parseNumber('x') === undefined;
 * ```
 */
export function parseNumber(text: string): number | undefined {
  const word = infinityWord.exec(text);
  if (word) return word[1] === '-' ? -Infinity : Infinity;
  if (!numberPattern.test(text)) return undefined;
  const value = Number(text);
  if (value >= INFINITE_VALUE) return Infinity;
  if (value <= -INFINITE_VALUE) return -Infinity;
  return value;
}

/**
 * Print a finite number so that it reads back as the same double (`String` is shortest
 * round-trip). Negative zero prints as `0`, which every reader takes as zero.
 *
 * @example
 * ```ts
 * formatNumber(0.1) === '0.1'; formatNumber(1e21) === '1e+21';
 * ```
 */
export function formatNumber(value: number): string {
  return String(value);
}

/** Where the CSR assembly found two coefficients for one (row, column) pair. */
export interface DuplicateEntry {
  row: number;
  col: number;
  /** Positions of the two triplets in the input arrays. */
  first: number;
  second: number;
}

/** A CSR matrix, or the first duplicate (row, column) pair that prevents one. */
export type CsrResult =
  | { rowStart: Int32Array; colIndex: Int32Array; value: Float64Array; duplicate?: undefined }
  | { duplicate: DuplicateEntry };

/**
 * Turn triplets into CSR by counting sort: time and memory linear in the nonzeros.
 * Within a row, entries keep their input order. Duplicate pairs are reported, not summed,
 * because the caller decides whether they are an error.
 *
 * @example
 * ```ts
 * const csr = triplesToCsr(2, 2, [1, 0], [0, 1], [5, 7]);
 * // csr.rowStart = [0, 1, 2], csr.colIndex = [1, 0], csr.value = [7, 5]
 * ```
 */
export function triplesToCsr(
  numRows: number,
  numCols: number,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
  values: ArrayLike<number>,
): CsrResult {
  const count = rows.length;
  const rowStart = new Int32Array(numRows + 1);
  for (let k = 0; k < count; k++) rowStart[rows[k] + 1] += 1;
  for (let i = 0; i < numRows; i++) rowStart[i + 1] += rowStart[i];
  const next = rowStart.slice(0, numRows);
  const colIndex = new Int32Array(count);
  const value = new Float64Array(count);
  const origin = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const slot = next[rows[k]]++;
    colIndex[slot] = cols[k];
    value[slot] = values[k];
    origin[slot] = k;
  }
  const duplicate = findDuplicate(numRows, numCols, rowStart, colIndex, origin);
  return duplicate ? { duplicate } : { rowStart, colIndex, value };
}

function findDuplicate(
  numRows: number,
  numCols: number,
  rowStart: Int32Array,
  colIndex: Int32Array,
  origin: Int32Array,
): DuplicateEntry | undefined {
  // lastRow[j] holds the last row that used column j and where, so one pass finds repeats.
  const lastRow = new Int32Array(numCols).fill(-1);
  const lastSlot = new Int32Array(numCols);
  for (let i = 0; i < numRows; i++) {
    for (let k = rowStart[i]; k < rowStart[i + 1]; k++) {
      const j = colIndex[k];
      if (lastRow[j] === i) return { row: i, col: j, first: origin[lastSlot[j]], second: origin[k] };
      lastRow[j] = i;
      lastSlot[j] = k;
    }
  }
  return undefined;
}

/**
 * An input error at a one-based line (and column, when known), naming the file when the caller
 * knows it. The line lives in the location, so `describe()` prints `file:57: expected ...`
 * without repeating it.
 */
export function errorAt(message: string, line: number, fileName?: string, column?: number): SchedlabError {
  return inputError(message, {
    ...(fileName === undefined ? {} : { file: fileName }),
    line,
    ...(column === undefined ? {} : { column }),
  });
}

/**
 * Why a row with bounds [lower, upper] cannot be read, or undefined when it can: a lower bound
 * of +infinity or an upper bound of -infinity is a row no point satisfies and no solver accepts
 * (HiGHS refuses the model with status -1), and a NaN bound (an infinite MPS right-hand side
 * with an infinite range) means nothing, so the readers refuse them at their line.
 *
 * @example
 * ```ts
 * impossibleBound('row', 'c1', Infinity, Infinity); // "row 'c1' has the lower bound +infinity ..."
 * ```
 */
export function impossibleBound(
  what: 'row' | 'column',
  name: string,
  lower: number,
  upper: number,
): string | undefined {
  if (Number.isNaN(lower) || Number.isNaN(upper))
    return `${what} '${name}' has an undefined bound (an infinite right-hand side with an infinite range gives infinity minus infinity); give finite values`;
  const side = lower === Infinity ? 'lower bound +infinity' : upper === -Infinity ? 'upper bound -infinity' : undefined;
  if (side === undefined) return undefined;
  return `${what} '${name}' has the ${side}, which no value meets; give a finite bound (magnitudes of ${INFINITE_VALUE} or more mean infinity)`;
}

/**
 * Refuse to write a model that would not read back: a finite coefficient or objective constant
 * of 1e30 or more is written as a number that every LP/MPS reader (ours, CPLEX, HiGHS) takes
 * as infinity, which our readers then refuse. Bounds of that size already mean infinity.
 *
 * @example
 * ```ts
 * checkWritable(model, 'LP'); // throws a 'model' error naming the row and column of a 1e31 coefficient
 * ```
 */
export function checkWritable(model: CanonicalModel, format: string): void {
  const refuse = (where: string, value: number): never => {
    throw modelError(
      `cannot write the model as ${format}: ${where} is ${value}, and a file reads magnitudes of ${INFINITE_VALUE} or more as infinity; scale the model`,
    );
  };
  if (Math.abs(model.objectiveConstant) >= INFINITE_VALUE) refuse('the objective constant', model.objectiveConstant);
  for (let j = 0; j < model.numCols; j++)
    if (Math.abs(model.colCost[j]) >= INFINITE_VALUE)
      refuse(`the cost of column '${model.colName(j)}'`, model.colCost[j]);
  for (let i = 0; i < model.numRows; i++) {
    for (let k = model.rowStart[i]; k < model.rowStart[i + 1]; k++) {
      const value = model.value[k];
      if (Math.abs(value) >= INFINITE_VALUE)
        refuse(`the coefficient of column '${model.colName(model.colIndex[k])}' in row '${model.rowName(i)}'`, value);
    }
  }
}
