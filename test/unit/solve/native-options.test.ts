import { describe, expect, it } from 'vitest';
import { canonicalModel } from '../../../src/canonical/build.js';
import { solveCanonical } from '../../../src/solve/solve.js';
import { mockBackend } from '../../../src/solvers/mock/index.js';
import { rejectionOf } from '../../support/errors.js';

// max x + y  s.t.  2x + y <= 3.5,  x + 2y <= 4.2,  x, y integer in [0, 10]  → optimum 2 at (1, 1).
const mip = canonicalModel({
  sense: 'max',
  colCost: [1, 1],
  colLower: [0, 0],
  colUpper: [10, 10],
  colInteger: [1, 1],
  rowLower: [-Infinity, -Infinity],
  rowUpper: [3.5, 4.2],
  rowStart: [0, 2, 4],
  colIndex: [0, 1, 0, 1],
  value: [2, 1, 1, 2],
});

describe('native solver options', () => {
  it('HiGHS applies its own options by name', async () => {
    const result = await solveCanonical(mip, {
      solverOptions: { highs: { mip_heuristic_effort: 0.01, presolve: 'off' } },
    });
    expect(result.termination).toBe('optimal');
    expect(result.objective).toBe(2);
  });

  it('an option HiGHS refuses is the caller’s input error, naming the option', async () => {
    const error = await rejectionOf(solveCanonical(mip, { solverOptions: { highs: { no_such_option: 1 } } }));
    expect(error.kind).toBe('input');
    expect(error.message).toContain('no_such_option=1');
  });

  it('a backend without the capability refuses a non-empty entry, and ignores other backends’ entries', async () => {
    const mock = mockBackend([{ values: Float64Array.of(1, 1), objective: 2 }], ['integer']);
    const refused = await rejectionOf(solveCanonical(mip, { solver: mock, solverOptions: { mock: { effort: 1 } } }));
    expect(refused.kind).toBe('unsupported');
    expect(refused.message).toContain('native solver options; backends that can: highs');
    const result = await solveCanonical(mip, { solver: mock, solverOptions: { highs: { presolve: 'off' } } });
    expect(result.hasSolution).toBe(true);
  });
});
