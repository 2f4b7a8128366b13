import { describe, expect, it } from 'vitest';
import { canonicalModel } from '../../../src/canonical/build.js';
import {
  glpkBoundType,
  glpkConstants as K,
  lpResult,
  mipResult,
  reducedCosts,
  toGlpkOptions,
  toGlpkProblem,
} from '../../../src/solvers/glpk/translate.js';

const inf = Infinity;
// min x0 - 2 x1 + 5  s.t.  1 <= x0 + x1 <= 4 (ranged), x0 - x1 = 0; x0 free, x1 in [0, 3] integer, x2 fixed at 2.
const model = canonicalModel({
  objectiveConstant: 5,
  colCost: [1, -2, 0],
  colLower: [-inf, 0, 2],
  colUpper: [inf, 3, 2],
  colInteger: [0, 1, 0],
  rowLower: [1, 0],
  rowUpper: [4, 0],
  rowStart: [0, 2, 4],
  colIndex: [0, 1, 0, 1],
  value: [1, 1, 1, -1],
});

describe('glpk translate', () => {
  it('maps every bound kind to its GLPK type', () => {
    expect([
      glpkBoundType(-inf, inf),
      glpkBoundType(0, inf),
      glpkBoundType(-inf, 0),
      glpkBoundType(0, 1),
      glpkBoundType(2, 2),
    ]).toEqual([K.GLP_FR, K.GLP_LO, K.GLP_UP, K.GLP_DB, K.GLP_FX]);
  });

  it('writes every column with explicit bounds, rows with their bound types, and integers as generals', () => {
    const lp = toGlpkProblem(model);
    expect(lp.objective).toEqual({
      direction: K.GLP_MIN,
      name: 'obj',
      vars: [
        { name: 'x0', coef: 1 },
        { name: 'x1', coef: -2 },
      ],
    });
    expect(lp.bounds).toEqual([
      { name: 'x0', type: K.GLP_FR, lb: 0, ub: 0 },
      { name: 'x1', type: K.GLP_DB, lb: 0, ub: 3 },
      { name: 'x2', type: K.GLP_FX, lb: 2, ub: 2 },
    ]);
    expect(lp.subjectTo.map((row) => row.bnds)).toEqual([
      { type: K.GLP_DB, lb: 1, ub: 4 },
      { type: K.GLP_FX, lb: 0, ub: 0 },
    ]);
    expect(lp.generals).toEqual(['x1']);
    expect(toGlpkProblem(model, { relaxIntegrality: true, zeroObjective: true })).toMatchObject({
      generals: [],
      objective: { vars: [] },
    });
  });

  it('passes the time limit and gap, and turns the log on only with a log callback', () => {
    expect(toGlpkOptions({ timeLimitSec: 2, relativeGap: 0.01 }, false)).toEqual({
      presol: false,
      msglev: 0,
      tmlim: 2,
      mipgap: 0.01,
    });
    expect(toGlpkOptions({ log: () => {} }, true)).toEqual({ presol: true, msglev: K.GLP_MSG_ON });
  });

  it("reports OPT with the constant, duals and reduced costs c - A'y", () => {
    const result = lpResult(
      model,
      { status: K.GLP_OPT, vars: { x0: 1, x1: 1, x2: 2 }, dual: { r0: -0.5, r1: 1.5 }, timedOut: false },
      1,
    );
    expect(result).toMatchObject({ termination: 'optimal', hasSolution: true, objective: 4, gap: 0 });
    expect(Array.from(result.reducedCosts!)).toEqual([0, 0, 0]);
    expect(Array.from(reducedCosts(model, new Float64Array([1, 0])))).toEqual([0, -3, 0]);
  });

  it('never reports a point that violates the model, and never "optimal" for a MIP stopped early', () => {
    expect(lpResult(model, { status: K.GLP_OPT, vars: { x0: 9, x1: 0, x2: 2 }, timedOut: false }, 1)).toMatchObject({
      termination: 'error',
      hasSolution: false,
    });
    const feasible = { status: K.GLP_FEAS, vars: { x0: 1, x1: 1, x2: 2 }, timedOut: true };
    expect(mipResult(model, feasible, 1, undefined)).toMatchObject({ termination: 'timeLimit', hasSolution: true });
    expect(mipResult(model, { ...feasible, timedOut: false }, 1, 0.1)).toMatchObject({ termination: 'gapLimit' });
    // FEAS with neither the clock nor a gap option to explain it is no time limit.
    const unexplained = mipResult(model, { ...feasible, timedOut: false }, 1, undefined);
    expect(unexplained).toMatchObject({ termination: 'iterationLimit', hasSolution: true });
    expect(unexplained?.message).toMatch(/neither at the time limit nor by a gap option/);
    expect(mipResult(model, { status: K.GLP_UNDEF, vars: {}, timedOut: false }, 1, undefined)).toBeUndefined();
    expect(lpResult(model, { status: K.GLP_UNBND, vars: {}, timedOut: false }, 1).termination).toBe('unbounded');
  });

  it('uses the constants glpk.js itself exports', async () => {
    const glpk = await (await import('glpk.js/node')).default();
    for (const [key, value] of Object.entries(K)) expect(glpk[key as keyof typeof glpk], key).toBe(value);
  });
});
