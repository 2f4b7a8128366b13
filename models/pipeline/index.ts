/**
 * The pipeline-schedules family: per-device orders of F, B and W passes for p devices and
 * m microbatches, under an activation memory limit. Baselines GPipe, 1F1B, interleaved 1F1B,
 * ZB-H1, ZB-H2, the zero-bubble greedy scheduler, V-Half and V-Min; the zero-bubble paper's
 * ILP; an evaluator that runs the orders on the performance model's simulator.
 *
 * @example
 * ```ts
 * import { family } from './models/pipeline/index.js';
 * const instance = family.generate({ size: 'small' }, 1);
 * const evaluation = family.evaluate(instance, family.heuristics['zb-h1'](instance, { rng: Math.random, deadline: Date.now() + 1000 }));
 * ```
 */
import type { Family } from '../../src/family/contract.js';
import { evaluatePipeline } from './evaluate.js';
import { formulatePipeline } from './formulation.js';
import { generatePipeline } from './generate.js';
import { pipelineHeuristics } from './heuristics.js';
import { pipelineLowerBound } from './bounds.js';
import {
  parsePipeline,
  parsePipelineSolution,
  serializePipeline,
  serializePipelineSolution,
  type PipelineInstance,
  type PipelineSolution,
} from './instance.js';
import { pipelineReaders } from './io.js';
import { pipelineChromeJson, renderPipelineSvg } from './gantt-svg.js';

export const family: Family<PipelineInstance, PipelineSolution> = {
  id: 'pipeline',
  title: 'Pipeline-parallel schedules (GPipe, 1F1B, interleaved, zero bubble) under a memory limit',
  sense: 'min',
  objectiveUnit: 'ms',
  parse: parsePipeline,
  serialize: serializePipeline,
  readers: pipelineReaders,
  parseSolution: parsePipelineSolution,
  serializeSolution: serializePipelineSolution,
  generate: generatePipeline,
  formulate: (instance, options) => formulatePipeline(instance, options),
  heuristics: pipelineHeuristics,
  evaluate: evaluatePipeline,
  lowerBound: pipelineLowerBound,
  renderSvg: renderPipelineSvg,
  renderTrace: pipelineChromeJson,
};

export * from './instance.js';
export { evaluatePipeline, pipelineTrace, simulationInput } from './evaluate.js';
export { formulatePipeline } from './formulation.js';
export { provenSpanHorizon } from './horizon.js';
export { pipelineHeuristics, greedy, scheduleCost } from './heuristics.js';
export { gpipe, oneFOneB, interleaved1F1B, zbH1, zbH2 } from './heuristics/handcrafted.js';
export { greedySchedule } from './heuristics/greedy.js';
export { generatePipeline } from './generate.js';
export { instanceFromModel, type DeriveOptions } from './io.js';
export { pipelineLowerBound } from './bounds.js';
export { renderPipelineSvg, pipelineChromeJson, pipelineChromeEvents } from './gantt-svg.js';
