/**
 * Kubernetes resource quantities (`500m`, `1.5`, `512Mi`, `1G`, `2e3`), parsed by the
 * grammar of k8s.io/apimachinery `resource.Quantity`:
 *
 *   quantity ::= signedNumber suffix
 *   number   ::= digits | digits.digits | digits. | .digits
 *   suffix   ::= binarySI (Ki Mi Gi Ti Pi Ei) | decimalSI (n u m "" k M G T P E) | (e|E) signedInteger
 *
 * Surrounding white space is trimmed, as `Quantity.UnmarshalJSON` does (strings.TrimSpace)
 * before parsing; white space inside (`1 Gi`) is an error. A lone `E` is the exa suffix
 * (10^18), not an exponent.
 * Arithmetic is exact (BigInt fractions), and conversion to whole units rounds up, as
 * `Quantity.MilliValue()` and `Quantity.Value()` do: `0.5m` of CPU is 1 millicore.
 * Note that `k` is decimal kilo (1000) and `Ki` is binary (1024); `K`, `KB`, `mi` are invalid.
 */
import { inputError } from '../../src/errors.js';

/** An exact quantity: numerator / denominator, the denominator positive. */
export interface Quantity {
  numerator: bigint;
  denominator: bigint;
}

const binarySuffixes: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const shape = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/;

/** The largest decimal exponent accepted; beyond it no resource figure makes sense. */
const maxExponent = 60;

function invalid(text: string, why: string): never {
  throw inputError(`'${text}' is not a Kubernetes quantity: ${why}; write e.g. 500m, 1.5, 512Mi, 1G or 2e3`);
}

function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

/** The multiplier of a suffix as a fraction. */
function suffixValue(text: string, suffix: string): Quantity {
  const binary = binarySuffixes[suffix];
  if (binary !== undefined) return { numerator: binary, denominator: 1n };
  let exponent = decimalSuffixes[suffix];
  if (exponent === undefined) {
    const match = /^[eE]([+-]?\d+)$/.exec(suffix);
    if (!match)
      invalid(
        text,
        `unknown suffix '${suffix}'; use one of n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent like e3`,
      );
    exponent = Number(match[1]);
    if (Math.abs(exponent) > maxExponent)
      invalid(text, `the exponent ${exponent} is out of range (at most ${maxExponent} either way)`);
  }
  return exponent >= 0
    ? { numerator: pow10(exponent), denominator: 1n }
    : { numerator: 1n, denominator: pow10(-exponent) };
}

/**
 * Parse a quantity exactly. Numbers (as YAML gives them for `cpu: 1.5`) are read from
 * their decimal text.
 *
 * @example
 * ```ts
 * parseQuantity('1.5Gi'); // { numerator: 1610612736n, denominator: 1n }
 * ```
 */
export function parseQuantity(value: string | number): Quantity {
  if (typeof value === 'number' && !Number.isFinite(value)) invalid(String(value), 'it is not a finite number');
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (text.length === 0) invalid(text, 'it is empty');
  const match = shape.exec(text);
  if (!match) invalid(text, 'it does not start with a number');
  const [, sign, whole, fraction = '', suffix] = match;
  if (whole === '' && fraction === '') invalid(text, 'it has no digits before the suffix');
  if (/\s/.test(text)) invalid(text, 'it contains white space');
  const digits = BigInt(`${whole}${fraction}` || '0');
  const multiplier = suffixValue(text, suffix);
  return {
    numerator: (sign === '-' ? -digits : digits) * multiplier.numerator,
    denominator: pow10(fraction.length) * multiplier.denominator,
  };
}

function ceilDivide(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  return quotient * denominator < numerator ? quotient + 1n : quotient;
}

/**
 * A quantity in whole units of `1 / perOne` (1000 for millicores, 1 for bytes), rounded
 * up like Kubernetes; an input error when negative or beyond 2^53.
 *
 * @example
 * ```ts
 * quantityToUnits('250m', 1000); // 250 millicores
 * quantityToUnits('1Ki', 1);     // 1024 bytes
 * ```
 */
export function quantityToUnits(value: string | number, perOne: number): number {
  const quantity = parseQuantity(value);
  const text = String(value);
  if (quantity.numerator < 0n) invalid(text, 'a resource amount must not be negative');
  const units = ceilDivide(quantity.numerator * BigInt(perOne), quantity.denominator);
  if (units > BigInt(Number.MAX_SAFE_INTEGER)) invalid(text, 'it is too large to count exactly');
  return Number(units);
}

/**
 * CPU in millicores.
 *
 * @example
 * ```ts
 * parseMillicores('1.5'); // 1500
 * ```
 */
export function parseMillicores(value: string | number): number {
  return quantityToUnits(value, 1000);
}

/**
 * Memory (or any byte amount) in bytes.
 *
 * @example
 * ```ts
 * parseBytes('512Mi'); // 536870912
 * ```
 */
export function parseBytes(value: string | number): number {
  return quantityToUnits(value, 1);
}

/**
 * A count (e.g. allocatable `pods: "110"`); an input error unless it is a whole number.
 *
 * @example
 * ```ts
 * parseCount('110'); // 110
 * ```
 */
export function parseCount(value: string | number): number {
  const quantity = parseQuantity(value);
  if (quantity.numerator < 0n || quantity.numerator % quantity.denominator !== 0n)
    invalid(String(value), 'a count must be a whole number >= 0');
  return quantityToUnits(value, 1);
}
