import { describe, expect, it } from 'vitest';
import type { AnyFamily } from '../../../src/family/contract.js';
import { resolveMethod, runMethod } from '../../../src/family/methods.js';
import { runExact } from '../../../src/family/run-exact.js';
import { runHeuristic, solveWithMip } from '../../../src/family/run.js';
import { handSet, knapsackFamily } from '../../bench/fixture-family.js';

const family = knapsackFamily as AnyFamily;
const feasibilityOnly = { ...handSet.k1, feasibilityOnly: true };
const impossible = { ...handSet.k2, require: ['a', 'c'] };

describe('runExact', () => {
  it('reports a proven optimum with its bound, scored by the evaluator', async () => {
    const result = await runExact(family, handSet.k3, 'enumerate');
    expect(result).toMatchObject({
      method: 'enumerate',
      status: 'optimal',
      objective: 16,
      bound: 16,
      gap: 0,
      proven: true,
      provenInfeasible: false,
    });
    expect(result.evaluation.feasible).toBe(true);
  });

  it('reports a proof of infeasibility', async () => {
    const result = await runExact(family, impossible, 'enumerate');
    expect(result).toMatchObject({ status: 'infeasible', proven: false, provenInfeasible: true, solution: undefined });
    expect(result.objective).toBeNaN();
  });

  it('claims no optimum, bound or gap on a feasibility-only instance', async () => {
    const result = await runExact(family, feasibilityOnly, 'enumerate');
    expect(result).toMatchObject({ status: 'feasible', proven: false, provenInfeasible: false });
    expect(result.bound).toBeNaN();
    expect(result.gap).toBeNaN();
  });

  it('does not believe a proof whose solution the evaluator rejects', async () => {
    const liar: AnyFamily = {
      ...family,
      exact: {
        liar: {
          solve: async (instance) => ({
            solution: { take: instance.items.map((item: { name: string }) => item.name) },
            proven: true,
          }),
        },
      },
    };
    const result = await runExact(liar, handSet.k1, 'liar');
    expect(result).toMatchObject({ status: 'error', proven: false, provenInfeasible: false });
  });

  it('names the exact methods for an unknown one', async () => {
    await expect(runExact(family, handSet.k1, 'branch')).rejects.toThrow(
      "family 'knapsack-test' has no exact method 'branch'; it has: enumerate",
    );
  });
});

describe('feasibility-only instances in the heuristic and MIP runs', () => {
  it('a heuristic reports no bound and no gap', () => {
    const result = runHeuristic(family, feasibilityOnly, 'default');
    expect(result).toMatchObject({ status: 'feasible', proven: false });
    expect(result.bound).toBeNaN();
  });

  it("the MIP's 'optimal' becomes 'feasible', with no bound, gap or proof", async () => {
    const result = await solveWithMip(family, feasibilityOnly, { timeLimitSec: 5 });
    expect(result).toMatchObject({ method: 'mip/highs', status: 'feasible', proven: false, provenInfeasible: false });
    expect(result.evaluation.feasible).toBe(true);
    expect(result.bound).toBeNaN();
    expect(result.gap).toBeNaN();
  });

  it("the MIP's 'infeasible' stays a proof of infeasibility", async () => {
    const result = await solveWithMip(family, { ...impossible, feasibilityOnly: true }, { timeLimitSec: 5 });
    expect(result).toMatchObject({ status: 'infeasible', proven: false, provenInfeasible: true });
  });
});

describe('runMethod', () => {
  it('runs each kind under the label it was resolved to', async () => {
    const labels = [];
    for (const name of ['greedy', 'exact/enumerate', 'mip'])
      labels.push((await runMethod(family, handSet.k1, resolveMethod(name, [family]), { timeLimitSec: 5 })).method);
    expect(labels).toEqual(['greedy', 'exact/enumerate', 'mip/highs']);
  });
});

describe('a formulation that says its solver proofs cannot be trusted', () => {
  it('is never proven by the solver, only by the family bound', async () => {
    const trusted = await solveWithMip(family, handSet.k3, { timeLimitSec: 5 });
    expect(trusted).toMatchObject({ status: 'optimal', proven: true, objective: 16 });
    const unprovable: AnyFamily = {
      ...family,
      formulate: (instance, options) => ({ ...family.formulate(instance, options), provable: false }),
      lowerBound: undefined,
    };
    const result = await solveWithMip(unprovable, handSet.k3, { timeLimitSec: 5 });
    // The same optimal knapsack, but with neither the solver's bound nor a family bound it is only feasible.
    expect(result).toMatchObject({ status: 'feasible', proven: false, objective: 16 });
    expect(result.bound).toBeNaN();
  });
});
