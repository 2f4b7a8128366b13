/**
 * Indexed families of variables and constraints, keyed by typed tuples: a family over
 * `[job: string, time: number]` has `get(job, time)`, and `get(time)` does not compile.
 */
import { modelError } from '../errors.js';
import { LinExpr, Var, type VarOwner } from './expression.js';
import type { KeyIndex, Pattern } from './keys.js';
import { memberName } from './keys.js';

function missingKey(kind: string, family: string, key: readonly unknown[]): Error {
  return modelError(
    `${kind} family '${family}' has no member ${memberName(family, key)}; check the key or the index the family was built over`,
  );
}

/** Members of a family by key; `make(i)` turns a global index into a handle. */
abstract class Family<K extends readonly unknown[], T> {
  constructor(
    readonly name: string,
    protected readonly index: KeyIndex<K>,
  ) {}

  protected abstract memberAt(offset: number): T | undefined;
  protected abstract readonly kind: string;

  /** Number of members. */
  abstract get size(): number;

  /** The member with this key; throws an error naming the family and key when absent. */
  get(...key: K): T {
    const member = this.memberOf(key);
    if (member === undefined) throw missingKey(this.kind, this.name, key);
    return member;
  }

  /** The member with this key, or undefined. */
  find(...key: K): T | undefined {
    return this.memberOf(key);
  }

  private memberOf(key: K): T | undefined {
    const offset = this.index.offsetOf(key);
    return offset < 0 ? undefined : this.memberAt(offset);
  }

  has(...key: K): boolean {
    return this.find(...key) !== undefined;
  }

  /** Every (key, member) pair, in index order. */
  *entries(): IterableIterator<[K, T]> {
    for (let offset = 0; offset < this.index.size; offset++) {
      const member = this.memberAt(offset);
      if (member !== undefined) yield [this.index.keyAt(offset), member];
    }
  }

  /** Every member, in index order. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (const [, member] of this.entries()) yield member;
  }
}

/** A family of variables; every key of its index has a variable. */
export class VarFamily<K extends readonly unknown[]> extends Family<K, Var> {
  protected readonly kind = 'variable';

  constructor(
    name: string,
    index: KeyIndex<K>,
    private readonly start: number,
    private readonly owner: VarOwner,
  ) {
    super(name, index);
  }

  get size(): number {
    return this.index.size;
  }

  protected memberAt(offset: number): Var {
    return new Var(this.owner, this.start + offset);
  }

  /**
   * The sum of the members matching a pattern, `all` standing for any value, times
   * `coef`: `x.sum(job, all)` is the sum over every time of x(job, t). Builds the
   * expression straight from index arithmetic, with no per-term objects.
   */
  sum(...pattern: [...Pattern<K>]): LinExpr {
    return this.sumScaled(1, ...pattern);
  }

  /** `coef` times the sum of the members matching the pattern. */
  sumScaled(coef: number, ...pattern: [...Pattern<K>]): LinExpr {
    const line = this.index.line?.(pattern);
    if (line !== undefined) return LinExpr.fromLine(this.owner, { ...line, first: line.first + this.start }, coef);
    const found = this.index.matching(pattern);
    const offsets = found instanceof Int32Array ? found : Int32Array.from(found);
    if (this.start !== 0) for (let k = 0; k < offsets.length; k++) offsets[k] += this.start;
    return LinExpr.fromColumns(this.owner, offsets, coef);
  }

  /** The members matching a pattern, in index order. */
  slice(...pattern: [...Pattern<K>]): Var[] {
    return Array.from(this.index.matching(pattern), (offset) => this.memberAt(offset));
  }
}

/** A family of constraints; a key whose builder returned nothing has no member. */
export class ConstraintFamily<K extends readonly unknown[], C> extends Family<K, C> {
  protected readonly kind = 'constraint';

  constructor(
    name: string,
    index: KeyIndex<K>,
    /** Row index of each key offset, -1 where no constraint was made. */
    private readonly rowOfOffset: Int32Array,
    private readonly make: (row: number) => C,
    private readonly count: number,
  ) {
    super(name, index);
  }

  get size(): number {
    return this.count;
  }

  protected memberAt(offset: number): C | undefined {
    const row = this.rowOfOffset[offset];
    return row < 0 ? undefined : this.make(row);
  }
}
