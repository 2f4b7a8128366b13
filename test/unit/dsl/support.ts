/** Helpers shared by the DSL tests. */
import { expect } from 'vitest';
import { SchedlabError, type CanonicalModel } from '../../../src/index.js';

/** The SchedlabError thrown by `fn` (fails the test when nothing or something else is thrown). */
export function errorOf(fn: () => unknown): SchedlabError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SchedlabError);
    return error as SchedlabError;
  }
  throw new Error('expected a SchedlabError, nothing was thrown');
}

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
