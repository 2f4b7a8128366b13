/**
 * Generator parameters, read one way by every family: a named size, numeric knobs in a range,
 * choices among a few values, and, once a generator has read what it knows, a refusal of any
 * key it did not read (a misspelt `--param` would otherwise be ignored without a word). Values
 * may be numbers and booleans, or the strings a command line gives (`--param level=3`).
 */
import { inputError } from '../errors.js';
import type { GenerateParams } from './contract.js';

/** The named sizes every generator offers. */
export type SizeName = 'small' | 'medium' | 'large';

/** How a numeric knob is checked: whole numbers by default; `above` makes the lower end exclusive. */
export interface NumberKnobOptions {
  integer?: boolean;
  above?: boolean;
}

/**
 * Reads a generator's parameters and remembers which keys it read, so that `finish` can
 * refuse the rest, listing the known ones.
 *
 * @example
 * ```ts
 * const reader = new GenerateParamReader({ size: 'small', level: '3' }, 'rcpsp (kind ramp)');
 * const activities = reader.number('activities', reader.size({ small: 10, medium: 30, large: 60 }, 'medium'), 1, 10_000);
 * const level = reader.number('level', 4, 0, 4); // 3
 * reader.finish(); // throws for a key no read asked for, e.g. 'levle'
 * ```
 */
export class GenerateParamReader {
  private readonly known = new Set<string>(['size']);

  /** `generator` names the generator in messages; `alsoKnown` are keys read elsewhere (e.g. `kind`). */
  constructor(
    private readonly params: GenerateParams,
    private readonly generator: string,
    alsoKnown: readonly string[] = [],
  ) {
    for (const key of alsoKnown) this.known.add(key);
  }

  /** The value for the named size (`params.size`, else `fallback`). */
  size<T>(sizes: Record<SizeName, T>, fallback: SizeName): T {
    const size = this.params.size ?? fallback;
    if (!Object.hasOwn(sizes, size))
      throw inputError(`unknown size '${String(size)}'; use small, medium or large`, { path: 'size' });
    return sizes[size];
  }

  /** A numeric knob in lo..hi (a whole number unless `integer: false`), or the fallback when absent. */
  number(key: string, fallback: number, lo: number, hi: number, options: NumberKnobOptions = {}): number {
    this.known.add(key);
    const raw = this.params[key];
    if (raw === undefined) return fallback;
    const integer = options.integer ?? true;
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    const inRange =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (options.above ? value > lo : value >= lo) &&
      value <= hi &&
      (!integer || Number.isInteger(value));
    if (!inRange) {
      const range = options.above ? `(${lo}, ${hi}]` : `${lo}..${hi}`;
      throw inputError(
        `generator parameter '${key}' must be ${integer ? 'a whole number' : 'a number'} in ${range}, got ${JSON.stringify(raw)}`,
        { path: key },
      );
    }
    return value as number;
  }

  /** One of `options` (booleans also as 'true'/'false'), or the fallback when absent. */
  choice<T extends string | boolean>(key: string, fallback: T, options: readonly T[]): T {
    this.known.add(key);
    const raw = this.params[key];
    if (raw === undefined) return fallback;
    const found = options.find((option) => option === raw || String(option) === raw);
    if (found === undefined)
      throw inputError(
        `generator parameter '${key}' must be ${options.map((o) => `'${String(o)}'`).join(' or ')}, got ${JSON.stringify(raw)}`,
        { path: key },
      );
    return found;
  }

  /** Refuse a key that no read asked for, naming the known keys. */
  finish(): void {
    const unknown = Object.keys(this.params).filter((key) => !this.known.has(key) && this.params[key] !== undefined);
    if (unknown.length === 0) return;
    throw inputError(
      `unknown generator parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} for ${this.generator}; the known ones are ${[...this.known].sort().join(', ')}`,
      { path: unknown[0] },
    );
  }
}
