// Cases from https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
// and https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#resource-units-in-kubernetes
import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../../support/errors.js';
import { parseBytes, parseCount, parseMillicores, parseQuantity } from '../../../models/pod-packing/quantity.js';

describe('Kubernetes quantities', () => {
  it.each([
    ['500m', 500],
    ['1.5', 1500],
    ['1', 1000],
    ['0.1', 100],
    ['.5', 500],
    ['2.', 2000],
    ['+2', 2000],
    ['2e3', 2_000_000],
    ['1E-3', 1],
    ['100k', 100_000_000],
    ['0.5m', 1],
    [1.5, 1500],
    [2, 2000],
    ['0', 0],
    // 1e3 cores; 1.5m rounds up to 2 (MilliValue rounds up); n is 10^-9 and u 10^-6 of a core.
    ['1e3', 1_000_000],
    ['1.5m', 2],
    ['500000000n', 500],
    ['1n', 1],
    ['1500u', 2],
    ['250000u', 250],
    // Kubernetes trims surrounding white space before parsing (Quantity.UnmarshalJSON).
    [' 250m ', 250],
    ['\t1\n', 1000],
  ] as const)('CPU %s is %d millicores', (text, millicores) => {
    expect(parseMillicores(text)).toBe(millicores);
  });

  it.each([
    // "128974848, 129e6, 129M, 128974848000m, 123Mi" — the documentation's "roughly the same value".
    ['128974848', 128974848],
    ['129e6', 129_000_000],
    ['129M', 129_000_000],
    ['128974848000m', 128974848],
    ['123Mi', 128974848],
    ['512Mi', 536870912],
    ['1G', 1e9],
    ['1Gi', 2 ** 30],
    ['1Ki', 1024],
    ['1k', 1000],
    ['1.5Gi', 1610612736],
    ['2e3', 2000],
    // "If you request 400m of memory, this is a request for 0.4 bytes" — rounded up to a whole byte.
    ['400m', 1],
    ['1T', 1e12],
    ['1Ti', 2 ** 40],
    ['0.5Gi', 536870912],
    ['1e3', 1000],
    ['1n', 1],
    ['3u', 1],
    ['1000000000n', 1],
    [' 1Gi', 2 ** 30],
  ] as const)('memory %s is %d bytes', (text, bytes) => {
    expect(parseBytes(text)).toBe(bytes);
  });

  it('is exact: 1.5Gi is 1610612736 / 1', () => {
    const q = parseQuantity('1.5Gi');
    expect(q.numerator / q.denominator).toBe(1610612736n);
  });

  it('reads a lone E as exa (10^18), not as an exponent, and n / u as exact fractions', () => {
    expect(parseQuantity('1E')).toEqual({ numerator: 10n ** 18n, denominator: 1n });
    expect(parseQuantity('1.5u')).toEqual({ numerator: 15n, denominator: 10n ** 7n });
    expect(() => parseBytes('1E')).toThrow(/too large/);
  });

  it.each([
    ['', 'empty'],
    ['Mi', 'no digits'],
    ['1KB', "unknown suffix 'KB'"],
    ['1K', "unknown suffix 'K'"],
    ['1mi', "unknown suffix 'mi'"],
    ['1.2.3', "unknown suffix '.3'"],
    ['1 Gi', 'white space'],
    ['abc', 'no digits'],
    ['1e', "unknown suffix 'e'"],
    ['--1', 'no digits'],
    ['1Ki5', "unknown suffix 'Ki5'"],
    ['-1', 'negative'],
    ['1e999', 'out of range'],
    ['1Ei', 'too large'],
    ['1E', 'too large'],
    ['   ', 'empty'],
    ['1N', "unknown suffix 'N'"],
    ['1U', "unknown suffix 'U'"],
  ])('rejects %j (%s) with a clear error', (text, why) => {
    const { message } = inputErrorOf(() => parseMillicores(text));
    expect(message).toContain(why);
    expect(message).toContain('is not a Kubernetes quantity');
  });

  it('counts must be whole', () => {
    expect(parseCount('110')).toBe(110);
    expect(() => parseCount('1.5')).toThrow(/whole number/);
  });
});
