import { describe, expect, it } from 'vitest';
import { canonicalModel } from '../../../src/canonical/build.js';
import { isFeasiblePoint, pointViolation } from '../../../src/canonical/check.js';

// x - 1e6 z <= 0,  x in [0, 10],  z binary.
const bigM = canonicalModel({
  colCost: [0, 0],
  colLower: [0, 0],
  colUpper: [10, 1],
  colInteger: [0, 1],
  rowLower: [-Infinity],
  rowUpper: [0],
  rowStart: [0, 2],
  colIndex: [0, 1],
  value: [1, -1e6],
});

describe('pointViolation', () => {
  it('judges a big-M row against the size of its terms: z off by a solver tolerance is no violation', () => {
    // z = 1 - 1e-9 (within integrality tolerance) and x = 10: activity 10 - 999999.999 < 0, fine;
    // z = 1e-9 with x = 0.001: activity 0.001 - 0.001 = 0 — and x = 0.002 breaks the row by 0.001,
    // which relative to the terms (~0.002) is a real violation.
    expect(isFeasiblePoint(bigM, [10, 1 - 1e-9])).toBe(true);
    expect(pointViolation(bigM, [0.002, 1e-9]).row).toBeGreaterThan(1e-4);
  });

  it('measures bounds relative to their size and reports integrality apart', () => {
    const violation = pointViolation(bigM, [10 + 1e-5, 0.5]);
    expect(violation.bound).toBeCloseTo(1e-5 / 11, 12);
    expect(violation.integrality).toBe(0.5);
    expect(violation.max).toBe(0.5);
  });

  it('calls a non-finite value infinitely far', () => {
    expect(pointViolation(bigM, [Number.NaN, 0]).max).toBe(Infinity);
  });
});
