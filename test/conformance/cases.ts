/**
 * The shared conformance cases every backend runs. Each case names the capabilities it
 * needs; a backend without one of them skips it. Expected values are exact (worked out
 * by hand in the comments) and compared with the suite's tolerance.
 */
import { expect } from 'vitest';
import { canonicalModel } from '../../src/canonical/build.js';
import type { CanonicalModel } from '../../src/canonical/canonical-model.js';
import type { Capability, SolveOptions, SolveResult, SolverBackend } from '../../src/solvers/contract.js';
import { objectiveValue } from '../../src/canonical/check.js';
import { marketSplit, plantedMarketSplit } from './hard-models.js';

export interface CheckContext {
  backend: SolverBackend;
  tolerance: number;
}

export interface ConformanceCase {
  name: string;
  requires: Capability[];
  build(): CanonicalModel;
  options?: SolveOptions;
  check(result: SolveResult, model: CanonicalModel, context: CheckContext): void;
}

const inf = Infinity;

/** Lines the log case collects (cases run one after another within a file). */
const logLines: string[] = [];

/** A model from dense rows: `rows[i] = [coefficients, lower, upper]`. */
export function denseModel(data: {
  cost: number[];
  lower: number[];
  upper: number[];
  integer?: number[];
  rows: [number[], number, number][];
  sense?: 'min' | 'max';
  constant?: number;
}): CanonicalModel {
  const rowStart = [0];
  const colIndex: number[] = [];
  const value: number[] = [];
  for (const [coefficients] of data.rows) {
    coefficients.forEach((a, j) => {
      if (a !== 0) colIndex.push(j), value.push(a);
    });
    rowStart.push(colIndex.length);
  }
  return canonicalModel({
    sense: data.sense ?? 'min',
    objectiveConstant: data.constant ?? 0,
    colCost: data.cost,
    colLower: data.lower,
    colUpper: data.upper,
    colInteger: data.integer ?? data.cost.map(() => 0),
    rowLower: data.rows.map((row) => row[1]),
    rowUpper: data.rows.map((row) => row[2]),
    rowStart,
    colIndex,
    value,
  });
}

function closeTo(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    tolerance * Math.max(1, Math.abs(expected)),
  );
}

/** The result is optimal with this objective and (when given) these values. */
export function expectOptimal(objective: number, values?: number[]) {
  return (result: SolveResult, _model: CanonicalModel, { tolerance }: CheckContext) => {
    expect(result.termination, result.message).toBe('optimal');
    expect(result.hasSolution).toBe(true);
    closeTo(result.objective, objective, tolerance);
    values?.forEach((v, j) => closeTo(result.values[j], v, tolerance));
  };
}

function expectInfeasible(result: SolveResult, _model: CanonicalModel, { backend }: CheckContext): void {
  const accepted = backend.capabilities.has('infeasibleVsUnbounded')
    ? ['infeasible']
    : ['infeasible', 'infeasibleOrUnbounded'];
  expect(accepted, result.message).toContain(result.termination);
  expect(result.hasSolution).toBe(false);
}

function expectUnbounded(result: SolveResult, _model: CanonicalModel, { backend }: CheckContext): void {
  const accepted = backend.capabilities.has('infeasibleVsUnbounded')
    ? ['unbounded']
    : ['unbounded', 'infeasibleOrUnbounded'];
  expect(accepted, result.message).toContain(result.termination);
}

/**
 * The check of the warm-start case: a solution, no worse than the start, and an honest
 * termination (optimal only with a closed gap where the backend reports a bound).
 */
export function expectStartUsed(start: readonly number[]) {
  return (result: SolveResult, model: CanonicalModel, { backend }: CheckContext) => {
    expect(
      result.hasSolution,
      `no solution within the limit, so the start was ignored (${result.message ?? result.termination})`,
    ).toBe(true);
    const startObjective = objectiveValue(model, start);
    const slack = 1e-9 * Math.max(1, Math.abs(startObjective));
    if (model.sense === 'min') expect(result.objective).toBeLessThanOrEqual(startObjective + slack);
    else expect(result.objective).toBeGreaterThanOrEqual(startObjective - slack);
    expect(['timeLimit', 'optimal'], result.message).toContain(result.termination);
    if (result.termination === 'optimal' && backend.capabilities.has('dualBound'))
      expect(result.gap).toBeLessThanOrEqual(1e-6);
  };
}

const plantedStart = plantedMarketSplit(4, 30, 7);

// max 3x + 2y  s.t.  x + y <= 4, x + 3y <= 7, x <= 3 (a row; only x + y and x bind), x, y >= 0  ->  x = 3, y = 1, objective 11.
const lpModel = () =>
  denseModel({
    sense: 'max',
    cost: [3, 2],
    lower: [0, 0],
    upper: [inf, inf],
    rows: [
      [[1, 1], -inf, 4],
      [[1, 3], -inf, 7],
      [[1, 0], -inf, 3],
    ],
  });

// max 8x + 5y  s.t.  x + y <= 6, 9x + 5y <= 45, x, y in 0..10 integer. The relaxation has
// x = 3.75, y = 2.25 (41.25); the integer optimum is x = 5, y = 0 (40), found only by branching.
const mipModel = () =>
  denseModel({
    sense: 'max',
    cost: [8, 5],
    lower: [0, 0],
    upper: [10, 10],
    integer: [1, 1],
    rows: [
      [[1, 1], -inf, 6],
      [[9, 5], -inf, 45],
    ],
  });

export const conformanceCases: ConformanceCase[] = [
  { name: 'LP optimal', requires: [], build: lpModel, check: expectOptimal(11, [3, 1]) },
  {
    // min -3x - 2y on the same rows: duals y = (-2, 0, -1) and reduced costs c - A'y = 0.
    name: 'LP duals and reduced costs',
    requires: ['duals'],
    build: () =>
      denseModel({
        cost: [-3, -2],
        lower: [0, 0],
        upper: [inf, inf],
        rows: [
          [[1, 1], -inf, 4],
          [[1, 3], -inf, 7],
          [[1, 0], -inf, 3],
        ],
      }),
    check(result, model, context) {
      expectOptimal(-11, [3, 1])(result, model, context);
      [-2, 0, -1].forEach((y, i) => closeTo(result.rowDuals![i], y, context.tolerance));
      [0, 0].forEach((d, j) => closeTo(result.reducedCosts![j], d, context.tolerance));
    },
  },
  {
    name: 'MIP optimal with a fractional relaxation',
    requires: ['integer'],
    build: mipModel,
    check: expectOptimal(40, [5, 0]),
  },
  {
    // min x  s.t.  2x >= -7, x integer in [-10, 10]: the relaxation says -3.5, the MIP -3.
    name: 'MIP with a negative integer range',
    requires: ['integer'],
    build: () => denseModel({ cost: [1], lower: [-10], upper: [10], integer: [1], rows: [[[2], -7, inf]] }),
    check: expectOptimal(-3, [-3]),
  },
  {
    // min -y - z  s.t.  -x - y + z <= 0, x - z <= 0; x, z in [0, 1], y integer in [0, 2]:
    // y = 2, z = 1, x = 0 gives -3 (the relaxation's optimum is already integral). Found by
    // the backends-agree property: CBC 2.10.8's preprocessing calls this model infeasible.
    name: 'small MIP that CBC preprocessing calls infeasible',
    requires: ['integer'],
    build: () =>
      denseModel({
        cost: [0, -1, -1],
        lower: [0, 0, 0],
        upper: [1, 2, 1],
        integer: [0, 1, 0],
        rows: [
          [[-1, -1, 1], -inf, 0],
          [[1, 0, -1], -inf, 0],
        ],
      }),
    check: expectOptimal(-3, [0, 2, 1]),
  },
  {
    // min 3b - c  s.t.  3b = a, -1 <= 2a - 4c <= 1; a integer in [0, 3], b in [0, 1], c binary.
    // a = 1 leaves 2 - 4c outside [-1, 1], so the points are a = b = c = 0 (0) and a = 2,
    // b = 2/3, c = 1 (1): the optimum is 0. Found by the backends-agree property: CBC 2.10.8's
    // preprocessing fixed a wrongly and reported 1 as "Optimal solution found".
    name: 'small MIP whose optimum CBC preprocessing cuts off',
    requires: ['integer'],
    build: () =>
      denseModel({
        cost: [0, 3, -1],
        lower: [0, 0, 0],
        upper: [3, 1, 1],
        integer: [1, 0, 1],
        rows: [
          [[-1, 3, 0], 0, 0],
          [[2, 0, -4], -1, 1],
        ],
      }),
    check: expectOptimal(0, [0, 0, 0]),
  },
  {
    // min -c - 2e  s.t.  -4 <= -a - c - e <= 4, -3 <= 2a - 2e <= 3; a in [0, 1], c in [0, 3],
    // e integer in [0, 2] (b, d fixed at 0). e = 2 needs a >= 1/2 and leaves c <= 2 - a: the
    // optimum is -5.5 at a = 1/2, c = 3/2. Found by the backends-agree property: CBC 2.10.8's
    // feasibility pump returned -5 (a = 0, c = 3, e = 1) as optimal.
    name: 'small MIP whose optimum the CBC feasibility pump misses',
    requires: ['integer'],
    build: () =>
      denseModel({
        cost: [0, 0, -1, -2, -2],
        lower: [0, 0, 0, 0, 0],
        upper: [1, 0, 3, 0, 2],
        integer: [0, 0, 0, 1, 1],
        rows: [
          [[-1, 0, -1, 0, -1], -4, 4],
          [[2, 0, 0, 0, -2], -3, 3],
        ],
      }),
    check: expectOptimal(-5.5, [0.5, 0, 1.5, 0, 2]),
  },
  {
    // min -2b - c - 2f  s.t.  -c - d + f >= -3, 0 <= -3a + 4b - 2c - 4d + e + 4f <= 2,
    // d and f integer (and an empty row <= 0). a = 1, b = 1.25, c = 4, d = 1, f = 3 reaches
    // -12.5, the LP bound, so that is the optimum. Found by the backends-agree property:
    // HiGHS restarted, its optimum broke bounds once mapped back from presolve, and it
    // returned a -12 point beside the -12.5 bound as "optimal".
    name: 'small MIP whose optimum HiGHS loses in presolve',
    requires: ['integer'],
    build: () =>
      denseModel({
        cost: [0, -2, -1, 0, 0, -2],
        lower: [0, 0, 0, 0, 0, 0],
        upper: [1, 2, 4, 1, 0, 3],
        integer: [0, 0, 0, 1, 0, 1],
        rows: [
          [[0, 0, -1, -1, 0, 1], -3, inf],
          [[-3, 4, -2, -4, 1, 4], 0, 2],
          [[0, 0, 0, 0, 0, 0], -inf, 0],
        ],
      }),
    check: expectOptimal(-12.5),
  },
  {
    // 2y = 5 with y integer in [2, 3]: the relaxation's y = 2.5 is the only point. CBC 2.10.8
    // proves this by bound tightening when preprocessing is off, then crashes writing its solution.
    name: 'MIP infeasible by its integer bounds alone',
    requires: ['integer'],
    build: () => denseModel({ cost: [0], lower: [2], upper: [3], integer: [1], rows: [[[2], 5, 5]] }),
    check: expectInfeasible,
  },
  {
    // min -x - 4y - z - 4 with x = -2 (integer) and y = -2 fixed, -y - 3z = -16 so z = 6:
    // the optimum is 0, where a bound off by 1e-15 once read as a relative gap of 1e-5.
    name: 'MIP with fixed columns and an optimum of 0',
    requires: ['integer', 'gap'],
    build: () =>
      denseModel({
        constant: -4,
        cost: [-1, -4, -1],
        lower: [-2, -2, 1],
        upper: [-2, -2, 6],
        integer: [1, 0, 0],
        rows: [
          [[-1, 1, 0], -inf, 0],
          [[0, -1, -3], -16, -16],
          [[0, 1, 0], -inf, -2],
        ],
      }),
    options: { relativeGap: 0 },
    check: expectOptimal(0, [-2, -2, 6]),
  },
  {
    // Found by the backends-agree property: the optimum is 0 (at x1 = 1) and CBC's root
    // bound is -0.117, which its progress lines still show after the search completes.
    name: 'MIP proven at 0 with a root bound below it',
    requires: ['integer', 'gap'],
    build: () =>
      denseModel({
        cost: [0, 0, 2, 0, 0, -1],
        lower: [0, 0, 0, 0, 0, 0],
        upper: [2, 4, 2, 1, 2, 2],
        integer: [1, 0, 0, 1, 1, 0],
        rows: [
          [[0, -2, 0, 0, 1, 2], -3, -1],
          [[2, 2, -1, 2, -2, -4], 2, 2],
          [[-3, -1, 0, 0, -1, 0], -inf, -1],
          [[2, 1, 1, -4, -2, -1], 1, 1],
        ],
      }),
    options: { relativeGap: 0 },
    check: expectOptimal(0),
  },
  {
    name: 'LP infeasible',
    requires: [],
    build: () =>
      denseModel({
        cost: [1, 1],
        lower: [0, 0],
        upper: [inf, inf],
        rows: [
          [[1, 1], -inf, 1],
          [[1, 1], 2, inf],
        ],
      }),
    check: expectInfeasible,
  },
  {
    // 2x + 2y = 1 has fractional solutions only.
    name: 'MIP infeasible with a feasible relaxation',
    requires: ['integer'],
    build: () => denseModel({ cost: [1, 1], lower: [0, 0], upper: [5, 5], integer: [1, 1], rows: [[[2, 2], 1, 1]] }),
    check: expectInfeasible,
  },
  {
    // min -x - y  s.t.  x - y <= 1, x, y >= 0: the ray (1, 1) is unbounded.
    name: 'LP unbounded',
    requires: [],
    build: () => denseModel({ cost: [-1, -1], lower: [0, 0], upper: [inf, inf], rows: [[[1, -1], -inf, 1]] }),
    check: expectUnbounded,
  },
  {
    name: 'MIP unbounded',
    requires: ['integer'],
    build: () =>
      denseModel({ cost: [-1, -1], lower: [0, 0], upper: [inf, inf], integer: [1, 1], rows: [[[1, -1], -inf, 1]] }),
    check: expectUnbounded,
  },
  {
    // min x + 2y - z; x free, y in [-5, -1], z <= 3 with no lower bound; x + y >= -4, x + z <= 4.
    // x >= -4 - y makes the objective at least -4 + y - z >= -12, reached at x = 1, y = -5, z = 3.
    name: 'free and negative-bounded variables',
    requires: [],
    build: () =>
      denseModel({
        cost: [1, 2, -1],
        lower: [-inf, -5, -inf],
        upper: [inf, -1, 3],
        rows: [
          [[1, 1, 0], -4, inf],
          [[1, 0, 1], -inf, 4],
        ],
      }),
    check: expectOptimal(-12, [1, -5, 3]),
  },
  {
    // max x + 2y  s.t.  2 <= x + y <= 4, x - y = 1, x, y in [0, 10]: y = 1.5, x = 2.5, objective 5.5.
    name: 'equality and ranged rows (upper end binding)',
    requires: [],
    build: () =>
      denseModel({
        sense: 'max',
        cost: [1, 2],
        lower: [0, 0],
        upper: [10, 10],
        rows: [
          [[1, 1], 2, 4],
          [[1, -1], 1, 1],
        ],
      }),
    check: expectOptimal(5.5, [2.5, 1.5]),
  },
  {
    // The same rows, minimized: y = 0.5, x = 1.5, objective 2.5.
    name: 'equality and ranged rows (lower end binding)',
    requires: [],
    build: () =>
      denseModel({
        cost: [1, 2],
        lower: [0, 0],
        upper: [10, 10],
        rows: [
          [[1, 1], 2, 4],
          [[1, -1], 1, 1],
        ],
      }),
    check: expectOptimal(2.5, [1.5, 0.5]),
  },
  {
    // x fixed at 2.5, z fixed at -3; min y + z  s.t.  y + x - z >= 1  ->  y >= -4.5, y in [-10, 10]: objective -7.5.
    name: 'fixed variables',
    requires: [],
    build: () =>
      denseModel({ cost: [0, 1, 1], lower: [2.5, -10, -3], upper: [2.5, 10, -3], rows: [[[1, 1, -1], 1, inf]] }),
    check: expectOptimal(-7.5, [2.5, -4.5, -3]),
  },
  {
    // The same with z an integer fixed at 3 and y integer: y >= 1 - 2.5 + 3 = 1.5, so y = 2, objective 5.
    name: 'fixed integer variables',
    requires: ['integer'],
    build: () =>
      denseModel({
        cost: [0, 1, 1],
        lower: [2.5, -10, 3],
        upper: [2.5, 10, 3],
        integer: [0, 1, 1],
        rows: [[[1, 1, -1], 1, inf]],
      }),
    check: expectOptimal(5, [2.5, 2, 3]),
  },
  {
    // Rows with no coefficient whose bounds hold 0, and a free row, around min x  s.t.  x >= 2.
    name: 'empty rows that hold',
    requires: [],
    build: () =>
      denseModel({
        cost: [1],
        lower: [0],
        upper: [10],
        rows: [
          [[0], -1, 1],
          [[0], 0, 0],
          [[0], -inf, 5],
          [[1], 2, inf],
          [[0], -inf, inf],
          [[1], -inf, inf],
        ],
      }),
    check: expectOptimal(2, [2]),
  },
  {
    // 1 <= 0 (a row with no coefficient) cannot hold.
    name: 'empty row that cannot hold',
    requires: [],
    build: () =>
      denseModel({
        cost: [1],
        lower: [0],
        upper: [10],
        rows: [
          [[1], 2, inf],
          [[0], 1, 2],
        ],
      }),
    check: expectInfeasible,
  },
  {
    // max 2x + 3y + 10  s.t.  x + y <= 4, x, y in [0, 3]: y = 3, x = 1, objective 21.
    name: 'objective constant and max sense',
    requires: [],
    build: () =>
      denseModel({ sense: 'max', constant: 10, cost: [2, 3], lower: [0, 0], upper: [3, 3], rows: [[[1, 1], -inf, 4]] }),
    check: expectOptimal(21, [1, 3]),
  },
  {
    // A column in no row and without cost still gets a value within its bounds.
    name: 'column in no row',
    requires: [],
    build: () => denseModel({ cost: [1, 0], lower: [1, -2], upper: [5, -1], rows: [[[1, 0], 1, inf]] }),
    check: expectOptimal(1),
  },
  {
    // No columns: every row's activity is 0, and both rows admit it; the objective is the constant.
    name: 'zero columns, feasible',
    requires: [],
    build: () =>
      denseModel({
        sense: 'max',
        constant: 5,
        cost: [],
        lower: [],
        upper: [],
        rows: [
          [[], -1, 1],
          [[], 0, inf],
          [[], 0, 0],
        ],
      }),
    check: expectOptimal(5),
  },
  {
    name: 'zero columns and zero rows',
    requires: [],
    build: () => denseModel({ constant: -2.5, cost: [], lower: [], upper: [], rows: [] }),
    check: expectOptimal(-2.5),
  },
  {
    // No columns, and the row 1 <= 0 <= 2 cannot hold.
    name: 'zero columns, infeasible',
    requires: [],
    build: () =>
      denseModel({
        cost: [],
        lower: [],
        upper: [],
        rows: [
          [[], -1, 1],
          [[], 1, 2],
        ],
      }),
    check: expectInfeasible,
  },
  {
    // Columns but no rows: min x - y with x in [1, 4], y in [-3, 2] -> x = 1, y = 2, objective -1.
    name: 'zero rows',
    requires: [],
    build: () => denseModel({ cost: [1, -1], lower: [1, -3], upper: [4, 2], rows: [] }),
    check: expectOptimal(-1, [1, 2]),
  },
  {
    name: 'log callback receives the solver log',
    requires: ['log'],
    build: lpModel,
    options: { log: (line) => logLines.push(line) },
    check(result) {
      expect(result.termination).toBe('optimal');
      expect(logLines.length).toBeGreaterThan(0);
      logLines.length = 0;
    },
  },
  {
    // A 4 x 30 market split (Cornuejols-Dawande): every 0/1 point is feasible through the slack
    // columns, but proving the optimum takes CBC minutes. A limit of 0.5 s must stop with an incumbent.
    name: 'time limit with an incumbent',
    requires: ['integer', 'timeLimit'],
    build: () => marketSplit(4, 30, 1),
    options: { timeLimitSec: 0.5 },
    check(result, _model, { backend }) {
      expect(result.termination, result.message).toBe('timeLimit');
      expect(result.hasSolution).toBe(true);
      if (backend.capabilities.has('dualBound')) expect(result.gap).toBeGreaterThanOrEqual(0);
      expect(result.timeMs).toBeLessThan(5000);
    },
  },
  {
    // A planted market split (see hard-models.ts): without the start no backend here finds
    // any feasible point within 0.5 s, so a point returned now proves the start was used. The
    // answer is never worse than the start, and a stop at the limit is no "optimal".
    name: 'warm start is used',
    requires: ['integer', 'warmStart', 'timeLimit'],
    build: () => plantedStart.model,
    options: { timeLimitSec: 0.5, warmStart: plantedStart.start },
    check: expectStartUsed(plantedStart.start),
  },
];
