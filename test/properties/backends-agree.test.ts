/**
 * Properties of every available backend on random small bounded MIPs:
 * - all report the same optimal objective (1e-6 relative), or all report infeasible;
 * - every solution they return satisfies the rows, bounds and integrality;
 * - the LP relaxation is never worse than the MIP (min: LP <= MIP; max: LP >= MIP).
 * Which backends run, and what they may answer for an infeasible model, is decided by
 * their declared capabilities, never by their names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalModel } from '../../src/canonical/build.js';
import type { CanonicalModel } from '../../src/canonical/canonical-model.js';
import { pointViolation } from '../../src/canonical/check.js';
import { solveCanonical } from '../../src/solve/solve.js';
import type { SolveResult, SolverBackend } from '../../src/solvers/contract.js';
import { availableBackends } from '../../src/solvers/registry.js';

const backends: SolverBackend[] = await availableBackends();

/**
 * 3-6 columns with finite bounds, 2-5 rows with small integer coefficients. Most rows
 * are anchored at an integral point inside the bounds (so most models are feasible and
 * the optimum comparison is exercised); the others take a random right-hand side,
 * which makes some models infeasible.
 */
const mipArbitrary = fc
  .record({ numCols: fc.integer({ min: 3, max: 6 }), numRows: fc.integer({ min: 2, max: 5 }) })
  .chain(({ numCols, numRows }) =>
    fc.record({
      sense: fc.constantFrom('min' as const, 'max' as const),
      constant: fc.integer({ min: -5, max: 5 }),
      cost: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: numCols, maxLength: numCols }),
      lower: fc.array(fc.integer({ min: -4, max: 3 }), { minLength: numCols, maxLength: numCols }),
      width: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: numCols, maxLength: numCols }),
      /** Where the anchor point sits within each column's range, as a share of its width. */
      anchor: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: numCols, maxLength: numCols }),
      integer: fc.array(fc.boolean(), { minLength: numCols, maxLength: numCols }),
      rows: fc.array(
        fc.record({
          coefs: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: numCols, maxLength: numCols }),
          kind: fc.constantFrom('<=', '>=', '==', 'range'),
          anchored: fc.integer({ min: 0, max: 9 }).map((k) => k < 8),
          rhs: fc.integer({ min: -10, max: 10 }),
          slack: fc.integer({ min: 0, max: 4 }),
          width: fc.integer({ min: 0, max: 6 }),
        }),
        { minLength: numRows, maxLength: numRows },
      ),
    }),
  )
  .map((draw): CanonicalModel => {
    const upper = draw.lower.map((lb, j) => lb + draw.width[j]);
    const point = draw.lower.map((lb, j) => lb + Math.round(draw.anchor[j] * draw.width[j]));
    const rowStart = [0];
    const colIndex: number[] = [];
    const value: number[] = [];
    const bounds = draw.rows.map((row) => {
      row.coefs.forEach((coef, j) => {
        if (coef === 0) return;
        colIndex.push(j);
        value.push(coef);
      });
      rowStart.push(colIndex.length);
      const activity = row.coefs.reduce((total, coef, j) => total + coef * point[j], 0);
      const [below, above] = row.anchored ? [activity - row.slack, activity + row.slack] : [row.rhs, row.rhs];
      if (row.kind === '<=') return [-Infinity, above];
      if (row.kind === '>=') return [below, Infinity];
      if (row.kind === '==') return row.anchored ? [activity, activity] : [row.rhs, row.rhs];
      return row.anchored ? [below, above + row.width] : [row.rhs, row.rhs + row.width];
    });
    return canonicalModel({
      name: 'random',
      sense: draw.sense,
      objectiveConstant: draw.constant,
      colCost: draw.cost,
      colLower: draw.lower,
      colUpper: upper,
      colInteger: draw.integer,
      rowLower: bounds.map(([lower]) => lower),
      rowUpper: bounds.map(([, high]) => high),
      rowStart,
      colIndex,
      value,
    });
  });

function relaxed(model: CanonicalModel): CanonicalModel {
  return { ...model, colInteger: new Uint8Array(model.numCols) };
}

/**
 * Solve to proven optimality where the backend can be asked to (gap 0), within a time
 * limit where it honours one: a run that hits it is reported and left out of the
 * comparison rather than hanging the suite.
 */
async function solveWith(backend: SolverBackend, model: CanonicalModel): Promise<SolveResult> {
  const exact = {
    ...(backend.capabilities.has('gap') ? { relativeGap: 0 } : {}),
    ...(backend.capabilities.has('absoluteGap') ? { absoluteGap: 1e-9 } : {}),
  };
  const limit = backend.capabilities.has('timeLimit') ? { timeLimitSec: 10 } : {};
  const result = await solveCanonical(model, { solver: backend, ...exact, ...limit });
  if (result.termination === 'timeLimit')
    console.warn(`${backend.name} hit the time limit on a ${model.numCols}-column MIP`);
  return result;
}

/** What a backend may answer for a model with no feasible point. */
function infeasibleAnswers(backend: SolverBackend): string[] {
  return backend.capabilities.has('infeasibleVsUnbounded') ? ['infeasible'] : ['infeasible', 'infeasibleOrUnbounded'];
}

function agree(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

function checkSolutions(model: CanonicalModel, results: SolveResult[]): void {
  for (const result of results) {
    if (!result.hasSolution) continue;
    const violation = pointViolation(model, result.values);
    expect(violation.max, `${result.solver}: violation ${JSON.stringify(violation)}`).toBeLessThanOrEqual(1e-6);
  }
}

function checkAgreement(model: CanonicalModel, allResults: SolveResult[]): void {
  const results = allResults.filter((r) => r.termination !== 'timeLimit');
  const optimal = results.filter((r) => r.termination === 'optimal');
  const summary = results.map((r) => `${r.solver}: ${r.termination} ${r.objective}`).join('; ');
  if (optimal.length === 0) {
    results.forEach((r) =>
      expect(infeasibleAnswers(backends.find((b) => b.name === r.solver)!), summary).toContain(r.termination),
    );
    return;
  }
  // No backend may call a feasible model infeasible, and every optimum is the same.
  expect(optimal.length, summary).toBe(results.length);
  for (const r of optimal) {
    expect(r.hasSolution, summary).toBe(true);
    expect(agree(r.objective, optimal[0].objective), `${summary} (${model.sense})`).toBe(true);
  }
}

describe(`backends agree on random small bounded MIPs (${backends.map((b) => b.name).join(', ')})`, () => {
  it('has at least HiGHS to compare', () => {
    expect(backends.map((b) => b.name)).toContain('highs');
  });

  it('all find the same optimum or all report infeasible; every solution is feasible', async () => {
    let feasible = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(mipArbitrary, async (model) => {
        const results = await Promise.all(backends.map((backend) => solveWith(backend, model)));
        checkSolutions(model, results);
        checkAgreement(model, results);
        runs++;
        if (results[0].hasSolution) feasible++;
      }),
      { numRuns: 50 },
    );
    // The generator must make both kinds, mostly feasible, or the test proves little.
    // (About 1 in 5 rows is unanchored, so well over half the models are feasible.)
    expect(feasible).toBeGreaterThanOrEqual(runs / 3);
    expect(feasible).toBeLessThan(runs);
  });

  it('the LP relaxation is never worse than the MIP, on every backend', async () => {
    await fc.assert(
      fc.asyncProperty(mipArbitrary, async (model) => {
        for (const backend of backends) {
          const [mip, lp] = [await solveWith(backend, model), await solveWith(backend, relaxed(model))];
          checkSolutions(relaxed(model), [lp]);
          const summary = `${backend.name}: MIP ${mip.termination} ${mip.objective}, LP ${lp.termination} ${lp.objective}`;
          // An infeasible relaxation means an infeasible MIP.
          if (!lp.hasSolution && lp.termination !== 'timeLimit') {
            expect(mip.hasSolution, summary).toBe(false);
            continue;
          }
          if (lp.termination !== 'optimal' || mip.termination !== 'optimal') continue;
          // A MIP point may break a row by the feasibility tolerance (1e-6), which can put its
          // objective that much past the LP's (HiGHS: MIP 1.499999 against LP 1.5): the same
          // tolerance as for agreement.
          const slack = 1e-6 * Math.max(1, Math.abs(lp.objective), Math.abs(mip.objective));
          if (model.sense === 'min') expect(lp.objective, summary).toBeLessThanOrEqual(mip.objective + slack);
          else expect(lp.objective, summary).toBeGreaterThanOrEqual(mip.objective - slack);
        }
      }),
      { numRuns: 30 },
    );
  });
});
