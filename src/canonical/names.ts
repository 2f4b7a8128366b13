/**
 * Names for columns and rows, made only when someone asks for one (a file writer, an
 * error message), so that building a large model never pays for strings.
 *
 * Names are sanitized for the LP and MPS formats: no white space, none of the
 * characters those formats reserve, not starting with a digit or a period, not an LP
 * keyword (`free`, `st`, `int`, ... get a leading `_`), not longer than 255 characters,
 * and unique (a clash gets a `~2`, `~3`, ... suffix). Because the model's own names are
 * already safe for both formats, the LP and MPS writers write the same names, and a
 * column keeps one name whichever file it goes through.
 */
// Letters, digits and the punctuation CPLEX LP allows in names (no '-', '+', quotes or brackets).
const disallowed = /[^A-Za-z0-9_.()#,@!$%&;?{}|~/]/g;

/** Words an LP reader may take as keywords where a name is expected (compared without case). */
export const lpKeywords: ReadonlySet<string> = new Set([
  'min',
  'max',
  'minimize',
  'minimise',
  'minimum',
  'maximize',
  'maximise',
  'maximum',
  'st',
  'subject',
  'such',
  'bounds',
  'bound',
  'general',
  'generals',
  'gen',
  'integer',
  'integers',
  'int',
  'binary',
  'binaries',
  'bin',
  'end',
  'free',
  'inf',
  'infinity',
  'semi',
  'semis',
  'sos',
]);

/**
 * Turn any string into a name both LP and MPS files accept.
 *
 * @example
 * ```ts
 * sanitizeName('x[1, 2]') === 'x_1,_2_'; sanitizeName('free') === '_free'; sanitizeName('2nd') === '_2nd';
 * ```
 */
export function sanitizeName(raw: string): string {
  let name = raw.replace(disallowed, '_');
  // The LP format reads a leading digit or period as a number, `e1`-like names as exponents,
  // and keywords as keywords.
  if (name === '' || /^[0-9.]/.test(name) || /^[eE][0-9]/.test(name) || lpKeywords.has(name.toLowerCase()))
    name = `_${name}`;
  return name.length > 255 ? name.slice(0, 255) : name;
}

/** A table of `count` names produced on first use from a raw-name function. */
export class LazyNames {
  private names: string[] | undefined;

  constructor(
    private readonly count: number,
    private readonly rawName: (index: number) => string,
  ) {}

  /** The sanitized, unique name at `index`. */
  get(index: number): string {
    if (this.names === undefined) this.names = this.build();
    const name = this.names[index];
    if (name === undefined) throw new RangeError(`name index ${index} out of range 0..${this.count - 1}`);
    return name;
  }

  private build(): string[] {
    const seen = new Map<string, number>();
    const result = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) {
      const base = sanitizeName(this.rawName(i));
      let name = base;
      let suffix = seen.get(base);
      if (suffix !== undefined) {
        do {
          suffix += 1;
          name = `${base}~${suffix}`;
        } while (seen.has(name));
        seen.set(base, suffix);
      }
      seen.set(name, seen.get(name) ?? 1);
      result[i] = name;
    }
    return result;
  }
}
