/**
 * The check of a model against a backend's declared `limits`, shared by `solve` (which
 * refuses such a model) and the conformance suite (which skips it), so that both judge
 * by what the backend states and never by its name.
 */
import { nonzeroCount, type CanonicalModel } from '../canonical/canonical-model.js';
import type { BackendLimits, SolverBackend } from './contract.js';

/** The sizes of a model that `BackendLimits` bounds, with words for messages. */
export function modelSizes(model: CanonicalModel): [keyof BackendLimits, string, number][] {
  let integers = 0;
  let generals = 0;
  for (let j = 0; j < model.numCols; j++) {
    if (!model.colInteger[j]) continue;
    integers += 1;
    if (model.colLower[j] < 0 || model.colUpper[j] > 1) generals += 1;
  }
  return [
    ['maxRows', 'rows', model.numRows],
    ['maxCols', 'columns', model.numCols],
    ['maxNonzeros', 'nonzeros', nonzeroCount(model)],
    ['maxIntegerCols', 'integer columns', integers],
    ['maxGeneralIntegerCols', 'general integer columns (range wider than 0..1)', generals],
  ];
}

/**
 * Why `backend` declares it cannot take `model`, or undefined when the model is within
 * every declared limit.
 *
 * @example
 * ```ts
 * const reason = limitExceeded(jslpBackend, model);
 * // e.g. "the model has 89 integer columns, more than the 'jslp' backend handles (24)"
 * ```
 */
export function limitExceeded(backend: SolverBackend, model: CanonicalModel): string | undefined {
  const limits = backend.limits ?? {};
  for (const [key, what, size] of modelSizes(model)) {
    const limit = limits[key];
    if (limit !== undefined && size > limit)
      return `the model has ${size} ${what}, more than the '${backend.name}' backend handles (${limit})`;
  }
  return undefined;
}
