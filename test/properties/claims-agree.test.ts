/**
 * Every method's claims agree with each other and with the evaluator (issue 12, class 4): on
 * random small instances of each family, whichever method runs (the default heuristic, the
 * MIP, each exact method, and what `solve` runs by default), the reported objective is the
 * evaluator's, the status says no more than the solution and the bound prove, the bound
 * never beats the objective, the gap is the one the bound gives, and a NaN stands only for
 * an unknown. The CLI's JSON report of one instance per family obeys the same rules, with
 * null for an unknown.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchedlabError } from '../../src/errors.js';
import type { AnyFamily, GenerateParams } from '../../src/family/contract.js';
import { instanceFileText } from '../../src/family/instance-file.js';
import { runMethod } from '../../src/family/methods.js';
import { getFamily } from '../../src/family/registry.js';
import { optimizesObjective, type MethodResult } from '../../src/family/run.js';
import { relativeGap } from '../../src/solvers/contract.js';
import { runCli } from '../cli/run-cli.js';

const timeLimitSec = Number(process.env.CLAIMS_LIMIT ?? 1);
const statuses = new Set(['optimal', 'feasible', 'infeasible', 'unknown', 'timeLimit', 'error']);

/** Slack for comparing a bound with an objective: solver tolerances, not a real gap. */
function tolerance(objective: number): number {
  return 1e-6 * Math.max(1, Math.abs(objective));
}

function sameNumber(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

/** The bound is on the optimistic side of the objective (below it for min, above for max). */
function boundValid(family: AnyFamily, objective: number, bound: number): boolean {
  const slack = tolerance(objective);
  return family.sense === 'min' ? bound <= objective + slack : bound >= objective - slack;
}

/** Asserts that one method's answer agrees with itself and with the evaluator. */
function checkClaims(family: AnyFamily, instance: unknown, result: MethodResult): void {
  const where = `${family.id} ${result.method}: ${JSON.stringify({ ...result, solution: undefined, evaluation: undefined, report: undefined })}`;
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
  if (!optimizesObjective(family, instance)) {
    expect(Number.isNaN(result.bound) && Number.isNaN(result.gap) && !result.proven, where).toBe(true);
    return;
  }
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

/** Every kind of method: the default heuristic, the MIP, each exact method, and `solve`'s default. */
function methodsOf(family: AnyFamily): (string | undefined)[] {
  const extra = process.env.CLAIMS_SOLVERS?.split(',').map((solver) => `mip/${solver}`) ?? [];
  return [
    'heuristic/default',
    'mip',
    ...extra,
    ...Object.keys(family.exact ?? {}).map((name) => `exact/${name}`),
    undefined,
  ];
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

async function checkAllMethods(family: AnyFamily, instance: unknown): Promise<void> {
  for (const method of methodsOf(family)) {
    const result = await runMethod(family, instance, method, { timeLimitSec, seed: 1 }).catch(refusalOnly);
    if (result) checkClaims(family, instance, result);
  }
}

const rcpspKnobs = fc.oneof(
  fc.record({
    size: fc.constant('small'),
    activities: fc.integer({ min: 2, max: Number(process.env.CLAIMS_MAXN ?? 6) }),
    resources: fc.integer({ min: 1, max: 2 }),
  }),
  fc.record({
    kind: fc.constant('ramp'),
    activities: fc.integer({ min: 2, max: Number(process.env.CLAIMS_MAXN ?? 6) }),
    resources: fc.integer({ min: 0, max: 2 }),
    level: fc.integer({ min: 0, max: 4 }),
    objective: fc.constantFrom('makespan', 'feasibility'),
  }),
  fc.record({ kind: fc.constant('migration'), racks: fc.integer({ min: 1, max: 2 }) }),
);

const pipelineKnobs = fc.record({
  devices: fc.integer({ min: 1, max: Number(process.env.CLAIMS_MAXP ?? 2) }),
  microbatches: fc.integer({ min: 1, max: Number(process.env.CLAIMS_MAXM ?? 4) }),
  objective: fc.constantFrom('span', 'makespan'),
  memoryFactor: fc.constantFrom(0.3, 0.6, 1, 2),
  splitBackward: fc.boolean(),
  chunks: fc.constantFrom(1, 2),
  placement: fc.constantFrom('loop', 'vshape'),
});

/** Hand-written pipeline data, with times of 0 and tight memory, that the generator never makes. */
const pipelineData = fc.record({
  devices: fc.integer({ min: 1, max: 2 }),
  microbatches: fc.integer({ min: 1, max: 3 }),
  times: fc.record({ F: fc.constantFrom(0, 1, 2), B: fc.constantFrom(0, 1, 3), W: fc.constantFrom(0, 1) }),
  comm: fc.constantFrom(0, 0.5, 1),
  layout: fc.constantFrom(
    { chunks: 1, placement: 'loop' },
    { chunks: 2, placement: 'loop' },
    { chunks: 2, placement: 'vshape' },
  ),
  splitBackward: fc.boolean(),
  objective: fc.constantFrom('span', 'makespan'),
  memory: fc.record({ limit: fc.constantFrom(1, 1.5, 4) }),
});

const podKnobs = fc.record({
  nodes: fc.integer({ min: 2, max: Number(process.env.CLAIMS_MAXNODES ?? 3) }),
  podsPerNode: fc.integer({ min: 2, max: Number(process.env.CLAIMS_MAXNODES ?? 3) }),
  priorities: fc.integer({ min: 1, max: 2 }),
  utilization: fc.constantFrom(0.5, 1, 1.5),
});

/** Random instances per family: from its generator with small knobs, or (pipeline) from raw data. */
function instances(family: AnyFamily): fc.Arbitrary<unknown> {
  const seed = fc.integer({ min: 1, max: 1000 });
  const generated = (knobs: fc.Arbitrary<GenerateParams>) =>
    fc.tuple(knobs, seed).map(([params, s]) => family.generate(params, s));
  if (family.id === 'rcpsp') return generated(rcpspKnobs as fc.Arbitrary<GenerateParams>);
  if (family.id === 'pipeline')
    return fc.oneof(
      generated(pipelineKnobs),
      pipelineData.map(({ layout, times, splitBackward, ...data }) =>
        family.parse({ ...data, ...layout, splitBackward, times: splitBackward ? times : { ...times, W: 0 } }),
      ),
    );
  return generated(podKnobs);
}

const numRuns = Number(process.env.CLAIMS_RUNS ?? 4);

/** Instances fast-check or the issue found, kept as fixed cases. */
const fixedCases: Record<string, unknown[]> = {
  rcpsp: [],
  pipeline: [
    // All pass times 0: once reported 'optimal' with objective 6, bound 4.8 and a 20% gap.
    { devices: 2, microbatches: 2, times: { F: 0, B: 0, W: 0 }, memory: { limit: 4 } },
    // HiGHS's optimum 12 with a bound of 11.999999: once 'optimal' and proven with a gap of 8e-8.
    {
      devices: 2,
      microbatches: 2,
      chunks: 2,
      placement: 'vshape',
      splitBackward: false,
      times: { F: 2, B: 0 },
      memory: { limit: 4 },
    },
    // The same on a makespan: 'optimal' with objective 9.317, bound 9.316999.
    {
      devices: 2,
      microbatches: 3,
      chunks: 2,
      placement: 'vshape',
      splitBackward: false,
      times: { F: 0.506, B: 0.815 },
      comm: 0.035,
      objective: 'makespan',
      memory: { mB: 0.5, mW: 0.3065, limit: 4 },
    },
  ],
  'pod-packing': [],
};

/**
 * Counterexamples on other backends (test/conformance/known-faults.ts): family, generator
 * knobs and seed, method. A claim the evaluator refutes is the backend's fault, reported as
 * such (a 'solver' error naming it and suggesting HiGHS), never as an answer.
 */
const backendCases: [string, GenerateParams, number, string][] = [
  // GLPK's "OPT" at 40 of a maximum where 41 is feasible.
  ['pod-packing', { nodes: 3, podsPerNode: 2, priorities: 1, utilization: 1 }, 997, 'mip/glpk'],
  // jsLPSolver's bound 71 of a maximum where 95 is feasible.
  ['pod-packing', { nodes: 2, podsPerNode: 3, priorities: 2, utilization: 1 }, 569, 'mip/jslp'],
  // jsLPSolver's 'infeasible' where HiGHS and GLPK find 24.
  ['pod-packing', { nodes: 4, podsPerNode: 2, priorities: 1, utilization: 1.5 }, 84, 'mip/jslp'],
];

describe('reported claims agree with the evaluator', () => {
  it("other backends: a refuted claim is named as the backend's fault", async () => {
    for (const [id, params, seed, method] of backendCases) {
      const family = await getFamily(id);
      const instance = family.generate(params, seed);
      const backend = method.slice('mip/'.length);
      const run = runMethod(family, instance, method, { timeLimitSec, seed: 1 });
      await expect(run).rejects.toMatchObject({ kind: 'solver' });
      await expect(run).rejects.toThrow(new RegExp(`the ${backend} backend .* --solver highs`));
    }
  });

  for (const id of ['rcpsp', 'pipeline', 'pod-packing']) {
    it(`${id}: fixed cases`, async () => {
      const family = await getFamily(id);
      for (const data of fixedCases[id] ?? []) await checkAllMethods(family, family.parse(data));
    });

    it(`${id}: random instances, every method`, async () => {
      const family = await getFamily(id);
      await fc.assert(
        fc.asyncProperty(instances(family), (instance) => checkAllMethods(family, instance)),
        { seed: Number(process.env.CLAIMS_SEED ?? 12), numRuns, endOnFailure: true },
      );
    }, 30_000);

    it(`${id}: the CLI's JSON report has no NaN and its claims agree`, async () => {
      const family = await getFamily(id);
      const instance = family.generate({ size: 'small' }, 3);
      const file = join(mkdtempSync(join(tmpdir(), 'claims-')), `${id}.json`);
      writeFileSync(file, instanceFileText(family, 'claims', instance));
      const run = await runCli('solve', file, '--json', '--time-limit', '2');
      expect(run.stdout).not.toMatch(/NaN|Infinity/);
      const report = JSON.parse(run.stdout);
      const evaluation = family.evaluate(instance, family.parseSolution(instance, report.solution));
      expect(report.feasible).toBe(evaluation.feasible);
      expect(report.objective).toBe(evaluation.feasible ? evaluation.objective : null);
      if (report.status === 'optimal') {
        expect(report.feasible).toBe(true);
        expect(report.gap).toBe(0);
        expect(Math.abs(report.bound - report.objective)).toBeLessThanOrEqual(tolerance(report.objective));
      }
      if (typeof report.bound === 'number' && report.feasible) {
        expect(boundValid(family, report.objective, report.bound)).toBe(true);
        expect(report.gap).toBe(relativeGap(report.objective, report.bound));
      } else {
        expect(report.gap).toBeNull();
      }
    }, 30_000);
  }
});
