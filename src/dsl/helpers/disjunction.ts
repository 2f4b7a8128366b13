/**
 * Either-or disjunction → one binary and two indicator constraints.
 *
 *   A  or  B     becomes     w = 1 ⇒ A,   w = 0 ⇒ B,   w binary
 * (see indicator.ts for the big-M rows). Typical use: two jobs on one machine,
 * "i before j" or "j before i".
 */
import type { Comparison, Var } from '../expression.js';
import type { Model } from '../model.js';
import { indicator } from './indicator.js';

/**
 * Require that at least one of two comparisons holds; returns the binary that picks
 * which (1: the first, 0: the second).
 *
 * @example
 * ```ts
 * const iFirst = eitherOr(model, end.get('i').le(start.get('j')), end.get('j').le(start.get('i')), 'order(i,j)');
 * ```
 */
export function eitherOr(model: Model, first: Comparison, second: Comparison, name?: string): Var {
  const choice = model.addVar({ type: 'binary', ...(name === undefined ? {} : { name }) });
  indicator(model, choice, 1, first, name && `${name}.first`);
  indicator(model, choice, 0, second, name && `${name}.second`);
  return choice;
}
