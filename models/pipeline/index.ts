/**
 * The pipeline-schedules family: per-device orders of F, B and W passes for p devices and
 * m microbatches, under an activation memory limit. Baselines GPipe, 1F1B, interleaved 1F1B,
 * ZB-H1, ZB-H2, the zero-bubble greedy scheduler, V-Half and V-Min; the zero-bubble paper's
 * ILP; an evaluator that runs the orders on the performance model's simulator. See README.md.
 *
 * @example
 * ```ts
 * import { family, instanceFromModel } from 'schedlab/models/pipeline';
 * const instance = instanceFromModel({ model: 'llama3-8b', stages: 4, microbatches: 8 });
 * const schedule = family.heuristics['zb-h1'](instance, { rng: Math.random, deadline: Date.now() + 1000 });
 * family.evaluate(instance, schedule).metrics.bubbleRate;
 * ```
 */
import type { Family } from '../../src/family/contract.js';
import { pipelineLowerBound } from './bounds.js';
import { evaluatePipeline } from './evaluate.js';
import { formulatePipeline } from './formulation.js';
import { pipelineChromeJson, renderPipelineSvg } from './gantt-svg.js';
import { generatePipeline } from './generate.js';
import { pipelineHeuristics } from './heuristics.js';
import {
  parsePipeline,
  parsePipelineSolution,
  serializePipeline,
  serializePipelineSolution,
  type PipelineInstance,
  type PipelineSolution,
} from './instance.js';
import { pipelineReaders } from './io.js';
import { pipelineReportView } from './report-view.js';
import { pipelineSkeletons } from './skeletons.js';
import { assertSchedulable, pipelineModelSize } from './scale.js';

/**
 * The family as the registry holds it.
 *
 * @example
 * ```ts
 * const instance = family.generate({ size: 'small' }, 1);
 * const evaluation = family.evaluate(instance, family.heuristics.default(instance, { rng: Math.random, deadline: Date.now() + 1000 }));
 * ```
 */
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
  formulate: (instance, options) => {
    assertSchedulable(instance);
    return formulatePipeline(instance, options);
  },
  modelSize: (instance) => {
    assertSchedulable(instance);
    return pipelineModelSize(instance);
  },
  heuristics: pipelineHeuristics,
  evaluate: evaluatePipeline,
  lowerBound: pipelineLowerBound,
  renderSvg: renderPipelineSvg,
  renderTrace: pipelineChromeJson,
  reportView: pipelineReportView,
  skeletons: pipelineSkeletons,
};

// Instances and solutions: types, schema-checked parse, serialize, layouts.
export * from './instance.js';
// The seeded generator.
export { generatePipeline } from './generate.js';
// The MIP (the zero-bubble paper's ILP) and its proven horizon.
export { formulatePipeline } from './formulation.js';
export { provenSpanHorizon } from './horizon.js';
// Heuristics: the record (`default` the best) and the named ones.
export { pipelineHeuristics, greedy, scheduleCost } from './heuristics.js';
export { gpipe, oneFOneB, interleaved1F1B, zbH1, zbH2 } from './heuristics/handcrafted.js';
export { greedySchedule } from './heuristics/greedy.js';
// Exact methods beyond the MIP: none (the ILP is the exact method).
// The independent evaluator.
export { evaluatePipeline, pipelineTrace, simulationInput } from './evaluate.js';
// The optimistic bound.
export { pipelineLowerBound } from './bounds.js';
// What an instance costs: its passes (refused beyond maxPasses) and its ILP's size.
export { assertSchedulable, maxPasses, passCount, pipelineModelSize } from './scale.js';
// Native formats: readers (and instances derived from the performance model).
export { pipelineReaders, instanceFromModel, hfReaderDefaults, type DeriveOptions } from './io.js';
// Pictures.
export { renderPipelineSvg, pipelineChromeJson, pipelineChromeEvents } from './gantt-svg.js';
// Skeletons for the oracle (`schedlab score pipeline CANDIDATE.js --skeleton next-pass`).
export { pipelineSkeletons } from './skeletons.js';
