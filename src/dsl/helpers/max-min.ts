/**
 * max / min of expressions → an epigraph (or hypograph) variable.
 *
 *   t = max(e_1, ..., e_n)   becomes   t >= e_k for every k            (epigraph)
 * which makes t an upper bound on the max, equal to it at an optimum that pushes t
 * down (minimizing a makespan, say). With `exact: true` it also adds
 *   t <= e_k + M_k (1 - y_k),  sum_k y_k = 1,  y_k binary
 * so t equals the max in every feasible solution; M_k comes from the bounds.
 * min is the mirror image.
 */
import { modelError } from '../../errors.js';
import { LinExpr, sum, type Term, type Var } from '../expression.js';
import type { Model } from '../model.js';
import { expressionRange, finiteRange } from './bounds.js';

export interface ExtremumOptions {
  /** Name of the new variable (its rows get derived names). */
  name?: string;
  /** Add binaries so that t equals the extremum exactly, not only bounds it. */
  exact?: boolean;
}

function extremum(model: Model, terms: readonly Term[], kind: 'max' | 'min', options: ExtremumOptions): Var {
  if (terms.length === 0) throw modelError(`${kind}Of needs at least one term`);
  const ranges = terms.map((term) => expressionRange(model, term));
  const low = kind === 'max' ? Math.max(...ranges.map(([l]) => l)) : Math.min(...ranges.map(([l]) => l));
  const high = kind === 'max' ? Math.max(...ranges.map(([, h]) => h)) : Math.min(...ranges.map(([, h]) => h));
  const name = options.name ?? `${kind}${model.numVars}`;
  const t = model.addVar({ lb: low, ub: high, name });
  terms.forEach((term, k) => model.addConstraint(kind === 'max' ? t.ge(term) : t.le(term), `${name}.bound${k}`));
  if (options.exact) addSelection(model, t, terms, kind, name);
  return t;
}

/** The binaries that make t equal one of the terms (the largest for max, smallest for min). */
function addSelection(model: Model, t: Var, terms: readonly Term[], kind: 'max' | 'min', name: string): void {
  const [tLow, tHigh] = finiteRange(model, t, `exact ${kind} '${name}'`);
  const pick = model.addVars(`${name}.pick`, [terms.map((_, k) => k)], { type: 'binary' });
  terms.forEach((term, k) => {
    const [low, high] = finiteRange(model, term, `exact ${kind} '${name}'`);
    const bigM = kind === 'max' ? tHigh - low : high - tLow;
    const slack = new LinExpr().add(bigM).add(pick.get(k), -bigM);
    model.addConstraint(
      kind === 'max' ? t.le(LinExpr.of(term).add(slack)) : t.ge(LinExpr.of(term).add(slack, -1)),
      `${name}.select${k}`,
    );
  });
  model.addConstraint(sum(pick).eq(1), `${name}.one`);
}

/**
 * A variable t >= every term (= their max at a t-minimizing optimum; always with `exact`).
 *
 * @example
 * ```ts
 * const makespan = maxOf(model, jobs.map((j) => end.get(j)), { name: 'makespan' });
 * model.minimize(makespan);
 * ```
 */
export function maxOf(model: Model, terms: readonly Term[], options: ExtremumOptions = {}): Var {
  return extremum(model, terms, 'max', options);
}

/** A variable t <= every term (= their min at a t-maximizing optimum; always with `exact`). */
export function minOf(model: Model, terms: readonly Term[], options: ExtremumOptions = {}): Var {
  return extremum(model, terms, 'min', options);
}
