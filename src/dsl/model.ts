/**
 * The model: variables, indexed families, constraints and an objective, stored in
 * flat growable arrays (linopy-style) so that building costs time linear in the
 * nonzeros. `compile(model)` turns it into the solver-neutral `CanonicalModel`.
 */
import { modelError } from '../errors.js';
import { GrowableFloat64, GrowableUint8 } from '../util/growable.js';
import { ConstraintFamily, VarFamily } from './family.js';
import { Comparison, LinExpr, Var, type Term, type VarOwner } from './expression.js';
import { DenseKeyIndex, SparseKeyIndex, type Domains, type KeyIndex } from './keys.js';
import { NameTable } from './naming.js';
import { RowStore } from './rows.js';
import { describeModel, modelStats, type ModelStats } from './describe.js';
import { checkFiniteTerms, checkRowBounds, checkedBounds, type VarType } from './validate.js';

export type { VarType } from './validate.js';

export interface VarOptions {
  /** Lower bound; default 0. Use -Infinity for a free variable. */
  lb?: number;
  /** Upper bound; default +Infinity (1 for binaries). */
  ub?: number;
  /** Default 'continuous'. */
  type?: VarType;
}

/** A constraint handle: (model, row index). */
export class Constraint {
  constructor(
    readonly model: Model,
    readonly index: number,
  ) {}

  get name(): string {
    return this.model.constraintName(this.index);
  }
}

type Builder<K extends readonly unknown[]> = (...key: K) => Comparison | null | undefined | false;
type OptionsFor<K extends readonly unknown[]> = VarOptions | ((...key: K) => VarOptions);

const typeCode: Record<VarType, number> = { continuous: 0, integer: 1, binary: 2 };
const typeName: VarType[] = ['continuous', 'integer', 'binary'];
/**
 * A constraint family reserves room for its rows from the size of its first one (a family
 * is usually rows of one shape), which saves the arrays a dozen regrowths on large models;
 * at most this many entries, and what a family that skipped most keys leaves unused is
 * given back when it is done (`RowStore.releaseExcess`).
 */
const reserveCap = 1 << 22;

/**
 * A linear or mixed-integer model.
 *
 * @example
 * ```ts
 * const m = new Model('knapsack');
 * const take = m.addVars('take', [['a', 'b', 'c']], { type: 'binary' });
 * m.addConstraint(dot([3, 4, 5], [...take]).le(8), 'weight');
 * m.maximize(dot([4, 5, 6], [...take]));
 * ```
 */
export class Model implements VarOwner {
  readonly colLower = new GrowableFloat64();
  readonly colUpper = new GrowableFloat64();
  readonly colType = new GrowableUint8();
  /** 1 for integer and binary columns: the canonical model's integrality, kept as it is built. */
  readonly colInteger = new GrowableUint8();
  readonly rows = new RowStore();
  readonly variableNames = new NameTable('variable', 'x');
  readonly constraintNames = new NameTable('constraint', 'c');
  objective: LinExpr = new LinExpr();
  sense: 'min' | 'max' = 'min';

  constructor(readonly name = 'model') {}

  get numVars(): number {
    return this.colLower.length;
  }

  get numConstraints(): number {
    return this.rows.count;
  }

  variableName(index: number): string {
    return this.variableNames.nameOf(index);
  }

  constraintName(index: number): string {
    return this.constraintNames.nameOf(index);
  }

  /** Add one variable; `name` must be unique among variable names. */
  addVar(options: VarOptions & { name?: string } = {}): Var {
    if (options.name !== undefined) this.variableNames.claim(options.name);
    const column = this.atomically(options.name, this.variableNames, () =>
      this.pushColumn(options, () => options.name ?? `x${this.numVars}`),
    );
    if (options.name !== undefined) this.variableNames.nameSingle(column, options.name);
    return new Var(this, column);
  }

  /** Add a dense family: one variable per key of domains[0] x domains[1] x ... */
  addVars<K extends readonly unknown[]>(
    name: string,
    domains: Domains<K>,
    options: NoInfer<OptionsFor<K>> = {},
  ): VarFamily<K> {
    return this.addFamily(name, new DenseKeyIndex<K>(name, domains), options);
  }

  /** Add a sparse family: one variable per listed key tuple. */
  addVarsOver<K extends readonly unknown[]>(
    name: string,
    keys: Iterable<[...K]>,
    options: NoInfer<OptionsFor<K>> = {},
  ): VarFamily<K> {
    return this.addFamily(name, new SparseKeyIndex<K>(name, keys), options);
  }

  /** Lower bound, upper bound and type of a variable (used by the lowering helpers). */
  bounds(v: Var): { lb: number; ub: number; type: VarType } {
    this.checkOwn(v);
    return {
      lb: this.colLower.get(v.index),
      ub: this.colUpper.get(v.index),
      type: typeName[this.colType.get(v.index)],
    };
  }

  /** Add `comparison` as a row; returns its handle. */
  addConstraint(comparison: Comparison, name?: string): Constraint {
    if (name !== undefined) this.constraintNames.claim(name);
    const row = this.atomically(name, this.constraintNames, () =>
      this.pushRow(comparison, () => name ?? `c${this.numConstraints}`),
    );
    if (name !== undefined) this.constraintNames.nameSingle(row, name);
    return new Constraint(this, row);
  }

  /** Add one constraint per key of a product of domains (a builder may return null to skip a key). */
  addConstraints<K extends readonly unknown[]>(
    name: string,
    domains: Domains<K>,
    build: NoInfer<Builder<K>>,
  ): ConstraintFamily<K, Constraint> {
    return this.addConstraintFamily(name, new DenseKeyIndex<K>(name, domains), build);
  }

  /** Add one constraint per listed key tuple. */
  addConstraintsOver<K extends readonly unknown[]>(
    name: string,
    keys: Iterable<[...K]>,
    build: NoInfer<Builder<K>>,
  ): ConstraintFamily<K, Constraint> {
    return this.addConstraintFamily(name, new SparseKeyIndex<K>(name, keys), build);
  }

  /** Counts by type, nonzeros and coefficient range. */
  stats(): ModelStats {
    return modelStats(this);
  }

  /** The model written out as math (the first 50 rows and variables). */
  toString(): string {
    return describeModel(this);
  }

  minimize(objective: Term): void {
    this.setObjective('min', objective);
  }

  maximize(objective: Term): void {
    this.setObjective('max', objective);
  }

  private setObjective(sense: 'min' | 'max', objective: Term): void {
    const expr = LinExpr.of(objective);
    if (expr.owner !== undefined && expr.owner !== this) this.foreign(expr.owner);
    checkFiniteTerms(
      () => 'the objective',
      expr,
      (j) => this.variableName(j),
    );
    this.objective = expr;
    this.sense = sense;
  }

  /**
   * Run `build`; if it throws, drop the columns and rows it added and give back the
   * name, so a refused addition leaves the model exactly as it was.
   */
  private atomically<T>(name: string | undefined, names: NameTable, build: () => T): T {
    const columns = this.numVars;
    const rows = this.numConstraints;
    try {
      return build();
    } catch (error) {
      for (const array of [this.colLower, this.colUpper, this.colType, this.colInteger]) array.truncate(columns);
      this.rows.truncate(rows);
      if (name !== undefined) names.release(name);
      throw error;
    }
  }

  private addFamily<K extends readonly unknown[]>(
    name: string,
    index: KeyIndex<K>,
    options: OptionsFor<K>,
  ): VarFamily<K> {
    this.variableNames.claim(name);
    return this.atomically(name, this.variableNames, () => this.buildFamily(name, index, options));
  }

  private buildFamily<K extends readonly unknown[]>(
    name: string,
    index: KeyIndex<K>,
    options: OptionsFor<K>,
  ): VarFamily<K> {
    const start = this.numVars;
    const memberName = (offset: number) => `${name}(${index.keyAt(offset).join(',')})`;
    if (typeof options === 'function') {
      for (let offset = 0; offset < index.size; offset++) {
        const column = this.pushColumn(options(...index.keyAt(offset)), () => memberName(offset));
        // Members are found as start + offset, so the options function must not add variables.
        if (column !== start + offset)
          throw modelError(
            `the options function of variable family '${name}' added variables of its own; create them before or after the family`,
          );
      }
    } else {
      // One set of bounds for the whole family: check once, then fill.
      const type = options.type ?? 'continuous';
      const [lower, upper] = checkedBounds(() => memberName(0), type, options.lb, options.ub);
      this.colLower.pushRepeated(lower, index.size);
      this.colUpper.pushRepeated(upper, index.size);
      this.colType.pushRepeated(typeCode[type], index.size);
      this.colInteger.pushRepeated(type === 'continuous' ? 0 : 1, index.size);
    }
    this.variableNames.addRange(name, start, index.size, index);
    return new VarFamily<K>(name, index, start, this);
  }

  private addConstraintFamily<K extends readonly unknown[]>(
    name: string,
    index: KeyIndex<K>,
    build: NoInfer<Builder<K>>,
  ): ConstraintFamily<K, Constraint> {
    this.constraintNames.claim(name);
    return this.atomically(name, this.constraintNames, () => this.buildConstraintFamily(name, index, build));
  }

  private buildConstraintFamily<K extends readonly unknown[]>(
    name: string,
    index: KeyIndex<K>,
    build: NoInfer<Builder<K>>,
  ): ConstraintFamily<K, Constraint> {
    const rowOfOffset = new Int32Array(index.size).fill(-1);
    const keyOffsets: number[] = [];
    for (let offset = 0; offset < index.size; offset++) {
      const key = index.keyAt(offset);
      const comparison = build(...key);
      if (!comparison) continue;
      const before = this.rows.nonzeros;
      rowOfOffset[offset] = this.pushRow(comparison, () => `${name}(${key.join(',')})`);
      if (keyOffsets.length === 0)
        this.rows.reserve(Math.min((this.rows.nonzeros - before) * (index.size - offset - 1), reserveCap));
      keyOffsets.push(offset);
    }
    this.rows.releaseExcess();
    this.constraintNames.addMembers(
      name,
      keyOffsets.map((offset) => rowOfOffset[offset]),
      index,
      keyOffsets,
    );
    return new ConstraintFamily<K, Constraint>(
      name,
      index,
      rowOfOffset,
      (row) => new Constraint(this, row),
      keyOffsets.length,
    );
  }

  private pushColumn(options: VarOptions, name: () => string): number {
    const type = options.type ?? 'continuous';
    const [lower, upper] = checkedBounds(name, type, options.lb, options.ub);
    this.colLower.push(lower);
    this.colUpper.push(upper);
    this.colType.push(typeCode[type]);
    this.colInteger.push(type === 'continuous' ? 0 : 1);
    return this.colLower.length - 1;
  }

  private pushRow(comparison: Comparison, name: () => string): number {
    if (!(comparison instanceof Comparison))
      throw modelError(
        `constraint '${name()}' is not a comparison; build it with expr.le(...), .ge(...), .eq(...) or .between(...)`,
      );
    const { left, right, lower, upper } = comparison;
    const owner = comparison.owner;
    if (owner !== undefined && owner !== this) this.foreign(owner, name());
    for (const side of [left, right]) {
      if (side instanceof LinExpr)
        checkFiniteTerms(
          () => `constraint '${name()}'`,
          side,
          (j) => this.variableName(j),
        );
    }
    checkRowBounds(() => `constraint '${name()}'`, lower, upper);
    return this.rows.append(left, right, lower, upper, this.numVars);
  }

  private checkOwn(v: Var): void {
    if (v.owner !== this) this.foreign(v.owner);
  }

  private foreign(owner: VarOwner, where?: string): never {
    const place = where === undefined ? '' : ` in constraint '${where}'`;
    throw modelError(
      `a variable of model '${owner.name}' is used${place} in model '${this.name}'; variables belong to the model that created them`,
    );
  }
}
