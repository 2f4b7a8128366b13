/**
 * The conformance suite every backend runs (MathOptInterface's `Test` module in
 * miniature): shared cases, each skipped by the capabilities it needs or by the size
 * limits the backend declares (`limitExceeded`, the check `solve` makes), never by name.
 *
 * @example
 * ```ts
 * runConformanceSuite(glpkBackend, { tolerance: 1e-6 });
 * ```
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalModel } from '../../src/canonical/canonical-model.js';
import { objectiveValue, pointViolation } from '../../src/canonical/check.js';
import type { SolveResult, SolverBackend } from '../../src/solvers/contract.js';
import { limitExceeded } from '../../src/solvers/limits.js';
import { conformanceCases, type ConformanceCase } from './cases.js';
import { familyCases } from './family-cases.js';
import { knownFault } from './known-faults.js';

export interface SuiteOptions {
  /** Relative tolerance on objectives and values (default 1e-6). */
  tolerance?: number;
  /** How to install the backend, printed when it is not available. */
  install?: string;
}

/** The checks every result must pass, whatever the case. */
export function checkResultInvariants(result: SolveResult, model: CanonicalModel, backend: SolverBackend): void {
  expect(result.solver).toBe(backend.name);
  expect(result.timeMs).toBeGreaterThanOrEqual(0);
  if (result.termination === 'optimal') expect(result.hasSolution, 'optimal without a solution').toBe(true);
  if (!result.hasSolution) {
    expect(result.values.length).toBe(0);
    expect(Number.isNaN(result.objective)).toBe(true);
    return;
  }
  expect(result.values.length).toBe(model.numCols);
  expect(pointViolation(model, result.values).max, 'the returned point violates the model').toBeLessThanOrEqual(1e-6);
  const recomputed = objectiveValue(model, result.values);
  expect(Math.abs(result.objective - recomputed)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(recomputed)));
  if (Number.isFinite(result.bestBound)) {
    // A proven bound never lies on the wrong side of a feasible objective.
    const slack = 1e-6 * Math.max(1, Math.abs(result.objective));
    if (model.sense === 'min') expect(result.bestBound).toBeLessThanOrEqual(result.objective + slack);
    else expect(result.bestBound).toBeGreaterThanOrEqual(result.objective - slack);
  }
}

/** The capabilities a case needs that the backend lacks. */
export function missingCapabilities(backend: SolverBackend, needed: readonly string[]): string[] {
  return needed.filter((capability) => !backend.capabilities.has(capability as never));
}

function defineCase(
  backend: SolverBackend,
  testCase: ConformanceCase,
  tolerance: number,
  available: () => boolean,
): void {
  const missing = missingCapabilities(backend, testCase.requires);
  if (missing.length > 0) {
    it.skip(`${testCase.name} (skipped: ${backend.name} lacks ${missing.join(', ')})`, () => {});
    return;
  }
  const model = testCase.build();
  const beyond = limitExceeded(backend, model);
  if (beyond !== undefined) {
    it.skip(`${testCase.name} (skipped: ${beyond})`, () => {});
    return;
  }
  // A documented fault of this backend (known-faults.ts) runs as known-failing: a fix turns it red.
  const fault = knownFault(testCase.name, backend.name);
  const define = fault === undefined ? it : it.fails;
  const title = fault === undefined ? testCase.name : `${testCase.name} (known fault: ${fault.reason})`;
  define(title, async (context) => {
    if (!available()) context.skip();
    const result = await backend.solve(model, testCase.options ?? {});
    checkResultInvariants(result, model, backend);
    testCase.check(result, model, { backend, tolerance });
  });
}

/** Define the shared cases for one backend; all of them skip, with a message, when it is not installed. */
export function runConformanceSuite(backend: SolverBackend, options: SuiteOptions = {}): void {
  const tolerance = options.tolerance ?? 1e-6;
  describe(`conformance: ${backend.name}`, () => {
    let available = false;
    beforeAll(async () => {
      available = await backend.isAvailable();
      if (!available) console.warn(`conformance: ${backend.name} is not available, skipping. ${options.install ?? ''}`);
    });
    for (const testCase of [...conformanceCases, ...familyCases])
      defineCase(backend, testCase, tolerance, () => available);
  });
}
