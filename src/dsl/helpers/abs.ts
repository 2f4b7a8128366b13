/**
 * |e| → an epigraph variable:  t >= e,  t >= -e.
 *
 * t is an upper bound on |e|, equal to it at an optimum that pushes t down (minimizing
 * a deviation). With `exact: true` it is the exact maximum of e and -e (see max-min.ts).
 */
import { LinExpr, type Term, type Var } from '../expression.js';
import type { Model } from '../model.js';
import { maxOf, type ExtremumOptions } from './max-min.js';

/**
 * A variable t with t >= |term|.
 *
 * @example
 * ```ts
 * const deviation = absOf(model, load.minus(target), { name: 'dev' });
 * model.minimize(deviation);
 * ```
 */
export function absOf(model: Model, term: Term, options: ExtremumOptions = {}): Var {
  const expr = LinExpr.of(term);
  return maxOf(model, [expr, expr.times(-1)], { ...options, name: options.name ?? `abs${model.numVars}` });
}
