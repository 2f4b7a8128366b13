import { describe, expect, it } from 'vitest';
import { canonicalModel } from '../../../src/canonical/build.js';
import {
  cbcArguments,
  cbcMpsText,
  cbcResult,
  cbcStartText,
  minimizationModel,
  parseCbcBound,
  parseCbcSavedSolution,
  parseCbcSolution,
} from '../../../src/solvers/cbc/translate.js';

// max 2a + 3b + 10  s.t.  a + b <= 4, a, b in [0, 3] integer.
const model = canonicalModel({
  sense: 'max',
  objectiveConstant: 10,
  colCost: [2, 3],
  colLower: [0, 0],
  colUpper: [3, 3],
  colInteger: [1, 1],
  rowLower: [-Infinity],
  rowUpper: [4],
  rowStart: [0, 2],
  colIndex: [0, 1],
  value: [1, 1],
  colNames: ['a', 'b'],
});

const solutionText = `Stopped on time - objective value -20.00000000
      0 c0                     4                       0
      0 a                      1                       0
**    1 b                      3                      -3
`;

describe('cbc translate', () => {
  it('writes max models as min of the negated objective, in MPS that says FREE', () => {
    const min = minimizationModel(model);
    expect([min.sense, Array.from(min.colCost), min.objectiveConstant]).toEqual(['min', [-2, -3], -10]);
    const text = cbcMpsText(model);
    expect(text.split('\n')[0]).toBe('NAME schedlab FREE');
    expect(text).not.toMatch(/MAX/);
  });

  it('builds the command line and a MIP start file', () => {
    const files = { model: 'm.mps', solution: 's.txt', start: 'w.txt', saved: 's.bin' };
    expect(cbcArguments(files, { timeLimitSec: 1.5, relativeGap: 0.01, absoluteGap: 2 })).toEqual([
      'm.mps',
      '-preprocess',
      'off',
      '-feas',
      'off',
      '-timeMode',
      'elapsed',
      '-sec',
      '1.5',
      '-ratioGap',
      '0.01',
      '-allowableGap',
      '2',
      '-mipstart',
      'w.txt',
      '-printingOptions',
      'all',
      'solve',
      'solution',
      's.txt',
      'saveSolution',
      's.bin',
    ]);
    expect(cbcStartText(model, [1, 3]).split('\n').slice(1, 3)).toEqual(['0 a 1', '1 b 3']);
  });

  it('always turns MIP preprocessing and the feasibility pump off (they give wrong answers in CBC 2.10.8)', () => {
    expect(cbcArguments({ model: 'm.mps', solution: 's.txt' }, {}).slice(0, 5)).toEqual([
      'm.mps',
      '-preprocess',
      'off',
      '-feas',
      'off',
    ]);
  });

  it('parses rows then columns (with ** marks) and the bound from the log', () => {
    const solution = parseCbcSolution(solutionText, 1);
    expect(solution).toMatchObject({
      status: 'Stopped on time',
      rowValues: [4],
      colNames: ['a', 'b'],
      colValues: [1, 3],
      colDuals: [0, -3],
    });
    expect(parseCbcBound('Objective value:  -20\nLower bound:                    -21.5\n')).toBe(-21.5);
    expect(
      parseCbcBound('Cbc0005I Partial search - best objective -20 (best possible -22.25), took 1 iterations'),
    ).toBe(-22.25);
  });

  it('reads the full-precision binary solution', () => {
    const buffer = new ArrayBuffer(16 + 8 * 6);
    const view = new DataView(buffer);
    view.setInt32(0, 1, true);
    view.setInt32(4, 2, true);
    [4, 0.5, 1, 3, 0, -3].forEach((v, k) => view.setFloat64(16 + 8 * k, v, true));
    expect(parseCbcSavedSolution(new Uint8Array(buffer))).toEqual({
      rowValues: [4],
      rowDuals: [0.5],
      colValues: [1, 3],
      colDuals: [0, -3],
    });
    expect(parseCbcSavedSolution(new Uint8Array(8))).toBeUndefined();
  });

  it('proves the incumbent of a completed search, whatever bound its progress lines showed; a gap exit keeps its gap', () => {
    // max 2a + 3b + 10 at a = 1, b = 3: 21. CBC minimized -(2a + 3b) = -11.
    const progress = 'Cbc0010I After 0 nodes, 1 on tree, -11 best solution, best possible -12.5 (0.01 seconds)\n';
    const run = (log: string) => ({
      solution: { ...parseCbcSolution(solutionText, 1), status: 'Optimal' },
      log,
      gapOption: true,
      isMip: true,
    });
    const completed = cbcResult(
      model,
      run(`${progress}Cbc0001I Search completed - best objective -11, took 9 iterations\n`),
      1,
    );
    expect(completed).toMatchObject({ termination: 'optimal', objective: 21, bestBound: 21, gap: 0 });
    const gapExit = cbcResult(
      model,
      run(`${progress}Cbc0011I Exiting as integer gap of 0.5 less than 1e-12 or 5%\n`),
      1,
    );
    expect(gapExit).toMatchObject({ termination: 'gapLimit', objective: 21, bestBound: 21.5 });
  });

  it('turns a timed-out run into timeLimit with the bound in the max sense', () => {
    const log = 'Objective value:                -11.00000000\nLower bound:                    -12.000\n';
    const result = cbcResult(
      model,
      { solution: parseCbcSolution(solutionText, 1), log, gapOption: false, isMip: true },
      1,
    );
    // CBC logs -11 for the point (1, 3) whose objective is 21: the constant is off its log, so the bound -12 means 22.
    expect(result).toMatchObject({ termination: 'timeLimit', hasSolution: true, objective: 21, bestBound: 22 });
    expect(result.gap).toBeCloseTo(1 / 21, 12);
  });

  it('maps infeasible and unbounded statuses, and refuses an "optimal" point that breaks the model', () => {
    const run = (status: string, values = [1, 3]) => ({
      solution: { ...parseCbcSolution(solutionText, 1), status, colValues: values },
      log: '',
      gapOption: false,
      isMip: true,
    });
    expect(cbcResult(model, run('Integer infeasible'), 1).termination).toBe('infeasible');
    expect(cbcResult(model, run('Unbounded'), 1).termination).toBe('infeasibleOrUnbounded');
    expect(cbcResult(model, run('Optimal', [3, 3]), 1)).toMatchObject({ termination: 'error', hasSolution: false });
    expect(cbcResult(model, { ...run('Optimal'), solution: undefined }, 1).termination).toBe('error');
  });

  it('takes the verdict from the log when CBC crashed after proving infeasibility, and only then', () => {
    const crashed = { solution: parseCbcSolution('', 1), gapOption: false, isMip: true };
    expect(cbcResult(model, { ...crashed, log: 'Problem is infeasible - tightenPrimalBounds!\n' }, 1).termination).toBe(
      'infeasible',
    );
    expect(cbcResult(model, { ...crashed, log: 'Continuous objective value is 0\n' }, 1)).toMatchObject({
      termination: 'error',
      message: expect.stringContaining('empty'),
    });
  });
});
