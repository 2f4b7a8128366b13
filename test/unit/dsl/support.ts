/** Helpers shared by the DSL tests. */
import type { CanonicalModel } from '../../../src/index.js';
export { errorOf } from '../../support/errors.js';

/** Row i of a compiled model as plain arrays, with its name and bounds. */
export function row(model: CanonicalModel, i: number) {
  const begin = model.rowStart[i];
  const end = model.rowStart[i + 1];
  return {
    name: model.rowName(i),
    cols: [...model.colIndex.subarray(begin, end)],
    vals: [...model.value.subarray(begin, end)],
    lower: model.rowLower[i],
    upper: model.rowUpper[i],
  };
}
