/**
 * LP reader: CPLEX LP text -> `CanonicalModel`.
 *
 * Reads what `writeLp` emits and what people write by hand: objective senses `min`,
 * `minimize`, `maximum`, ...; an optional objective name and constant; `subject to`,
 * `such that`, `st`, `s.t.`; optional row names; `3 x`, `3x` (= 3 * x), `- x`,
 * `+ 2.5e-3 y`; senses `<`, `<=`, `=<`, `>`, `>=`, `=>`, `=`; ranged rows `lb <= expr <= ub`;
 * constants on the left (moved to the right); bounds (`x >= 1`, `-1 <= x <= 4`, `x = 2`,
 * `x free`, `-inf <= x`); `generals` and `binaries` (binary also sets [0, 1]); `\` comments.
 * A variable repeated in one row or in the objective is summed. Columns are numbered by
 * first appearance, as in CPLEX.
 */
import { canonicalModel } from '../canonical/build.js';
import type { CanonicalModel } from '../canonical/canonical-model.js';
import { SchedlabError } from '../errors.js';
import { isInfinityWord, lpSections, type LpSection, type Token } from './lp-tokens.js';
import type { ReadOptions } from './mps-reader.js';
import { errorAt, impossibleBound, INFINITE_VALUE, triplesToCsr } from './shared.js';

interface Expression {
  terms: Map<number, number>;
  constant: number;
  /** The first constant of 1e30 or more (infinity in LP files), for an error at its place. */
  infiniteConstant?: Token;
}

const tooLarge = (token: Token, what: string) =>
  `the number ${token.text} is too large for ${what} (magnitudes of ${INFINITE_VALUE} or more mean infinity); scale the row or the variable`;

class LpModelBuilder {
  readonly colIndex = new Map<string, number>();
  readonly colNames: string[] = [];
  readonly colCost: number[] = [];
  readonly colLower: number[] = [];
  readonly colUpper: number[] = [];
  readonly colInteger: number[] = [];
  readonly rowNames: string[] = [];
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];
  readonly entryRow: number[] = [];
  readonly entryCol: number[] = [];
  readonly entryValue: number[] = [];
  /** Where each named row was first given, to refuse a second row of the same name. */
  readonly rowAt = new Map<string, Token>();
  sense: 'min' | 'max' = 'min';
  objectiveName = 'obj';
  objectiveConstant = 0;
  /** The column of the bound statement just read. */
  boundColumn = 0;

  column(name: string): number {
    let j = this.colIndex.get(name);
    if (j === undefined) {
      j = this.colNames.length;
      this.colIndex.set(name, j);
      this.colNames.push(name);
      this.colCost.push(0);
      this.colLower.push(0);
      this.colUpper.push(Infinity);
      this.colInteger.push(0);
    }
    return j;
  }

  /**
   * The index of a column the objective or a constraint already named. Bounds, Generals and
   * Binaries do not create columns: a name there that nothing else uses is most likely a typo,
   * and the MPS reader refuses the same in BOUNDS.
   */
  existingColumn(token: Token, section: string, fileName: string | undefined): number {
    const j = this.colIndex.get(token.text);
    if (j !== undefined) return j;
    throw errorAt(
      `'${token.text}' in ${section} is not a variable of the objective or the constraints; check the spelling, or name it in the objective with a zero coefficient ('+ 0 ${token.text}')`,
      token.line,
      fileName,
      token.column,
    );
  }

  addRow(name: string | undefined, lower: number, upper: number, terms: Map<number, number>): void {
    const i = this.rowNames.length;
    this.rowNames.push(name ?? `c${i + 1}`);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    for (const [j, value] of terms) {
      if (value === 0) continue;
      this.entryRow.push(i);
      this.entryCol.push(j);
      this.entryValue.push(value);
    }
  }
}

/** A read position in a section's tokens, with error helpers that know the line. */
class Cursor {
  private position = 0;

  constructor(
    readonly tokens: Token[],
    readonly fileName: string | undefined,
    private readonly sectionLine: number,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }

  next(): Token {
    return this.tokens[this.position++];
  }

  atEnd(): boolean {
    return this.position >= this.tokens.length;
  }

  /** An error at a token's line and column. */
  failAt(token: Token, message: string): never {
    throw errorAt(message, token.line, this.fileName, token.column);
  }

  fail(expected: string): never {
    const token = this.peek();
    const last = this.tokens[this.tokens.length - 1];
    const found = token ? `'${token.text}'` : 'the end of the section';
    throw errorAt(`expected ${expected}, found ${found}`, token?.line ?? last?.line ?? this.sectionLine, this.fileName);
  }
}

/** A number, `inf` or `infinity`, with any leading signs; undefined (nothing read) if absent. */
function readValue(cursor: Cursor): number | undefined {
  let offset = 0;
  let sign = 1;
  while (cursor.peek(offset)?.kind === 'sign') sign *= cursor.peek(offset++)!.text === '-' ? -1 : 1;
  const token = cursor.peek(offset);
  if (token?.kind !== 'number' && !isInfinityWord(token)) return undefined;
  for (let k = 0; k <= offset; k++) cursor.next();
  return sign * (token!.kind === 'number' ? token!.value : Infinity);
}

function expectValue(cursor: Cursor, after: string): number {
  const value = readValue(cursor);
  return value === undefined ? cursor.fail(`a number after '${after}'`) : value;
}

function isTermName(cursor: Cursor, offset: number): boolean {
  const token = cursor.peek(offset);
  return token?.kind === 'name' && !isInfinityWord(token) && cursor.peek(offset + 1)?.kind !== 'colon';
}

/** Terms and constants until an operator, a row name, or a term without a sign. */
function readExpression(cursor: Cursor, builder: LpModelBuilder): Expression {
  const expression: Expression = { terms: new Map(), constant: 0 };
  for (let first = true; !cursor.atEnd(); first = false) {
    let sign = 1;
    let signed = false;
    while (cursor.peek()?.kind === 'sign') {
      sign *= cursor.next().text === '-' ? -1 : 1;
      signed = true;
    }
    // After the first term every term needs a sign; an unsigned token starts a new statement.
    if (!first && !signed) break;
    const token = cursor.peek();
    if (token?.kind === 'number') {
      cursor.next();
      if (isTermName(cursor, 0)) {
        if (!Number.isFinite(token.value)) cursor.failAt(token, tooLarge(token, 'a coefficient'));
        addTerm(expression, builder.column(cursor.next().text), sign * token.value);
      } else {
        // A constant may still turn out to be a right-hand side (`0 >= -1e30`), so it is checked by the caller.
        expression.constant += sign * token.value;
        if (!Number.isFinite(token.value)) expression.infiniteConstant ??= token;
      }
    } else if (isTermName(cursor, 0)) {
      addTerm(expression, builder.column(cursor.next().text), sign);
    } else if (signed) {
      cursor.fail('a number or a variable name after the sign');
    } else {
      break;
    }
  }
  return expression;
}

function addTerm(expression: Expression, j: number, coefficient: number): void {
  expression.terms.set(j, (expression.terms.get(j) ?? 0) + coefficient);
}

function readObjective(cursor: Cursor, builder: LpModelBuilder): void {
  if (cursor.peek()?.kind === 'name' && cursor.peek(1)?.kind === 'colon') {
    builder.objectiveName = cursor.next().text;
    cursor.next();
  }
  const expression = readExpression(cursor, builder);
  if (expression.infiniteConstant)
    cursor.failAt(expression.infiniteConstant, tooLarge(expression.infiniteConstant, 'a constant'));
  for (const [j, cost] of expression.terms) builder.colCost[j] = cost;
  builder.objectiveConstant = expression.constant;
  if (!cursor.atEnd()) cursor.fail(`'+' or '-' before the next objective term`);
}

/** `[name:] [value op] expression [op value]`; at least one of the two bounds is required. */
function readConstraint(cursor: Cursor, builder: LpModelBuilder): void {
  let name: string | undefined;
  const first = cursor.peek()!;
  if (first.kind === 'name' && cursor.peek(1)?.kind === 'colon') {
    name = cursor.next().text;
    cursor.next();
    const earlier = builder.rowAt.get(name);
    if (earlier)
      cursor.failAt(
        first,
        `a second row named '${name}' (the first is on line ${earlier.line}); give each row its own name`,
      );
    builder.rowAt.set(name, first);
  }
  let left = readLeftBound(cursor);
  const expression = readExpression(cursor, builder);
  let right: { op: string; value: number } | undefined;
  if (left && expression.terms.size === 0 && cursor.peek()?.kind !== 'op') {
    // `0 >= -5` has no variable: it is a constant left side and a right-hand side, not a bound.
    right = { op: left.op, value: expression.constant };
    expression.constant = left.value;
    left = undefined;
  } else if (cursor.peek()?.kind === 'op') {
    const op = cursor.next().text;
    right = { op, value: expectValue(cursor, op) };
  } else if (left === undefined) {
    cursor.fail(`a sense ('<=', '>=' or '=') after the expression${name ? ` of row '${name}'` : ''}`);
  }
  if (!Number.isFinite(expression.constant)) {
    // `-inf <= 0` has no variable: its left side is a constant, and an infinite one leaves no row.
    const token = expression.infiniteConstant;
    cursor.failAt(
      token ?? first,
      token ? tooLarge(token, 'a constant') : `the constant side of a row must be finite, found ${expression.constant}`,
    );
  }
  const [lower, upper] = rowBounds(cursor, left, right);
  const impossible = impossibleBound('row', name ?? `c${builder.rowNames.length + 1}`, lower, upper);
  if (impossible) cursor.failAt(first, impossible);
  builder.addRow(name, lower - expression.constant, upper - expression.constant, expression.terms);
}

function readLeftBound(cursor: Cursor): { op: string; value: number } | undefined {
  let offset = 0;
  while (cursor.peek(offset)?.kind === 'sign') offset++;
  const token = cursor.peek(offset);
  const isValue = token?.kind === 'number' || isInfinityWord(token);
  if (!isValue || cursor.peek(offset + 1)?.kind !== 'op') return undefined;
  const value = readValue(cursor)!;
  return { op: cursor.next().text, value };
}

function rowBounds(
  cursor: Cursor,
  left?: { op: string; value: number },
  right?: { op: string; value: number },
): [number, number] {
  if (left && right) {
    if (left.op !== right.op || left.op === '=')
      cursor.fail(`a second '${left.op === '=' ? '<=' : left.op}' in a ranged row (write lb <= expr <= ub)`);
    return left.op === '<=' ? [left.value, right.value] : [right.value, left.value];
  }
  if (right)
    return right.op === '<='
      ? [-Infinity, right.value]
      : right.op === '>='
        ? [right.value, Infinity]
        : [right.value, right.value];
  const { op, value } = left!;
  return op === '<=' ? [value, Infinity] : op === '>=' ? [-Infinity, value] : [value, value];
}

function applyBound(builder: LpModelBuilder, j: number, op: string, value: number, columnOnLeft: boolean): void {
  const sense = columnOnLeft ? op : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
  if (sense !== '>=') builder.colUpper[j] = value;
  if (sense !== '<=') builder.colLower[j] = value;
}

function readBound(cursor: Cursor, builder: LpModelBuilder): void {
  const first = cursor.peek()!;
  readBoundStatement(cursor, builder);
  const j = builder.boundColumn;
  const impossible = impossibleBound('column', builder.colNames[j], builder.colLower[j], builder.colUpper[j]);
  if (impossible) cursor.failAt(first, impossible);
}

/** One bound statement; sets `builder.boundColumn` to the column it bounds. */
function readBoundStatement(cursor: Cursor, builder: LpModelBuilder): void {
  if (isTermName(cursor, 0)) {
    const j = builder.existingColumn(cursor.next(), 'Bounds', cursor.fileName);
    builder.boundColumn = j;
    if (cursor.peek()?.kind === 'name' && /^free$/i.test(cursor.peek()!.text)) {
      cursor.next();
      builder.colLower[j] = -Infinity;
      builder.colUpper[j] = Infinity;
      return;
    }
    if (cursor.peek()?.kind !== 'op') cursor.fail(`'<=', '>=', '=' or 'free' after '${builder.colNames[j]}'`);
    const op = cursor.next().text;
    return applyBound(builder, j, op, expectValue(cursor, op), true);
  }
  const value = readValue(cursor);
  if (value === undefined) cursor.fail('a variable name or a number to start a bound');
  if (cursor.peek()?.kind !== 'op') cursor.fail(`'<=', '>=' or '=' after '${value}'`);
  const op = cursor.next().text;
  if (!isTermName(cursor, 0)) cursor.fail(`a variable name after '${op}'`);
  const j = builder.existingColumn(cursor.next(), 'Bounds', cursor.fileName);
  builder.boundColumn = j;
  applyBound(builder, j, op, value!, false);
  if (cursor.peek()?.kind === 'op') {
    const second = cursor.next().text;
    applyBound(builder, j, second, expectValue(cursor, second), true);
  }
}

function readNameList(cursor: Cursor, builder: LpModelBuilder, binary: boolean): void {
  while (!cursor.atEnd()) {
    const section = binary ? 'Binaries' : 'Generals';
    if (!isTermName(cursor, 0)) cursor.fail(`a variable name in the ${section} section`);
    const j = builder.existingColumn(cursor.next(), section, cursor.fileName);
    builder.colInteger[j] = 1;
    if (binary) {
      builder.colLower[j] = 0;
      builder.colUpper[j] = 1;
    }
  }
}

function readSection(section: LpSection, builder: LpModelBuilder, fileName?: string): void {
  const cursor = new Cursor(section.tokens, fileName, section.line);
  switch (section.kind) {
    case 'objective':
      builder.sense = section.sense!;
      return readObjective(cursor, builder);
    case 'constraints':
      while (!cursor.atEnd()) readConstraint(cursor, builder);
      return;
    case 'bounds':
      while (!cursor.atEnd()) readBound(cursor, builder);
      return;
    case 'generals':
    case 'binaries':
      return readNameList(cursor, builder, section.kind === 'binaries');
  }
}

/**
 * Read a CPLEX LP file into a `CanonicalModel` whose names are the file's names. Throws a
 * `SchedlabError` of kind `'input'` whose location has the one-based line.
 *
 * @example
 * ```ts
 * const model = readLp('Maximize\n obj: 3x + 2 y + 1\nSubject To\n c1: x + y <= 4\nBounds\n y free\nEnd');
 * // model.sense === 'max', model.objectiveConstant === 1, model.colLower[1] === -Infinity
 * ```
 */
export function readLp(text: string, options: ReadOptions = {}): CanonicalModel {
  const builder = new LpModelBuilder();
  const sections = lpSections(text, options.fileName);
  if (sections.length === 0 || sections[0].kind !== 'objective') {
    throw errorAt(`expected 'Minimize' or 'Maximize' to start the objective`, sections[0]?.line ?? 1, options.fileName);
  }
  for (const section of sections) readSection(section, builder, options.fileName);
  const numRows = builder.rowNames.length;
  const csr = triplesToCsr(numRows, builder.colNames.length, builder.entryRow, builder.entryCol, builder.entryValue);
  // Terms are merged per row before assembly, so a duplicate here is a bug of ours.
  if (csr.duplicate) throw new SchedlabError('internal', 'LP reader produced a duplicate matrix entry');
  return canonicalModel({
    name: /^\\\s*Problem name:[ \t]*(.*)$/m.exec(text)?.[1]?.trim() ?? '',
    sense: builder.sense,
    objectiveName: builder.objectiveName,
    objectiveConstant: builder.objectiveConstant,
    colCost: builder.colCost,
    colLower: builder.colLower,
    colUpper: builder.colUpper,
    colInteger: builder.colInteger,
    rowLower: builder.rowLower,
    rowUpper: builder.rowUpper,
    rowStart: csr.rowStart,
    colIndex: csr.colIndex,
    value: csr.value,
    colNames: builder.colNames,
    rowNames: builder.rowNames,
  });
}
