/**
 * The hardware performance model: catalog, model specs, FLOP / memory / communication costs
 * and training and serving estimates. Pure functions; no solver imports. The discrete-event
 * simulator lives in `./simulator/` and is re-exported here.
 *
 * @example
 * ```ts
 * import { estimateTraining, getModelPreset, makeCluster } from './perf/index.js';
 * const e = estimateTraining({ model: getModelPreset('llama3-70b'), cluster: makeCluster('h100', 512),
 *   tp: 8, pp: 4, seqLength: 8192, globalBatch: 512, recompute: 'selective' });
 * ```
 */
export * from './hardware.js';
export * from './clusters.js';
export * from './hardware-json.js';
export * from './llm.js';
export * from './hf-config.js';
export * from './flops.js';
export * from './roofline.js';
export * from './flash-attention.js';
export * from './memory.js';
export * from './communication.js';
export * from './pipeline-stages.js';
export * from './plan.js';
export * from './layer-time.js';
export * from './train-memory.js';
export * from './train-memory-hints.js';
export * from './train-estimate.js';
export * from './chunk-passes.js';
export * from './serve-estimate.js';
export * from './published.js';
export * from './simulator/index.js';
