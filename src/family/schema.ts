/**
 * Schema validation with errors that name the path inside the document, e.g.
 * `data.activities[3].duration: expected an integer >= 0, got -2`.
 */
import { z } from 'zod';
import { inputError, type SchedlabError } from '../errors.js';

/** `['activities', 3, 'duration']` → `activities[3].duration`, under an optional prefix. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let text = prefix;
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text || '(root)';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  // JSON.stringify would print NaN and the infinities as null.
  if (typeof value === 'number') return String(value);
  const text = shownJson(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The value as JSON, or a word for it when it is nested too deep to print (JSON.stringify overflows the stack). */
function shownJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return Array.isArray(value) ? 'an array nested too deep to show' : 'an object nested too deep to show';
  }
}

/**
 * Parse `json` with `schema`; on failure, an input error naming the first bad path,
 * what was expected there and what was found.
 *
 * @example
 * ```ts
 * const data = parseWithSchema(instanceSchema, json, 'data');
 * ```
 */
export function parseWithSchema<T>(schema: z.ZodType<T>, json: unknown, prefix = ''): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = formatPath(issue.path, prefix);
  return failAt(path, `${issue.message}; found ${describeValue(valueAt(json, issue.path))}`);
}

/**
 * A whole number in [min, max] whose every failure says the range: `expected <what>: a whole
 * number from 0 to 1000000000`. (zod's own `int()` says "expected int" beyond 2^53, and "not a
 * whole number" for 1e308, which is whole but out of range.) A value of the wrong type keeps
 * zod's "expected number, received string".
 *
 * @example
 * ```ts
 * const duration = wholeNumber('a duration in periods', 0, 1e9);
 * ```
 */
export function wholeNumber(what: string, min: number, max: number) {
  const message = `expected ${what}: a whole number from ${min} to ${max}`;
  return z.number().min(min, message).max(max, message).int(message);
}

/**
 * A finite number in [min, max] (or (min, max] with `above: true`), whose failures say the range.
 *
 * @example
 * ```ts
 * const time = boundedNumber('a time in ms', 0, 1e9);
 * ```
 */
export function boundedNumber(what: string, min: number, max: number, options: { above?: boolean } = {}) {
  const message = `expected ${what}: a number ${options.above ? `above ${min}` : `from ${min}`} ${options.above ? 'and at most' : 'to'} ${max}`;
  const low = options.above ? z.number().gt(min, message) : z.number().min(min, message);
  return low.max(max, message);
}

/** Throw an input error located at a JSON path. */
export function failAt(path: string, message: string): never {
  const error: SchedlabError = inputError(message, { path });
  throw error;
}
