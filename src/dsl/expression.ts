/**
 * Variables, linear expressions and comparisons: the terms models are written in.
 *
 * An expression keeps its terms in two flat arrays (variable indices, coefficients)
 * and only appends, so building a sum of n terms costs O(n). Duplicate variables are
 * merged once, when a constraint or objective is added to the model.
 */
import { modelError } from '../errors.js';
import { GrowableFloat64, GrowableInt32 } from '../util/growable.js';

/** What a variable belongs to: the model that made it. */
export interface VarOwner {
  readonly name: string;
  variableName(index: number): string;
}

/** Anything that can appear in a linear expression. */
export type Term = Var | LinExpr | number;

/**
 * The arithmetic both variables and expressions offer; every operation returns a new
 * expression and leaves its operands alone (use `LinExpr.add` to accumulate in loops).
 */
abstract class Linear {
  /** A new expression `this + term`. */
  plus(term: Term): LinExpr {
    return new LinExpr().add(this as unknown as Var | LinExpr).add(term);
  }

  /** A new expression `this - term`. */
  minus(term: Term): LinExpr {
    return new LinExpr().add(this as unknown as Var | LinExpr).add(term, -1);
  }

  /** A new expression `factor * this`. */
  times(factor: number): LinExpr {
    return new LinExpr().add(this as unknown as Var | LinExpr, factor);
  }

  le(rhs: Term): Comparison {
    return compare(this as unknown as Var | LinExpr, '<=', rhs);
  }

  ge(rhs: Term): Comparison {
    return compare(this as unknown as Var | LinExpr, '>=', rhs);
  }

  eq(rhs: Term): Comparison {
    return compare(this as unknown as Var | LinExpr, '==', rhs);
  }
}

/** A decision variable: a handle (model, column index) with arithmetic helpers. */
export class Var extends Linear {
  constructor(
    readonly owner: VarOwner,
    readonly index: number,
  ) {
    super();
  }

  /** The variable's name, e.g. `x(j1,3)`, made on demand. */
  get name(): string {
    return this.owner.variableName(this.index);
  }

  /** `lower <= this <= upper`: a ranged comparison. */
  between(lower: number, upper: number): Comparison {
    return new Comparison(this, undefined, lower, upper, 'range');
  }

  override toString(): string {
    return this.name;
  }
}

/** coef times the columns first, first + stride, ..., first + (count - 1) * stride. */
export interface LineTerms {
  readonly first: number;
  readonly stride: number;
  readonly count: number;
  readonly coef: number;
}

/**
 * Lines shorter than this are written out when added to an expression: an object per
 * line only pays for itself when it stands for many terms.
 */
const shortestKeptLine = 16;

/** A linear expression sum(coef_k * x_k) + constant. */
export class LinExpr extends Linear {
  private readonly varData = new GrowableInt32(0);
  private readonly coefData = new GrowableFloat64(0);
  constant = 0;
  owner: VarOwner | undefined;
  /**
   * True while the terms are known to name distinct variables (a slice sum, before
   * anything was added), so that a row can take them over without merging.
   */
  private distinct = false;
  /**
   * Slice sums not yet written out, after the explicit terms (`varData`, `coefData`). Rows,
   * dense cost vectors and other expressions read them by index arithmetic, so the
   * sums of a time-indexed model cost no arrays at all; reading `vars` or `coefs`
   * writes them out once. Each expression owns its line objects (scale changes them).
   */
  private lines: { -readonly [K in keyof LineTerms]: LineTerms[K] }[] | undefined;

  /**
   * An expression over the given columns, all with coefficient `coef`; it takes `vars`
   * over (no copy). The columns must be distinct: slice sums of a family are.
   */
  static fromColumns(owner: VarOwner, vars: Int32Array, coef: number): LinExpr {
    const expr = new LinExpr();
    expr.owner = owner;
    expr.varData.adopt(vars);
    expr.coefData.adopt(new Float64Array(vars.length).fill(coef));
    expr.distinct = true;
    return expr;
  }

  /** coef times the columns first, first + stride, ... (count of them, all distinct), kept as arithmetic. */
  static fromLine(owner: VarOwner, line: { first: number; stride: number; count: number }, coef: number): LinExpr {
    const expr = new LinExpr();
    expr.owner = owner;
    expr.lines = [{ first: line.first, stride: line.stride, count: line.count, coef }];
    expr.distinct = true;
    return expr;
  }

  /** Whether no variable appears twice among the terms (known, not searched for). */
  get hasDistinctVars(): boolean {
    return this.distinct;
  }

  /** The one slice this expression still is, when it is nothing else; else undefined. */
  get line(): LineTerms | undefined {
    return this.varData.length === 0 && this.lines?.length === 1 ? this.lines[0] : undefined;
  }

  /** Column index of each term (a view: read it, do not keep it across appends). */
  get vars(): Int32Array {
    this.materialize();
    return this.varData.view();
  }

  /** Coefficient of each term, parallel to `vars`. */
  get coefs(): Float64Array {
    this.materialize();
    return this.coefData.view();
  }

  /** Call `visit` with every coefficient (once per line for a pending slice) and a column it is on. */
  forEachCoef(visit: (coef: number, column: number) => void): void {
    const coefs = this.coefData.view();
    const vars = this.varData.view();
    for (let k = 0; k < coefs.length; k++) visit(coefs[k], vars[k]);
    for (const line of this.lines ?? []) if (line.count > 0) visit(line.coef, line.first);
  }

  /**
   * Write `scale` times the terms at the ends of `vars` and `coefs` (the growable arrays of
   * a row or another expression): two block copies, then each pending slice by arithmetic.
   */
  appendTermsTo(vars: GrowableInt32, coefs: GrowableFloat64, scale: number): void {
    this.appendExplicitTo(vars, coefs, scale);
    for (const line of this.lines ?? []) writeLine(line, vars, coefs, scale);
  }

  /** The explicit terms only (not the pending slices), scaled, in two block copies. */
  private appendExplicitTo(vars: GrowableInt32, coefs: GrowableFloat64, scale: number): void {
    const start = coefs.length;
    vars.pushAll(this.varData.view());
    coefs.pushAll(this.coefData.view());
    if (scale !== 1) {
      const written = coefs.view();
      for (let k = start; k < written.length; k++) written[k] *= scale;
    }
  }

  /** Add `scale` times every term into a dense vector indexed by column (a cost vector). */
  addToDense(target: Float64Array, scale = 1): void {
    const vars = this.varData.view();
    const coefs = this.coefData.view();
    for (let k = 0; k < vars.length; k++) target[vars[k]] += scale * coefs[k];
    for (const { first, stride, count, coef } of this.lines ?? []) {
      const value = scale * coef;
      for (let k = 0, column = first; k < count; k++, column += stride) target[column] += value;
    }
  }

  /** The expression's value, constant included, at `values` (indexed by column). */
  valueAt(values: ArrayLike<number>): number {
    let total = this.constant;
    const vars = this.varData.view();
    const coefs = this.coefData.view();
    for (let k = 0; k < vars.length; k++) total += coefs[k] * values[vars[k]];
    for (const { first, stride, count, coef } of this.lines ?? []) {
      let part = 0;
      for (let k = 0, column = first; k < count; k++, column += stride) part += values[column];
      total += coef * part;
    }
    return total;
  }

  private materialize(): void {
    if (this.lines === undefined) return;
    const lines = this.lines;
    this.lines = undefined;
    for (const line of lines) writeLine(line, this.varData, this.coefData, 1);
  }

  /** A new expression holding one term. */
  static of(term: Term): LinExpr {
    return new LinExpr().add(term);
  }

  /** Number of stored terms (before merging duplicates). */
  get size(): number {
    let size = this.varData.length;
    for (const line of this.lines ?? []) size += line.count;
    return size;
  }

  /** Add `coef * term` to this expression in place and return it (JuMP's `add_to_expression!`). */
  add(term: Term, coef = 1): this {
    if (typeof term === 'number') {
      this.constant += coef * term;
      return this;
    }
    this.distinct = false;
    if (term instanceof Var) {
      this.adopt(term.owner);
      this.materialize();
      this.varData.push(term.index);
      this.coefData.push(coef);
      return this;
    }
    if (term === this) return this.add(term.clone(), coef);
    if (term.owner !== undefined) this.adopt(term.owner);
    this.constant += coef * term.constant;
    // Explicit terms must follow this expression's own pending lines, so those go first.
    if (term.varData.length > 0) {
      this.materialize();
      term.appendExplicitTo(this.varData, this.coefData, coef);
    }
    for (const line of term.lines ?? []) {
      if (line.count >= shortestKeptLine) (this.lines ??= []).push({ ...line, coef: coef * line.coef });
      else {
        this.materialize();
        writeLine(line, this.varData, this.coefData, coef);
      }
    }
    return this;
  }

  /** Multiply every term and the constant by `factor`, in place. */
  scale(factor: number): this {
    for (const line of this.lines ?? []) line.coef *= factor;
    const coefs = this.coefData.view();
    for (let k = 0; k < coefs.length; k++) coefs[k] *= factor;
    this.constant *= factor;
    return this;
  }

  /** A copy of this expression. */
  clone(): LinExpr {
    return new LinExpr().add(this);
  }

  /** `lower <= this <= upper`: a ranged comparison. */
  between(lower: number, upper: number): Comparison {
    return new Comparison(this, undefined, lower - this.constant, upper - this.constant, 'range');
  }

  private adopt(owner: VarOwner): void {
    if (this.owner === undefined) this.owner = owner;
    else if (this.owner !== owner) {
      throw modelError(
        `an expression mixes variables of model '${this.owner.name}' and model '${owner.name}'; build each expression from one model's variables`,
      );
    }
  }
}

/** Append scale times a slice's terms to the ends of two growable arrays. */
function writeLine(line: LineTerms, vars: GrowableInt32, coefs: GrowableFloat64, scale: number): void {
  const { first, stride, count } = line;
  const columns = vars.room(count);
  const at = vars.length;
  for (let k = 0; k < count; k++) columns[at + k] = first + k * stride;
  vars.setLength(at + count);
  const start = coefs.length;
  coefs.room(count).fill(scale * line.coef, start, start + count);
  coefs.setLength(start + count);
}

export type Sense = '<=' | '>=' | '==' | 'range';

/**
 * `lower <= left - right <= upper` with the constants of both sides already moved into
 * the bounds. Made by `le`, `ge`, `eq` and `between`; added with `model.addConstraint`.
 * It keeps references to its two sides rather than copying them, so `sum(...).le(b)`
 * costs nothing beyond the sum itself.
 */
export class Comparison {
  constructor(
    readonly left: Var | LinExpr,
    readonly right: Var | LinExpr | undefined,
    readonly lower: number,
    readonly upper: number,
    readonly sense: Sense,
  ) {}

  /** The owner of the variables on either side (undefined for constants only). */
  get owner(): VarOwner | undefined {
    const leftOwner = this.left.owner;
    const rightOwner = this.right?.owner;
    if (leftOwner && rightOwner && leftOwner !== rightOwner) {
      throw modelError(`a comparison mixes variables of model '${leftOwner.name}' and model '${rightOwner.name}'`);
    }
    return leftOwner ?? rightOwner;
  }

  /** left - right as one new expression (for lowering passes that rewrite the row). */
  terms(): LinExpr {
    const terms = LinExpr.of(this.left);
    if (this.right) terms.add(this.right, -1);
    terms.constant = 0;
    return terms;
  }
}

function constantOf(term: Term): number {
  return typeof term === 'number' ? term : term instanceof Var ? 0 : term.constant;
}

function variablePart(term: Term): Var | LinExpr | undefined {
  return typeof term === 'number' ? undefined : term;
}

/** `lhs sense rhs` as a comparison of variable parts, constants moved to the bounds. */
export function compare(lhs: Term, sense: '<=' | '>=' | '==', rhs: Term): Comparison {
  const bound = constantOf(rhs) - constantOf(lhs);
  const left = variablePart(lhs) ?? new LinExpr();
  const right = variablePart(rhs);
  if (sense === '<=') return new Comparison(left, right, -Infinity, bound, sense);
  if (sense === '>=') return new Comparison(left, right, bound, Infinity, sense);
  return new Comparison(left, right, bound, bound, sense);
}

/**
 * The sum of any number of terms, in one pass.
 *
 * @example
 * ```ts
 * const total = sum(jobs.map((j) => x.get(j)));   // x_j1 + x_j2 + ...
 * const withConstant = sum([x.get('a'), 3]);        // x_a + 3
 * ```
 */
export function sum(terms: Iterable<Term>): LinExpr {
  const result = new LinExpr();
  for (const term of terms) result.add(term);
  return result;
}

/**
 * The dot product sum(coefs[k] * terms[k]).
 *
 * @example
 * ```ts
 * const cost = dot([3, 5], [x.get('a'), x.get('b')]);   // 3 x_a + 5 x_b
 * ```
 */
export function dot(coefs: ArrayLike<number>, terms: ArrayLike<Term>): LinExpr {
  if (coefs.length !== terms.length) {
    throw modelError(`dot: ${coefs.length} coefficients but ${terms.length} terms; pass arrays of equal length`);
  }
  const result = new LinExpr();
  for (let k = 0; k < coefs.length; k++) result.add(terms[k], coefs[k]);
  return result;
}
