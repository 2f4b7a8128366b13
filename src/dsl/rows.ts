/**
 * The constraint matrix as it is built: CSR arrays that only grow. Adding a row
 * merges duplicate variables in one pass with a slot table, so the cost of a row is
 * linear in its terms and never depends on the size of the model.
 */
import { GrowableFloat64, GrowableInt32 } from '../util/growable.js';
import { Var, type LinExpr } from './expression.js';

export class RowStore {
  readonly rowStart = new GrowableInt32();
  readonly colIndex = new GrowableInt32(1024);
  readonly value = new GrowableFloat64(1024);
  readonly lower = new GrowableFloat64();
  readonly upper = new GrowableFloat64();
  /** slot[j] = position of column j's entry in the row being built (if >= row start). */
  private slot = new Int32Array(1024).fill(-1);

  constructor() {
    this.rowStart.push(0);
  }

  get count(): number {
    return this.lower.length;
  }

  get nonzeros(): number {
    return this.colIndex.length;
  }

  /** Append `lower <= left - right <= upper` (constants already in the bounds); returns the row index. */
  append(left: Var | LinExpr, right: Var | LinExpr | undefined, lower: number, upper: number, numCols: number): number {
    if (right === undefined && !(left instanceof Var) && left.hasDistinctVars)
      return this.appendDistinct(left, lower, upper);
    // The slot table is only for merging; a model built from slice sums never needs it.
    if (this.slot.length < numCols) this.growSlots(numCols);
    const begin = this.colIndex.length;
    let zeros = this.addTerms(begin, left, 1);
    if (right !== undefined) zeros = this.addTerms(begin, right, -1) || zeros;
    if (zeros) this.dropZeros(begin);
    this.rowStart.push(this.colIndex.length);
    this.lower.push(lower);
    this.upper.push(upper);
    return this.lower.length - 1;
  }

  /** A row whose terms need no merging (a slice sum): written by arithmetic or two block copies. */
  private appendDistinct(terms: LinExpr, lower: number, upper: number): number {
    const length = this.colIndex.length;
    terms.appendTermsTo(this.colIndex, this.value, 1);
    // A slice kept as arithmetic has one coefficient; written-out terms are scanned.
    const line = terms.line;
    if (line ? line.coef === 0 && line.count > 0 : this.value.view().subarray(length).includes(0))
      this.dropZeros(length);
    this.rowStart.push(this.colIndex.length);
    this.lower.push(lower);
    this.upper.push(upper);
    return this.lower.length - 1;
  }

  /**
   * The hot loop of model building: written against the raw arrays, no calls per term.
   * Returns true when a coefficient is zero or a merge may have cancelled one.
   */
  private addTerms(begin: number, part: Var | LinExpr, sign: number): boolean {
    const vars = part instanceof Var ? [part.index] : part.vars;
    const coefs = part instanceof Var ? [sign] : part.coefs;
    const scale = part instanceof Var ? 1 : sign;
    const columns = this.colIndex.room(vars.length);
    const values = this.value.room(vars.length);
    const slot = this.slot;
    let length = this.colIndex.length;
    let zeros = false;
    for (let k = 0; k < vars.length; k++) {
      const column = vars[k];
      const position = slot[column];
      const coef = scale * coefs[k];
      // A slot may be stale (left by an earlier row, shifted by dropZeros): trust it
      // only when it lies in this row and holds this very column.
      if (position >= begin && position < length && columns[position] === column) {
        values[position] += coef;
        zeros = true;
      } else {
        slot[column] = length;
        columns[length] = column;
        values[length++] = coef;
        zeros ||= coef === 0;
      }
    }
    this.colIndex.setLength(length);
    this.value.setLength(length);
    return zeros;
  }

  /** Make room for `nonzeros` more entries at once. */
  reserve(nonzeros: number): void {
    this.colIndex.reserve(this.colIndex.length + nonzeros);
    this.value.reserve(this.value.length + nonzeros);
  }

  /** Give back reserved room that more than doubles what is used (a reservation that overshot). */
  releaseExcess(): void {
    this.colIndex.shrinkIfOver(2);
    this.value.shrinkIfOver(2);
  }

  /** Drop every row from `count` on (undoing a family whose building failed). */
  truncate(count: number): void {
    const nonzeros = this.rowStart.get(count);
    this.rowStart.truncate(count + 1);
    this.colIndex.truncate(nonzeros);
    this.value.truncate(nonzeros);
    this.lower.truncate(count);
    this.upper.truncate(count);
  }

  /** Terms that cancelled (x - x) leave explicit zeros; solvers and writers want none. */
  private dropZeros(begin: number): void {
    let write = begin;
    for (let read = begin; read < this.colIndex.length; read++) {
      const coef = this.value.get(read);
      if (coef === 0) continue;
      this.colIndex.set(write, this.colIndex.get(read));
      this.value.set(write, coef);
      write++;
    }
    this.colIndex.truncate(write);
    this.value.truncate(write);
  }

  private growSlots(numCols: number): void {
    const next = new Int32Array(Math.max(numCols, this.slot.length * 2)).fill(-1);
    next.set(this.slot);
    this.slot = next;
  }
}
