/**
 * MPS reader: fixed and free MPS text -> `CanonicalModel`.
 *
 * Each data line is first split on white space (free MPS); when those fields do not fit
 * the section (wrong count, unknown row, a name where a number belongs), the line is split
 * at the fixed card columns instead, which is the only way names with spaces can occur.
 * Conventions, all documented where they are applied:
 * - the first N row is the objective, later N rows are dropped (`mps-state.ts`);
 * - an RHS on the objective row is the negated objective constant (CPLEX/HiGHS);
 * - RANGES follow the CPLEX table by row type and sign (`mps-state.ts`);
 * - marker integers without bounds are binary, negative UP moves the lower bound to -inf
 *   (`mps-bounds.ts`);
 * - a second coefficient for the same (row, column) pair is an error, not a sum, as in
 *   CPLEX ("Duplicate entry"), because silently summing hides generator bugs;
 * - sections come in the order NAME, ROWS, COLUMNS, RHS, RANGES, BOUNDS, each at most
 *   once (OBJSENSE anywhere, once); anything else is an error at its line.
 */
import type { CanonicalModel } from '../canonical/canonical-model.js';
import { applyBound, boundTypes, valuelessBounds, type BoundType } from './mps-bounds.js';
import { fixedFields, freeFields, sectionKeywords, unquote, type MpsSection } from './mps-fields.js';
import { IGNORED_ROW, MpsState, OBJECTIVE_ROW } from './mps-state.js';
import { errorAt, impossibleBound, parseNumber } from './shared.js';

/** Options of the LP and MPS readers. */
export interface ReadOptions {
  /** The file name, for error messages. */
  fileName?: string;
}

/** A parsed data line: either the change to make, or what was wrong with the fields. */
type Interpretation = { apply: () => void } | { error: string };

interface ReaderContext {
  state: MpsState;
  section: MpsSection | undefined;
  integerMarker: boolean;
  /** One-based number of the line being read. */
  line: number;
  /** The line at which each section seen so far began. */
  seen: Map<MpsSection, number>;
}

/**
 * The order of the sections. Each comes at most once and in this order, except OBJSENSE,
 * which writers put in different places; a second COLUMNS after BOUNDS, say, would
 * otherwise silently add columns that no bound or right-hand side was meant for.
 */
const sectionOrder: readonly MpsSection[] = ['NAME', 'ROWS', 'COLUMNS', 'RHS', 'RANGES', 'BOUNDS'];

/** Refuse a repeated section, or one that comes after a section it must precede. */
function checkSectionOrder(ctx: ReaderContext, section: MpsSection, lineNo: number): void {
  const first = ctx.seen.get(section);
  const where = ctx.state.fileName;
  if (first !== undefined)
    throw errorAt(
      `a second ${section} section (the first began at line ${first}); ${expectedAfter(ctx)}`,
      lineNo,
      where,
    );
  const rank = sectionOrder.indexOf(section);
  const later = sectionOrder.slice(rank + 1).find((other) => ctx.seen.has(other));
  if (rank >= 0 && later !== undefined) {
    throw errorAt(
      `the ${section} section comes after ${later} (line ${ctx.seen.get(later)}), but must come before it; ${expectedAfter(ctx)}`,
      lineNo,
      where,
    );
  }
  ctx.seen.set(section, lineNo);
}

/** What may follow the sections read so far, for error messages. */
function expectedAfter(ctx: ReaderContext): string {
  const last = Math.max(-1, ...[...ctx.seen.keys()].map((section) => sectionOrder.indexOf(section)));
  const next = sectionOrder.slice(last + 1);
  const current = ctx.section === undefined ? '' : `more ${ctx.section} data, `;
  return `expected ${current}${[...next, 'ENDATA'].join(', ')}`;
}

const senseWords: Record<string, 'min' | 'max'> = {
  MIN: 'min',
  MINIMIZE: 'min',
  MINIMISE: 'min',
  MAX: 'max',
  MAXIMIZE: 'max',
  MAXIMISE: 'max',
};

function interpretRow(ctx: ReaderContext, fields: string[]): Interpretation {
  if (fields.length !== 2)
    return { error: `expected a row type (N, L, G, E) and a row name, found ${fields.length} fields` };
  const type = fields[0].toUpperCase();
  if (!['N', 'L', 'G', 'E'].includes(type)) return { error: `expected a row type (N, L, G, E), found '${fields[0]}'` };
  const line = ctx.line;
  return { apply: () => ctx.state.addRow(type, fields[1], line) };
}

/** Parse `(row, value)` pairs starting at `from`; rows must be declared in ROWS. */
function rowValuePairs(ctx: ReaderContext, fields: string[], from: number, what: string) {
  const pairs: { row: number; value: number }[] = [];
  for (let k = from; k < fields.length; k += 2) {
    const row = ctx.state.rowIndex.get(fields[k]);
    if (row === undefined) return { error: `unknown row '${fields[k]}' (not declared in ROWS)` };
    const value = parseNumber(fields[k + 1]);
    if (value === undefined)
      return { error: `expected a number for the ${what} in row '${fields[k]}', found '${fields[k + 1]}'` };
    pairs.push({ row, value });
  }
  return { pairs };
}

function interpretMarker(ctx: ReaderContext, fields: string[]): Interpretation {
  const kind = unquote(fields[fields.length - 1]);
  if (kind !== 'INTORG' && kind !== 'INTEND')
    return { error: `expected 'INTORG' or 'INTEND' after 'MARKER', found '${fields[fields.length - 1]}'` };
  return { apply: () => void (ctx.integerMarker = kind === 'INTORG') };
}

function interpretColumn(ctx: ReaderContext, fields: string[]): Interpretation {
  if (fields.length >= 3 && unquote(fields[1]) === 'MARKER') return interpretMarker(ctx, fields);
  if (fields.length !== 3 && fields.length !== 5) {
    return { error: `expected a column name and one or two (row name, value) pairs, found ${fields.length} fields` };
  }
  const parsed = rowValuePairs(ctx, fields, 1, `coefficient of '${fields[0]}'`);
  if ('error' in parsed) return { error: parsed.error! };
  const bad = parsed.pairs.find((pair) => !Number.isFinite(pair.value));
  if (bad) return { error: `expected a finite coefficient for column '${fields[0]}'` };
  const line = ctx.line;
  return {
    apply: () => {
      const { state } = ctx;
      const j = state.column(fields[0], ctx.integerMarker);
      // A column named again inside a marker section becomes integer, as in CPLEX.
      if (ctx.integerMarker) state.colInteger[j] = 1;
      for (const { row, value } of parsed.pairs) state.addEntry(j, row, value, line);
    },
  };
}

function interpretRhsOrRange(ctx: ReaderContext, fields: string[], section: 'RHS' | 'RANGES'): Interpretation {
  const count = fields.length;
  if (count < 2 || count > 5)
    return { error: `expected an optional set name and one or two (row name, value) pairs, found ${count} fields` };
  // An odd count carries a set name first; an even count omits it (free MPS allows that).
  const parsed = rowValuePairs(ctx, fields, count % 2 === 1 ? 1 : 0, section === 'RHS' ? 'right-hand side' : 'range');
  if ('error' in parsed) return { error: parsed.error! };
  const line = ctx.line;
  return {
    apply: () => {
      const { state } = ctx;
      for (const { row, value } of parsed.pairs) {
        if (row === IGNORED_ROW || (row === OBJECTIVE_ROW && section === 'RANGES')) continue;
        if (row === OBJECTIVE_ROW && !Number.isFinite(value))
          throw errorAt(
            `the right-hand side of the objective row (minus the objective constant) must be finite, found ${value}`,
            line,
            state.fileName,
          );
        if (row === OBJECTIVE_ROW) state.objectiveConstant = -value;
        else if (section === 'RHS') state.rhs[row] = value;
        else state.ranges[row] = value;
        if (row >= 0) state.boundLine[row] = line;
      }
    },
  };
}

/** Which fields hold the column name and the value, given the count and the bound type. */
function boundFields(
  ctx: ReaderContext,
  fields: string[],
  valueless: boolean,
): { col: string; value?: string } | undefined {
  if (fields.length === 4) return { col: fields[2], value: fields[3] };
  if (fields.length === 2) return valueless ? { col: fields[1] } : undefined;
  if (fields.length !== 3) return undefined;
  if (!valueless) return { col: fields[1], value: fields[2] };
  return ctx.state.colIndex.has(fields[2]) ? { col: fields[2] } : { col: fields[1], value: fields[2] };
}

function interpretBound(ctx: ReaderContext, fields: string[]): Interpretation {
  const type = fields[0].toUpperCase();
  if (type === 'SC') return { error: `semi-continuous bounds (SC) are not supported` };
  if (!(boundTypes as readonly string[]).includes(type)) {
    return { error: `expected a bound type (${boundTypes.join(', ')}), found '${fields[0]}'` };
  }
  const valueless = valuelessBounds.has(type);
  const located = boundFields(ctx, fields, valueless);
  if (!located)
    return { error: `expected a bound type, an optional set name, a column name${valueless ? '' : ' and a value'}` };
  const j = ctx.state.colIndex.get(located.col);
  if (j === undefined) return { error: `unknown column '${located.col}' in BOUNDS (not declared in COLUMNS)` };
  const value = valueless ? NaN : parseNumber(located.value!);
  if (value === undefined)
    return { error: `expected a number for the ${type} bound of '${located.col}', found '${located.value}'` };
  const line = ctx.line;
  return {
    apply: () => {
      const { state } = ctx;
      applyBound(state, type as BoundType, j, value);
      const impossible = impossibleBound('column', located.col, state.colLower[j], state.colUpper[j]);
      if (impossible) throw errorAt(impossible, line, state.fileName);
    },
  };
}

function interpret(ctx: ReaderContext, section: MpsSection, fields: string[]): Interpretation {
  switch (section) {
    case 'ROWS':
      return interpretRow(ctx, fields);
    case 'COLUMNS':
      return interpretColumn(ctx, fields);
    case 'RHS':
    case 'RANGES':
      return interpretRhsOrRange(ctx, fields, section);
    case 'BOUNDS':
      return interpretBound(ctx, fields);
    default:
      return { error: `unexpected data in the ${section} section` };
  }
}

function readDataLine(ctx: ReaderContext, line: string, lineNo: number): void {
  const { section, state } = ctx;
  if (section === undefined)
    throw errorAt(`expected a section header such as NAME or ROWS before data`, lineNo, state.fileName);
  if (section === 'OBJSENSE') return setSense(state, freeFields(line)[0], lineNo);
  let result = interpret(ctx, section, freeFields(line));
  if ('error' in result) {
    const fixed = interpret(ctx, section, fixedFields(line, section));
    if ('error' in fixed) throw errorAt(result.error, lineNo, state.fileName);
    result = fixed;
  }
  result.apply();
}

function setSense(state: MpsState, word: string | undefined, lineNo: number): void {
  const sense = word === undefined ? undefined : senseWords[word.toUpperCase()];
  if (sense === undefined)
    throw errorAt(
      `expected an objective sense (MIN, MAX, MINIMIZE, MAXIMIZE), found '${word ?? ''}'`,
      lineNo,
      state.fileName,
    );
  state.sense = sense;
}

/** Handle a line that starts in column 1; returns true at ENDATA. */
function readHeader(ctx: ReaderContext, line: string, lineNo: number): boolean {
  const fields = freeFields(line);
  const keyword = fields[0].toUpperCase();
  if (!sectionKeywords.has(keyword)) {
    const expected = [...sectionKeywords].join(', ');
    throw errorAt(
      `expected a section header (${expected}), found '${fields[0]}'; data lines must start with a space`,
      lineNo,
      ctx.state.fileName,
    );
  }
  if (keyword === 'ENDATA') return true;
  checkSectionOrder(ctx, keyword as MpsSection, lineNo);
  ctx.section = keyword as MpsSection;
  if (keyword === 'NAME') ctx.state.name = line.slice(4).trim();
  if (keyword === 'OBJSENSE' && fields.length > 1) setSense(ctx.state, fields[1], lineNo);
  return false;
}

function startsSection(ctx: ReaderContext, line: string): boolean {
  if (!/^\S/.test(line)) return false;
  // Some writers put the OBJSENSE value in column 1.
  return !(ctx.section === 'OBJSENSE' && freeFields(line)[0].toUpperCase() in senseWords);
}

/**
 * Read an MPS file (fixed or free format) into a `CanonicalModel` whose row and column
 * names are the file's names, sanitized as every model's are (`canonical/names.ts`: an LP
 * keyword such as `free` becomes `_free`), so that writing it as LP or MPS keeps them. Throws a `SchedlabError` of kind `'input'` whose location
 * has the one-based line and whose message says what was expected.
 *
 * @example
 * ```ts
 * const model = readMps([
 *   'NAME demo', 'ROWS', ' N cost', ' L lim', 'COLUMNS', '    x cost 1 lim 1',
 *   'RHS', '    rhs lim 4', 'BOUNDS', ' UP bnd x 3', 'ENDATA',
 * ].join('\n'));
 * // model.numRows === 1, model.colUpper[0] === 3, model.rowUpper[0] === 4
 * ```
 */
export function readMps(text: string, options: ReadOptions = {}): CanonicalModel {
  const ctx: ReaderContext = {
    state: new MpsState(options.fileName),
    section: undefined,
    integerMarker: false,
    line: 0,
    seen: new Map(),
  };
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, '');
    ctx.line = n + 1;
    if (line.trim() === '' || line.startsWith('*')) continue;
    if (startsSection(ctx, line)) {
      if (readHeader(ctx, line, n + 1)) return ctx.state.toModel();
    } else {
      readDataLine(ctx, line, n + 1);
    }
  }
  throw errorAt('expected ENDATA before the end of the file', lines.length, options.fileName);
}
