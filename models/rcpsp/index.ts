/**
 * The RCPSP family: resource-constrained project scheduling with the R-ConstraintBench
 * extensions (downtime, release/deadline windows, disjunctive pairs). See README.md.
 *
 * @example
 * ```ts
 * import { family, readSm } from 'schedlab/models/rcpsp';
 * const instance = readSm(readFileSync('j301_1.sm', 'utf8'), { name: 'j301_1' });
 * const schedule = family.heuristics.default(instance, { rng: seededRandom(1), deadline: Date.now() + 1000 });
 * family.evaluate(instance, schedule).objective; // the makespan
 * ```
 */
import type { Family, FormulateOptions } from '../../src/family/contract.js';
import { lowerBound } from './bounds.js';
import { evaluateRcpsp } from './evaluate.js';
import { rcpspReportView } from './report-view.js';
import { rcpspExact, strongestRcpspMethod } from './exact.js';
import { formulateRcpsp } from './formulation.js';
import { ganttSvg } from './gantt-svg.js';
import { generateRcpsp } from './generate.js';
import { rcpspHeuristics } from './heuristics.js';
import {
  parseRcpsp,
  parseRcpspSolution,
  serializeRcpsp,
  serializeRcpspSolution,
  type RcpspInstance,
  type RcpspSolution,
} from './instance.js';
import { readRcp, readSm } from './io.js';
import { rcpspSkeletons } from './skeletons.js';
import { rcpspModelSize } from './model-size.js';
import { formulationInPeriods, periodFactor, scaledInstance } from './time-scale.js';

/** A schedule in units of `factor` periods, when it starts every activity at a multiple of it. */
function inUnits(solution: RcpspSolution | undefined, factor: number): RcpspSolution | undefined {
  if (solution === undefined || factor === 1) return solution;
  const starts = solution.starts.map((s) => s / factor);
  return starts.every(Number.isInteger) ? { starts } : undefined;
}

/** The MIP of the instance in its coarsest periods (time-scale.ts), speaking the instance's periods. */
function formulateInCoarsestPeriods(instance: RcpspInstance, options: FormulateOptions<RcpspSolution> = {}) {
  const factor = periodFactor(instance);
  const warmStart = inUnits(options.incumbent, factor);
  const formulation = formulateRcpsp(scaledInstance(instance, factor), {
    ...(warmStart ? { warmStart } : {}),
    periodLength: factor,
  });
  return formulationInPeriods(formulation, factor);
}

/**
 * The family as the registry holds it.
 *
 * @example
 * ```ts
 * const instance = family.readers.psplib.read(text)[0];
 * const schedule = family.heuristics.default(instance, { rng: seededRandom(1), deadline: Date.now() + 1000 });
 * family.evaluate(instance, schedule).objective; // the makespan
 * ```
 */
export const family: Family<RcpspInstance, RcpspSolution> = {
  id: 'rcpsp',
  title: 'Resource-constrained project scheduling (with downtime, time windows, disjunctive pairs)',
  sense: 'min',
  objectiveUnit: 'periods',
  parse: parseRcpsp,
  serialize: serializeRcpsp,
  readers: {
    psplib: { extensions: ['sm'], read: (text) => [readSm(text)] },
    patterson: { extensions: ['rcp'], read: (text) => [readRcp(text)] },
  },
  parseSolution: parseRcpspSolution,
  serializeSolution: serializeRcpspSolution,
  generate: generateRcpsp,
  formulate: formulateInCoarsestPeriods,
  modelSize: (instance, options = {}) => {
    const factor = periodFactor(instance);
    return rcpspModelSize(scaledInstance(instance, factor), inUnits(options.incumbent, factor));
  },
  heuristics: rcpspHeuristics,
  exact: rcpspExact,
  strongestMethod: strongestRcpspMethod,
  evaluate: evaluateRcpsp,
  lowerBound,
  // A feasibility-only instance has no makespan to optimize: nothing is proven optimal.
  optimizesObjective: (instance) => instance.objective === 'makespan',
  renderSvg: (instance, solution) => ganttSvg(instance, solution, { title: instance.name }),
  reportView: rcpspReportView,
  skeletons: rcpspSkeletons,
};

// Instances and solutions: types, schema-checked parse, serialize.
export * from './instance.js';
// The seeded generators (PSPLIB-like, R-ConstraintBench ramps, data-center migration).
export {
  generateRcpsp,
  generatePsplibLike,
  generateRamp,
  generateMigration,
  type RcpspGeneratorKind,
} from './generate.js';
// The MIP.
export { formulateRcpsp, type RcpspFormulationOptions, type RcpspFormulation } from './formulation.js';
// Heuristics: the record (`default` the best) and the named ones.
export { rcpspHeuristics, geneticHeuristic } from './heuristics.js';
// Exact methods beyond the MIP.
export {
  rcpspExact,
  strongestRcpspMethod,
  mipDescent,
  type MipDescentOptions,
  type MipDescentResult,
} from './exact.js';
export { branchAndBound, type BranchAndBoundOptions } from './branch-and-bound/index.js';
// The independent evaluator.
export { evaluateRcpsp } from './evaluate.js';
// The optimistic bound.
export { lowerBound, criticalPathBound, resourceBound } from './bounds.js';
// Native formats: readers and writers (PSPLIB .sm, Patterson .rcp).
export { readSm, readRcp, writeSm, writeRcp, type ReadOptions } from './io.js';
// Pictures.
export { ganttSvg, type GanttOptions } from './gantt-svg.js';
// Skeletons for the oracle (`schedlab score rcpsp CANDIDATE.js --skeleton serial-sgs`).
export { rcpspSkeletons } from './skeletons.js';
