/** The performance profile and the solved-over-time curve on hand-computed examples. */
import { describe, expect, it } from 'vitest';
import {
  type ProfileRun,
  performanceProfile,
  performanceRatio,
  profileMaxTau,
  profileNote,
  solvedOverTime,
} from '../../src/report/profile.js';

const run = (
  instance: string,
  method: string,
  objective: number | null,
  extra: Partial<ProfileRun> = {},
): ProfileRun => ({
  instance,
  method,
  objective,
  feasible: objective !== null,
  ...extra,
});

describe('performanceRatio', () => {
  it("is Dolan and Moré's ratio for positive objectives, inverted for maximization", () => {
    expect(performanceRatio(12, 10, 'min', true)).toBeCloseTo(1.2);
    expect(performanceRatio(8, 10, 'max', true)).toBeCloseTo(1.25);
  });

  it('shifts by the distance over max(|best|, 1) when an objective is zero or negative', () => {
    expect(performanceRatio(3, 0, 'min', false)).toBe(4);
    expect(performanceRatio(-5, -10, 'min', false)).toBeCloseTo(1.5);
    expect(performanceRatio(-2, 0.5, 'max', false)).toBeCloseTo(3.5);
  });
});

describe('performanceProfile', () => {
  // A: x 10, y 12, z infeasible. B: x 20, y 10, z 10. C: x fails, y 5, z 6.
  // Ratios: x [1, 2, inf], y [1.2, 1, 1], z [inf, 1, 1.2].
  const runs = [
    run('A', 'x', 10),
    run('A', 'y', 12),
    run('A', 'z', null),
    run('B', 'x', 20),
    run('B', 'y', 10),
    run('B', 'z', 10),
    run('C', 'x', null),
    run('C', 'y', 5),
    run('C', 'z', 6),
  ];

  it('gives the share of instances within each factor of the best, failures never counted', () => {
    const profile = performanceProfile(runs, 'min');
    const byMethod = Object.fromEntries(profile.map((series) => [series.method, series.points]));
    expect(byMethod.x).toEqual([
      { x: 1, share: 1 / 3 },
      { x: 2, share: 2 / 3 },
    ]);
    expect(byMethod.y.map((p) => p.share)).toEqual([2 / 3, 1]);
    expect(byMethod.y.map((p) => p.x)).toEqual([1, expect.closeTo(1.2)]);
    expect(byMethod.z.map((p) => p.share)).toEqual([1 / 3, 2 / 3]);
    expect(profileMaxTau(profile)).toBe(2);
  });

  it('counts an instance no method solved in the denominator of every method', () => {
    const profile = performanceProfile([...runs, run('D', 'x', null), run('D', 'y', null)], 'min');
    expect(profile.find((series) => series.method === 'y')?.points.at(-1)?.share).toBe(3 / 4);
  });

  it('takes the best answer of a method run twice on one instance', () => {
    const profile = performanceProfile([run('A', 'x', 12), run('A', 'x', 10), run('A', 'y', 11)], 'min');
    expect(profile[0].points).toEqual([{ x: 1, share: 1 }]);
  });

  it('compares maximization objectives with best / f, and says which instances took the shifted ratio', () => {
    const profile = performanceProfile([run('F', 'x', 8), run('F', 'y', 10)], 'max');
    expect(profile[0].points).toEqual([{ x: 1.25, share: 1 }]);
    expect(profileNote([run('F', 'x', 8), run('F', 'y', 10)], 'max')).toMatch(/^ratio f\* \/ f/);
    expect(profileNote([run('D', 'x', 0), run('D', 'y', 3)], 'min')).toMatch(
      /on 1 of 1 instances an objective is zero/,
    );
    expect(performanceProfile([run('D', 'x', 0), run('D', 'y', 3)], 'min')[1].points).toEqual([{ x: 4, share: 1 }]);
  });
});

describe('solvedOverTime', () => {
  it('rises at the time of each proof, over all instances of the family', () => {
    const runs = [
      run('A', 'x', 10, { proven: true, timeMs: 40 }),
      run('B', 'x', 10, { proven: true, timeMs: 10 }),
      run('C', 'x', 10, { proven: false, timeMs: 5 }),
      run('A', 'y', 10, { proven: false, timeMs: 1 }),
    ];
    const curves = solvedOverTime(runs);
    expect(curves).toEqual([
      {
        method: 'x',
        points: [
          { x: 10, share: 1 / 3 },
          { x: 40, share: 2 / 3 },
        ],
      },
      { method: 'y', points: [] },
    ]);
  });
});
