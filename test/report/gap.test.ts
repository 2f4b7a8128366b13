/** The gap the page plots against time: a run's relative gap to its own bound, by hand. */
import { describe, expect, it } from 'vitest';
import { boundGap } from '../../src/report/runs.js';

const run = (objective: number | null, bound: number | null, feasible = true) => ({ objective, bound, feasible });

describe('the gap of a run to its own bound', () => {
  it('is |objective - bound| / |objective|, as solve reports it', () => {
    expect(boundGap(run(50, 40))).toBeCloseTo(0.2, 12); // 10 / 50
    expect(boundGap(run(93, 59))).toBeCloseTo(34 / 93, 12); // serial-lft on an RCPSP instance, critical-path bound 59
    expect(boundGap(run(3593, 3599))).toBeCloseTo(6 / 3593, 12); // a maximum: the bound lies above
    expect(boundGap(run(-5, -8))).toBeCloseTo(0.6, 12); // 3 / 5
  });

  it('is 0 where the bound closes on the objective, also up to round-off', () => {
    expect(boundGap(run(44, 44))).toBe(0);
    expect(boundGap(run(12, 11.99999999999))).toBe(0);
  });

  it('is null without a bound or without a feasible objective', () => {
    expect(boundGap(run(48, null))).toBeNull();
    expect(boundGap(run(null, 30, false))).toBeNull();
    expect(boundGap(run(48, 30, false))).toBeNull();
  });
});
