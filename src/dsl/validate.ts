/** Checks the DSL makes as data enters a model, each with an error that names the entity. */
import { modelError } from '../errors.js';
import type { LinExpr } from './expression.js';

export type VarType = 'continuous' | 'integer' | 'binary';

/** Every variable type, for the check of options that come from plain JavaScript. */
export const varTypes: readonly VarType[] = ['continuous', 'integer', 'binary'];

/** Bounds of a new variable after defaults; throws on NaN, crossed or fractional integer bounds. */
export function checkedBounds(
  name: () => string,
  type: VarType,
  lb: number | undefined,
  ub: number | undefined,
): [number, number] {
  // TypeScript callers cannot pass another type, but plain JavaScript can ('Integer', 'int'),
  // and an unknown type must not be counted as one type and solved as another.
  if (!varTypes.includes(type))
    throw modelError(
      `variable '${name()}' has type ${JSON.stringify(type)}; use one of ${varTypes.map((t) => `'${t}'`).join(', ')}`,
    );
  const lower = lb ?? 0;
  const upper = ub ?? (type === 'binary' ? 1 : Infinity);
  if (Number.isNaN(lower) || Number.isNaN(upper))
    throw modelError(`variable '${name()}' has a NaN bound; bounds must be numbers or ±Infinity`);
  if (lower === Infinity || upper === -Infinity)
    throw modelError(
      `variable '${name()}' has bounds [${lower}, ${upper}]; a lower bound cannot be +Infinity nor an upper bound -Infinity`,
    );
  if (lower > upper) throw modelError(`variable '${name()}' has lower bound ${lower} above its upper bound ${upper}`);
  if (
    type !== 'continuous' &&
    ((Number.isFinite(lower) && !Number.isInteger(lower)) || (Number.isFinite(upper) && !Number.isInteger(upper)))
  ) {
    throw modelError(
      `${type} variable '${name()}' has fractional bounds [${lower}, ${upper}]; round them (ceil the lower, floor the upper)`,
    );
  }
  if (type === 'binary' && (lower < 0 || upper > 1))
    throw modelError(`binary variable '${name()}' has bounds [${lower}, ${upper}] outside [0, 1]`);
  return [lower, upper];
}

/** Every coefficient and the constant of an expression must be finite. */
function nonFinite(what: () => string, coef: number, name: string): Error {
  return modelError(`${what()} has coefficient ${coef} on variable '${name}'; coefficients must be finite`);
}

export function checkFiniteTerms(what: () => string, terms: LinExpr, variableName: (index: number) => string): void {
  // A slice sum not yet written out has one coefficient for all its terms, visited once.
  terms.forEachCoef((coef, column) => {
    if (!Number.isFinite(coef)) throw nonFinite(what, coef, variableName(column));
  });
  if (!Number.isFinite(terms.constant)) throw modelError(`${what()} has a non-finite constant ${terms.constant}`);
}

/** Row bounds may be infinite on one side but never NaN, inverted or +inf/-inf the wrong way. */
export function checkRowBounds(what: () => string, lower: number, upper: number): void {
  if (Number.isNaN(lower) || Number.isNaN(upper)) throw modelError(`${what()} has a NaN right-hand side`);
  if (lower === Infinity || upper === -Infinity)
    throw modelError(`${what()} has an infinite right-hand side on the wrong side (${lower} <= ... <= ${upper})`);
  if (lower > upper) throw modelError(`${what()} has lower bound ${lower} above its upper bound ${upper}`);
}
