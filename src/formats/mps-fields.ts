/**
 * Splitting MPS data lines into fields. Free MPS separates fields by white space; fixed
 * MPS puts them in card columns 2-3, 5-12, 15-22, 25-36, 40-47 and 50-61, which lets
 * names contain spaces. The reader tries the free split first and falls back to the fixed
 * columns when the free fields do not make sense (see `mps-reader.ts`).
 */

/** The sections of an MPS file that hold data lines. */
export type MpsSection = 'NAME' | 'OBJSENSE' | 'ROWS' | 'COLUMNS' | 'RHS' | 'RANGES' | 'BOUNDS';

/** Section keywords that may start a line in column 1. */
export const sectionKeywords: ReadonlySet<string> = new Set([
  'NAME',
  'OBJSENSE',
  'ROWS',
  'COLUMNS',
  'RHS',
  'RANGES',
  'BOUNDS',
  'ENDATA',
]);

/** The white-space separated tokens of a line. */
export function freeFields(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

const fixedStarts = [1, 4, 14, 24, 39, 49];
const fixedEnds = [3, 12, 22, 36, 47, 61];

function fixedField(line: string, field: number): string {
  // The last field on a line may run past its nominal end; real files do this.
  const end = field === fixedEnds.length - 1 ? line.length : fixedEnds[field];
  return line.slice(fixedStarts[field], end).trim();
}

/**
 * The fields of a fixed-format line, arranged like the free split of the same section:
 * ROWS `[type, name]`, BOUNDS `[type, set, column, value]`, and COLUMNS/RHS/RANGES
 * `[name, row, value, row, value]` with trailing empty fields dropped. An empty set name
 * stays as `''` so that positions keep their meaning.
 *
 * @example
 * ```ts
 * fixedFields(' UP BND1      MY COL      4', 'BOUNDS'); // ['UP', 'BND1', 'MY COL', '4']
 * ```
 */
export function fixedFields(line: string, section: MpsSection): string[] {
  const fields = fixedStarts.map((_, index) => fixedField(line, index));
  let chosen: string[];
  if (section === 'ROWS') chosen = [fields[0], fields[1]];
  else if (section === 'BOUNDS') chosen = fields.slice(0, 4);
  else chosen = fields.slice(1);
  while (chosen.length > 0 && chosen[chosen.length - 1] === '') chosen.pop();
  return chosen;
}

/** Strip the quotes that surround MARKER keywords (`'MARKER'`, or `` `MARKER' `` in old files). */
export function unquote(token: string): string {
  return token.replace(/^['`"]|['`"]$/g, '').toUpperCase();
}
