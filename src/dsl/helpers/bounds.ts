/** The range an expression can take given its variables' bounds: the source of every big-M. */
import { modelError } from '../../errors.js';
import { LinExpr, type Term } from '../expression.js';
import type { Model } from '../model.js';

/** [min, max] of `term` over the box of its variables' bounds (may be infinite). */
export function expressionRange(model: Model, term: Term): [number, number] {
  const expr = LinExpr.of(term);
  let low = expr.constant;
  let high = expr.constant;
  for (let k = 0; k < expr.vars.length; k++) {
    const coef = expr.coefs[k];
    const lb = model.colLower.get(expr.vars[k]);
    const ub = model.colUpper.get(expr.vars[k]);
    low += coef >= 0 ? coef * lb : coef * ub;
    high += coef >= 0 ? coef * ub : coef * lb;
  }
  return [Number.isNaN(low) ? -Infinity : low, Number.isNaN(high) ? Infinity : high];
}

/** The finite range of `term`, or an error that names the helper and the fix. */
export function finiteRange(model: Model, term: Term, helper: string): [number, number] {
  const [low, high] = expressionRange(model, term);
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    const expr = LinExpr.of(term);
    const unbounded = Array.from(expr.vars).filter(
      (j) => !Number.isFinite(model.colLower.get(j)) || !Number.isFinite(model.colUpper.get(j)),
    );
    const names = unbounded
      .slice(0, 3)
      .map((j) => `'${model.variableName(j)}'`)
      .join(', ');
    throw modelError(
      `${helper} needs a big-M, but ${names}${unbounded.length > 3 ? ' ...' : ''} has an infinite bound; give the variable finite bounds (lb/ub) so that M can be computed`,
    );
  }
  return [low, high];
}
