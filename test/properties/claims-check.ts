/**
 * The rules every answer obeys (issue 12, class 4), shared by `claims-agree.test.ts`: the
 * reported objective is the evaluator's, the status says no more than the solution and the
 * bound prove, the bound never beats the objective, the gap is the one the bound gives, and
 * a NaN stands only for an unknown. The same rules for the CLI's JSON report, with null for
 * an unknown.
 */
import { expect } from 'vitest';
import { SchedlabError } from '../../src/errors.js';
import type { AnyFamily } from '../../src/family/contract.js';
import { runMethod } from '../../src/family/methods.js';
import { type MethodResult, optimizesObjective } from '../../src/family/run.js';
import { relativeGap } from '../../src/solvers/contract.js';
import { boundValid, type ReportClaims, reportProblem, tolerance } from './report-claims.js';

const statuses = new Set(['optimal', 'feasible', 'infeasible', 'unknown', 'timeLimit', 'error']);

function sameNumber(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

/** The bound, gap and proof agree with the objective (the instance optimizes one). */
function checkBound(family: AnyFamily, result: MethodResult, feasible: boolean, where: string): void {
  if (result.proven) {
    expect(feasible, where).toBe(true);
    expect(result.gap, where).toBe(0);
    expect(Math.abs(result.bound - result.objective), where).toBeLessThanOrEqual(tolerance(result.objective));
  }
  if (feasible && Number.isFinite(result.bound)) {
    expect(boundValid(family, result.objective, result.bound), where).toBe(true);
    expect(sameNumber(result.gap, relativeGap(result.objective, result.bound)), where).toBe(true);
  } else {
    expect(Number.isNaN(result.gap), where).toBe(true);
  }
}

/** Asserts that one method's answer agrees with itself and with the evaluator. */
export function checkClaims(family: AnyFamily, instance: unknown, result: MethodResult): void {
  const shown = { ...result, solution: undefined, evaluation: undefined, report: undefined };
  const where = `${family.id} ${result.method}: ${JSON.stringify(shown)}`;
  expect(statuses.has(result.status), where).toBe(true);
  const evaluation = result.solution === undefined ? undefined : family.evaluate(instance, result.solution);
  const feasible = evaluation?.feasible ?? false;
  expect(result.evaluation.feasible, where).toBe(feasible);
  expect(sameNumber(result.objective, evaluation?.objective ?? Number.NaN), where).toBe(true);
  expect(sameNumber(result.objective, result.evaluation.objective), where).toBe(true);
  if (feasible) expect(Number.isFinite(result.objective), where).toBe(true);
  if (result.status === 'optimal') expect(result.proven, where).toBe(true);
  if (result.status === 'infeasible') expect(feasible, where).toBe(false);
  if (result.status === 'feasible') expect(feasible, where).toBe(true);
  if (result.provenInfeasible) expect(feasible || result.proven, where).toBe(false);
  if (optimizesObjective(family, instance)) checkBound(family, result, feasible, where);
  else expect(Number.isNaN(result.bound) && Number.isNaN(result.gap) && !result.proven, where).toBe(true);
}

/** Every kind of method: the default heuristic, the MIP, each exact method, and `solve`'s default. */
function methodsOf(family: AnyFamily): (string | undefined)[] {
  const extra = process.env.CLAIMS_SOLVERS?.split(',').map((solver) => `mip/${solver}`) ?? [];
  const exact = Object.keys(family.exact ?? {}).map((name) => `exact/${name}`);
  return ['heuristic/default', 'mip', ...extra, ...exact, undefined];
}

/**
 * A method may refuse an instance it does not handle (branch and bound on a feasibility
 * objective, a memory limit below one microbatch's activations) with a clear error: that
 * claims nothing. Any other error fails the property.
 */
function refusalOnly(error: unknown): undefined {
  if (error instanceof SchedlabError && (error.kind === 'input' || error.kind === 'unsupported')) return undefined;
  throw error;
}

/** Runs every method on the instance and checks each answer. */
export async function checkAllMethods(family: AnyFamily, instance: unknown, timeLimitSec: number): Promise<void> {
  for (const method of methodsOf(family)) {
    const result = await runMethod(family, instance, method, { timeLimitSec, seed: 1 }).catch(refusalOnly);
    if (result) checkClaims(family, instance, result);
  }
}

/** The CLI's JSON report (`solve --json`, `heuristic --json`) agrees with the evaluator and with itself. */
export function checkReport(family: AnyFamily, instance: unknown, report: ReportClaims): void {
  expect(reportProblem(family, instance, report)).toBeUndefined();
}
