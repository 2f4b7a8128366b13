/**
 * Indicator constraint → big-M rows.
 *
 *   z = active  ⇒  lower <= a·x <= upper
 * becomes, with L/U the smallest/largest value a·x takes within the variables' bounds,
 *   a·x + (U - upper)·z <= U            (only when upper is finite)
 *   a·x - (lower - L)·z >= L            (only when lower is finite)
 * for active = 1; for active = 0, z is replaced by (1 - z). M is computed from the
 * bounds, never guessed, so the rows are as tight as the bounds allow; a variable with
 * an infinite bound gets a clear error instead of a made-up M.
 */
import { modelError } from '../../errors.js';
import { type Comparison, LinExpr, type Var } from '../expression.js';
import type { Constraint, Model } from '../model.js';
import { expressionRange, finiteRange } from './bounds.js';

/**
 * Add `z = active ⇒ comparison` to the model; returns the rows made (0, 1 or 2).
 *
 * @example
 * ```ts
 * // If machine m is used (y = 1), its load must not exceed 10.
 * indicator(model, y, 1, load.le(10), 'cap');
 * ```
 */
export function indicator(model: Model, z: Var, active: 0 | 1, comparison: Comparison, name?: string): Constraint[] {
  const { type, lb, ub } = model.bounds(z);
  if (type === 'continuous' || lb < 0 || ub > 1) {
    throw modelError(`indicator '${name ?? 'indicator'}': '${z.name}' must be a binary variable (integer in [0, 1])`);
  }
  const terms = comparison.terms();
  // Only the side a row is written for needs a finite M: `z ⇒ x >= 5` needs x's lower
  // bound, not its upper one.
  const [low, high] = expressionRange(model, terms);
  const needsHigh = Number.isFinite(comparison.upper) && high > comparison.upper;
  const needsLow = Number.isFinite(comparison.lower) && low < comparison.lower;
  if ((needsHigh && !Number.isFinite(high)) || (needsLow && !Number.isFinite(low)))
    finiteRange(model, terms, `indicator '${name ?? z.name}'`);
  // With active = 0 the switch is s = 1 - z; rows are written in z directly.
  const switchTerm = active === 1 ? LinExpr.of(z) : new LinExpr().add(1).add(z, -1);
  const rows: Constraint[] = [];
  if (needsHigh) {
    const bigM = high - comparison.upper;
    rows.push(model.addConstraint(terms.plus(switchTerm.times(bigM)).le(high), name && `${name}.ub`));
  }
  if (needsLow) {
    const bigM = comparison.lower - low;
    rows.push(model.addConstraint(terms.minus(switchTerm.times(bigM)).ge(low), name && `${name}.lb`));
  }
  return rows;
}
