/**
 * LP writer: `CanonicalModel` -> CPLEX LP text.
 *
 * Choices:
 * - Names are the model's own names, which `canonical/names.ts` already made safe for LP
 *   and MPS alike (a keyword such as `free` or `st` becomes `_free`, `_st`); `fileNames`
 *   gives both writers the same names, so a column keeps one name across formats.
 * - LP files order columns by first appearance. When the objective and the rows would not
 *   reproduce the model's column order (or some column appears nowhere), the objective
 *   lists every column, with `0 x` for a zero cost, so the order survives a round trip.
 * - The objective constant is a bare number term; HiGHS 1.15 reads it (tested), and
 *   CPLEX accepts constants in the objective.
 * - A ranged row is written, by default, as two rows `name_lo: expr >= lb` and
 *   `name_hi: expr <= ub`, as HiGHS's own LP writer does: HiGHS 1.15's LP reader rejects
 *   the double inequality `name: lb <= expr <= ub`, so only the split form is portable.
 *   The model then reads back with one more row per ranged row. `ranges: 'inline'` writes
 *   the double inequality, which CPLEX and `readLp` read back as the one row it was.
 * - An empty row is `name: 0 x >= rhs` (a zero term on the first column) so it stays a row
 *   and an infeasible empty row stays infeasible. A free row is `expr >= -1e+30`.
 * - Lines are wrapped before 250 characters, under the 255 of GLPK and the 510 of CPLEX.
 */
import type { CanonicalModel } from '../canonical/canonical-model.js';
import { fileNames, objectiveRowName, type FileNames } from './file-names.js';
import { checkWritable, formatNumber as num } from './shared.js';

/** Options of `writeLp`. */
export interface WriteLpOptions {
  /**
   * How to write a row with two finite, different bounds (see the file header):
   * `'split'` (the default, portable) or `'inline'` (exact round trip through `readLp`).
   */
  ranges?: 'inline' | 'split';
}

const maxLineLength = 250;

/** Accumulates pieces into lines no longer than `maxLineLength`. */
class LineWriter {
  readonly lines: string[] = [];
  private current = '';

  start(text: string): void {
    this.flush();
    this.current = text;
  }

  push(piece: string): void {
    if (this.current.length + piece.length > maxLineLength && this.current.trim() !== '') {
      this.lines.push(this.current);
      this.current = piece.startsWith(' ') ? piece : ` ${piece}`;
    } else {
      this.current += piece;
    }
  }

  flush(): void {
    if (this.current !== '') this.lines.push(this.current);
    this.current = '';
  }
}

function term(coefficient: number, name: string, first: boolean): string {
  const magnitude = Math.abs(coefficient);
  const body = magnitude === 1 ? name : `${num(magnitude)} ${name}`;
  if (first) return coefficient < 0 ? `- ${body}` : body;
  return ` ${coefficient < 0 ? '-' : '+'} ${body}`;
}

/** True when the compact objective and the rows already name columns 0, 1, 2, ... in order. */
function appearanceKeepsOrder(model: CanonicalModel): boolean {
  const seen = new Uint8Array(model.numCols);
  let next = 0;
  const visit = (j: number): boolean => {
    if (seen[j]) return true;
    seen[j] = 1;
    return j === next++;
  };
  for (let j = 0; j < model.numCols; j++) if (model.colCost[j] !== 0 && !visit(j)) return false;
  for (let i = 0; i < model.numRows; i++) {
    if (model.rowStart[i] === model.rowStart[i + 1] && model.numCols > 0 && !visit(0)) return false;
    for (let k = model.rowStart[i]; k < model.rowStart[i + 1]; k++) if (!visit(model.colIndex[k])) return false;
  }
  return next === model.numCols;
}

function writeObjective(model: CanonicalModel, names: FileNames, out: LineWriter): void {
  out.start(`${model.sense === 'max' ? 'Maximize' : 'Minimize'}`);
  out.start(` ${objectiveRowName(model, names)}: `);
  const everyColumn = !appearanceKeepsOrder(model);
  let first = true;
  for (let j = 0; j < model.numCols; j++) {
    if (model.colCost[j] === 0 && !everyColumn) continue;
    out.push(term(model.colCost[j], names.col(j), first));
    first = false;
  }
  const constant = model.objectiveConstant;
  if (constant !== 0) out.push(first ? num(constant) : ` ${constant < 0 ? '-' : '+'} ${num(Math.abs(constant))}`);
  out.flush();
}

function writeRowTerms(model: CanonicalModel, i: number, names: FileNames, out: LineWriter): void {
  if (model.rowStart[i] === model.rowStart[i + 1]) {
    out.push(model.numCols > 0 ? `0 ${names.col(0)}` : '0');
    return;
  }
  for (let k = model.rowStart[i]; k < model.rowStart[i + 1]; k++) {
    out.push(term(model.value[k], names.col(model.colIndex[k]), k === model.rowStart[i]));
  }
}

function isRanged(model: CanonicalModel, i: number): boolean {
  const [lower, upper] = [model.rowLower[i], model.rowUpper[i]];
  return lower !== upper && lower !== -Infinity && upper !== Infinity;
}

/**
 * The two names of every ranged row written as a pair (`c_lo`, `c_hi`): unique among all
 * row names (another row may already be called `c_lo`) and within the 255 characters that
 * LP readers take.
 */
function splitNames(model: CanonicalModel, names: FileNames): Map<number, [string, string]> {
  const pairs = new Map<number, [string, string]>();
  const taken = new Set<string>([objectiveRowName(model, names)]);
  for (let i = 0; i < model.numRows; i++) taken.add(names.row(i));
  const claim = (base: string): string => {
    let name = base;
    for (let k = 2; taken.has(name); k++) name = `${base.slice(0, 250)}~${k}`;
    taken.add(name);
    return name;
  };
  for (let i = 0; i < model.numRows; i++) {
    if (!isRanged(model, i)) continue;
    const stem = names.row(i).slice(0, 252);
    pairs.set(i, [claim(`${stem}_lo`), claim(`${stem}_hi`)]);
  }
  return pairs;
}

function writeRow(
  model: CanonicalModel,
  i: number,
  names: FileNames,
  split: Map<number, [string, string]> | undefined,
  out: LineWriter,
): void {
  const rowName = names.row(i);
  const lower = model.rowLower[i];
  const upper = model.rowUpper[i];
  const ranged = isRanged(model, i);
  const line = (name: string, prefix: string, suffix: string) => {
    out.start(` ${name}: ${prefix}`);
    writeRowTerms(model, i, names, out);
    out.push(suffix);
    out.flush();
  };
  const pair = split?.get(i);
  if (ranged && pair) {
    line(pair[0], '', ` >= ${num(lower)}`);
    line(pair[1], '', ` <= ${num(upper)}`);
  } else if (ranged) line(rowName, `${num(lower)} <= `, ` <= ${num(upper)}`);
  else if (lower === upper) line(rowName, '', ` = ${num(lower)}`);
  else if (upper !== Infinity) line(rowName, '', ` <= ${num(upper)}`);
  else line(rowName, '', ` >= ${lower === -Infinity ? '-1e+30' : num(lower)}`);
}

function boundLine(name: string, lower: number, upper: number, binary: boolean): string | undefined {
  if (binary || (lower === 0 && upper === Infinity)) return undefined;
  if (lower === upper) return ` ${name} = ${num(lower)}`;
  if (lower === -Infinity && upper === Infinity) return ` ${name} free`;
  if (upper === Infinity) return ` ${name} >= ${num(lower)}`;
  return ` ${lower === -Infinity ? '-inf' : num(lower)} <= ${name} <= ${num(upper)}`;
}

function writeNameList(header: string, list: string[], out: LineWriter): void {
  if (list.length === 0) return;
  out.start(header);
  out.start('');
  for (const name of list) out.push(` ${name}`);
  out.flush();
}

function writeColumnSections(model: CanonicalModel, names: FileNames, out: LineWriter): void {
  const bounds: string[] = [];
  const generals: string[] = [];
  const binaries: string[] = [];
  for (let j = 0; j < model.numCols; j++) {
    const lower = model.colLower[j];
    const upper = model.colUpper[j];
    const integer = model.colInteger[j] === 1;
    const binary = integer && lower === 0 && upper === 1;
    const line = boundLine(names.col(j), lower, upper, binary);
    if (line !== undefined) bounds.push(line);
    if (binary) binaries.push(names.col(j));
    else if (integer) generals.push(names.col(j));
  }
  if (bounds.length > 0) out.lines.push('Bounds', ...bounds);
  writeNameList('Generals', generals, out);
  writeNameList('Binaries', binaries, out);
}

/**
 * Write a model in CPLEX LP format that HiGHS, CPLEX, GLPK and `readLp` all read. With
 * `ranges: 'inline'`, `readLp(writeLp(model, { ranges: 'inline' }))` reproduces every
 * array of the model exactly; by default a ranged row becomes two rows (see the header).
 *
 * @example
 * ```ts
 * const text = writeLp(canonicalModel({
 *   colCost: [1, 2], colLower: [0, -Infinity], colUpper: [Infinity, Infinity],
 *   rowLower: [1], rowUpper: [5], rowStart: [0, 2], colIndex: [0, 1], value: [1, -1],
 * }));
 * // text contains "Minimize", " obj: x0 + 2 x1", " c0_lo: x0 - x1 >= 1", " c0_hi: x0 - x1 <= 5" and " x1 free"
 * ```
 */
export function writeLp(model: CanonicalModel, options: WriteLpOptions = {}): string {
  checkWritable(model, 'LP');
  const names = fileNames(model);
  const out = new LineWriter();
  out.start(`\\ Problem name: ${model.name.replace(/\s+/g, ' ')}`);
  writeObjective(model, names, out);
  out.lines.push('Subject To');
  const split = (options.ranges ?? 'split') === 'split' ? splitNames(model, names) : undefined;
  for (let i = 0; i < model.numRows; i++) writeRow(model, i, names, split, out);
  writeColumnSections(model, names, out);
  out.lines.push('End', '');
  return out.lines.join('\n');
}
