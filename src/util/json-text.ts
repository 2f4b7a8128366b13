/**
 * Reading JSON text the way a user's file deserves: `JSON.parse`, then the two things it
 * lets slip by silently, refused with the line, the column and the path inside the document:
 * a key given twice in one object (JSON.parse keeps the last value and drops the first) and a
 * number outside the range of a double (JSON.parse turns `1e999` into Infinity, which a schema
 * then reports as "found null"). A syntax error is located by a small scanner, since V8's
 * messages only sometimes carry a position.
 */
import { inputError } from '../errors.js';

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids raw control characters in strings; the pattern must name them.
const stringPattern = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** Finds where a text stops being JSON. */
class SyntaxScanner {
  position = 0;
  constructor(private readonly text: string) {}

  private skipSpace(): void {
    while (/[ \t\n\r]/.test(this.text[this.position] ?? '')) this.position++;
  }

  private match(pattern: RegExp): boolean {
    pattern.lastIndex = this.position;
    if (!pattern.test(this.text)) return false;
    this.position = pattern.lastIndex;
    return true;
  }

  private expect(char: string): boolean {
    this.skipSpace();
    if (this.text[this.position] !== char) return false;
    this.position++;
    return true;
  }

  private sequence(close: string, item: () => boolean): boolean {
    this.skipSpace();
    if (this.text[this.position] === close) return (void this.position++, true);
    do if (!item()) return false;
    while (this.expect(','));
    return this.expect(close);
  }

  /** True when a whole value was read; otherwise `position` is where it broke. */
  value(): boolean {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '{')
      return (
        this.position++,
        this.sequence('}', () => (this.skipSpace(), this.match(stringPattern)) && this.expect(':') && this.value())
      );
    if (char === '[') return (this.position++, this.sequence(']', () => this.value()));
    if (char === '"') return this.match(stringPattern);
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.position)) return ((this.position += literal.length), true);
    }
    return this.match(numberPattern);
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.position >= this.text.length;
  }
}

/** The 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The 1-based line of the first syntax error of `text`, or undefined when it parses.
 *
 * @example
 * ```ts
 * jsonErrorLine('{\n  "a": 1,\n}'); // 3
 * ```
 */
export function jsonErrorLine(text: string): number | undefined {
  const scanner = new SyntaxScanner(text);
  if (scanner.value() && scanner.atEnd()) return undefined;
  return lineAndColumn(text, scanner.position).line;
}

/** What the check found wrong, at a character offset and a path inside the document. */
export interface JsonProblem {
  message: string;
  offset: number;
  path: string;
}

type Frame = { kind: 'object'; keys: Map<string, number>; key: string | undefined } | { kind: 'array'; index: number };

function pathOf(frames: Frame[]): string {
  let text = '';
  for (const frame of frames) {
    if (frame.kind === 'array') text += `[${frame.index}]`;
    else if (frame.key !== undefined)
      text += /^[A-Za-z_$][\w$]*$/.test(frame.key)
        ? `${text ? '.' : ''}${frame.key}`
        : `[${JSON.stringify(frame.key)}]`;
  }
  return text || '(root)';
}

/** Walks text that JSON.parse accepted, so it needs no syntax checks of its own. */
class ValueChecker {
  private position = 0;
  private readonly frames: Frame[] = [];
  /** True when the next string in the innermost object is a key. */
  private expectKey = false;

  constructor(private readonly text: string) {}

  check(): JsonProblem | undefined {
    const { text } = this;
    while (this.position < text.length) {
      const char = text.charCodeAt(this.position);
      const problem =
        char === 0x22
          ? this.string()
          : char === 0x2d || (char >= 0x30 && char <= 0x39)
            ? this.number()
            : this.mark(char);
      if (problem) return problem;
    }
    return undefined;
  }

  /** Structure characters, white space and the letters of true, false and null. */
  private mark(char: number): undefined {
    const top = this.frames[this.frames.length - 1];
    if (char === 0x7b) {
      this.frames.push({ kind: 'object', keys: new Map(), key: undefined });
      this.expectKey = true;
    } else if (char === 0x5b) this.frames.push({ kind: 'array', index: 0 });
    else if (char === 0x7d || char === 0x5d) {
      this.frames.pop();
      this.expectKey = false;
    } else if (char === 0x2c) {
      if (top?.kind === 'array') top.index++;
      else this.expectKey = true;
    } else if (char === 0x3a) this.expectKey = false;
    this.position++;
    return undefined;
  }

  private string(): JsonProblem | undefined {
    const start = this.position;
    let escaped = false;
    let k = start + 1;
    for (; k < this.text.length; k++) {
      const char = this.text.charCodeAt(k);
      if (char === 0x5c) {
        escaped = true;
        k++;
      } else if (char === 0x22) break;
    }
    this.position = k + 1;
    const top = this.frames[this.frames.length - 1];
    if (!this.expectKey || top?.kind !== 'object') return undefined;
    const raw = this.text.slice(start, this.position);
    const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
    const first = top.keys.get(key);
    top.key = key;
    if (first !== undefined) {
      const at = lineAndColumn(this.text, first);
      return {
        message: `the key ${JSON.stringify(key)} appears twice in one object (first at line ${at.line}, column ${at.column}); JSON keeps only the last value, so remove or rename one of them`,
        offset: start,
        path: pathOf(this.frames),
      };
    }
    top.keys.set(key, start);
    return undefined;
  }

  private number(): JsonProblem | undefined {
    numberPattern.lastIndex = this.position;
    numberPattern.test(this.text);
    const start = this.position;
    this.position = numberPattern.lastIndex;
    const literal = this.text.slice(start, this.position);
    if (Number.isFinite(Number(literal))) return undefined;
    return {
      message: `the number ${literal} is outside the range of a double (magnitudes up to about 1.8e308); write a number in range`,
      offset: start,
      path: pathOf(this.frames),
    };
  }
}

/**
 * The first duplicate key or out-of-range number of a text JSON.parse accepts, or undefined.
 *
 * @example
 * ```ts
 * checkJsonText('{"a": 1, "a": 2}')?.path; // 'a'
 * ```
 */
export function checkJsonText(text: string): JsonProblem | undefined {
  return new ValueChecker(text).check();
}

/**
 * JSON.parse, with input errors that name `file`, the line (and column where known) and, for
 * a duplicate key or a number out of range, the path inside the document.
 *
 * @example
 * ```ts
 * parseJsonText('{"a": 1}', 'x.json'); // { a: 1 }
 * parseJsonText('{"a": 1, "a": 2}', 'x.json'); // throws 'x.json:1:10 (at a): the key "a" appears twice ...'
 * ```
 */
export function parseJsonText(text: string, file?: string): unknown {
  const where = file === undefined ? {} : { file };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const line = jsonErrorLine(text);
    throw inputError(
      `not valid JSON: ${(error as Error).message}`,
      { ...where, ...(line === undefined ? {} : { line }) },
      error,
    );
  }
  const problem = checkJsonText(text);
  if (problem)
    throw inputError(problem.message, { ...where, ...lineAndColumn(text, problem.offset), path: problem.path });
  return json;
}
