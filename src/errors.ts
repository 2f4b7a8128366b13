/**
 * The one error class of schedlab. Every failure a user can meet is a `SchedlabError`
 * whose `kind` says what went wrong, and whose message says where and how to fix it.
 *
 * @example
 * ```ts
 * try { parseSomething(); } catch (e) {
 *   if (e instanceof SchedlabError && e.kind === 'input') process.exitCode = 2;
 * }
 * ```
 */
export type SchedlabErrorKind =
  /** The user's input (a file, a CLI flag, a JSON document) is malformed. */
  | 'input'
  /** A model is invalid: non-finite data, a foreign variable, duplicate names, ... */
  | 'model'
  /** A backend cannot handle a construct or an option. */
  | 'unsupported'
  /** A backend is not installed or cannot be loaded. */
  | 'unavailable'
  /** A solver failed while running. */
  | 'solver'
  /** Work across machines failed: a job failed every attempt on the workers. */
  | 'infrastructure'
  /** A bug in schedlab itself. */
  | 'internal';

/** Where in an input the problem lies; all fields optional. */
export interface ErrorLocation {
  /** The file being read, as the user named it. */
  file?: string;
  /** One-based line number inside the file. */
  line?: number;
  /** One-based column inside the line (only with `line`). */
  column?: number;
  /** A JSON path inside the document, e.g. `data.activities[3].duration`. */
  path?: string;
}

export class SchedlabError extends Error {
  readonly kind: SchedlabErrorKind;
  readonly location: ErrorLocation;

  constructor(kind: SchedlabErrorKind, message: string, options: { cause?: unknown; location?: ErrorLocation } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SchedlabError';
    this.kind = kind;
    this.location = options.location ?? {};
  }

  /** The message prefixed with `file:line:`, `file:line:column:` or `file (at path):` when a location is known. */
  describe(): string {
    const { file, line, column, path } = this.location;
    let where = file ?? '';
    if (line !== undefined) where += `${where ? ':' : 'line '}${line}${column === undefined ? '' : `:${column}`}`;
    if (path) where += `${where ? ' ' : ''}(at ${path})`;
    return where ? `${where}: ${this.message}` : this.message;
  }

  /** A copy of this error that also names the file; used when a parser does not know it. */
  inFile(file: string): SchedlabError {
    const copy = new SchedlabError(this.kind, this.message, {
      cause: this.cause,
      location: { ...this.location, file },
    });
    copy.stack = this.stack;
    return copy;
  }
}

/** Shorthand for an input error at a location. */
export function inputError(message: string, location: ErrorLocation = {}, cause?: unknown): SchedlabError {
  return new SchedlabError('input', message, { location, cause });
}

/** Shorthand for a model-validation error. */
export function modelError(message: string, cause?: unknown): SchedlabError {
  return new SchedlabError('model', message, { cause });
}
