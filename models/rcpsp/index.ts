/**
 * The RCPSP family: resource-constrained project scheduling with the R-ConstraintBench
 * extensions (downtime, release/deadline windows, disjunctive pairs). See README.md.
 */
import type { Family } from '../../src/family/contract.js';
import { lowerBound } from './bounds.js';
import { evaluateRcpsp } from './evaluate.js';
import { rcpspExact } from './exact.js';
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

export type { RcpspInstance, RcpspSolution } from './instance.js';

/**
 * @example
 * ```ts
 * import { family } from 'schedlab/models/rcpsp';
 * const instance = family.readers.sm.read(text)[0];
 * const schedule = family.heuristics.default(instance, { rng: seededRandom(1), deadline: Date.now() + 1000 });
 * family.evaluate(instance, schedule).objective;   // the makespan
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
  formulate: (instance, options = {}) =>
    formulateRcpsp(instance, options.incumbent ? { warmStart: options.incumbent } : {}),
  heuristics: rcpspHeuristics,
  exact: rcpspExact,
  evaluate: evaluateRcpsp,
  lowerBound,
  // A feasibility-only instance has no makespan to optimize: nothing is proven optimal.
  optimizesObjective: (instance) => instance.objective === 'makespan',
  renderSvg: (instance, solution) => ganttSvg(instance, solution, { title: instance.name }),
};
