/** The error a test expects, caught: shared by every test folder. */
import { expect } from 'vitest';
import { SchedlabError } from '../../src/errors.js';

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

/** The SchedlabError a promise rejects with (fails the test when it resolves or rejects with something else). */
export async function rejectionOf(promise: Promise<unknown>): Promise<SchedlabError> {
  const outcome = await promise.then(
    () => ({ resolved: true as const }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error('expected a SchedlabError, the promise resolved');
  expect(outcome.error).toBeInstanceOf(SchedlabError);
  return outcome.error as SchedlabError;
}

/** The SchedlabError of kind 'input' thrown by `fn` (fails the test for any other outcome). */
export function inputErrorOf(fn: () => unknown): SchedlabError {
  const error = errorOf(fn);
  expect(error.kind, error.message).toBe('input');
  return error;
}

/** The path inside the document (`data.pods[0].cpu`) of the input error thrown by `fn`. */
export function inputErrorPath(fn: () => unknown): string | undefined {
  return inputErrorOf(fn).location.path;
}
