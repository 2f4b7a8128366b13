import { describe, expect, it } from 'vitest';
import { boundCloses, relativeGap } from '../../../src/solvers/contract.js';

describe('relativeGap', () => {
  it('is relative to the objective, with a floor near 0', () => {
    expect(relativeGap(100, 90)).toBeCloseTo(0.1, 12);
    expect(relativeGap(-50, -55)).toBeCloseTo(0.1, 12);
    expect(relativeGap(0, 1e-3)).toBeGreaterThan(1);
  });

  it('is 0 when the bound closes on the objective, even at an objective of 0', () => {
    // HiGHS returned this pair for a MIP whose optimum is 0 (found by the backends-agree property).
    expect(boundCloses(0, 8.881784197001252e-16)).toBe(true);
    expect(relativeGap(0, 8.881784197001252e-16)).toBe(0);
    expect(relativeGap(43, 43)).toBe(0);
  });

  it('is NaN without a finite objective and bound', () => {
    expect(relativeGap(Number.NaN, 1)).toBeNaN();
    expect(relativeGap(1, -Infinity)).toBeNaN();
  });
});
