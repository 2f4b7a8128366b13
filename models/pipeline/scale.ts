/**
 * What a pipeline instance costs before anything is built: its number of passes (every
 * method, the evaluator and a solution hold each one) and the size of its ILP, whose ordering
 * pairs grow with the square of a device's passes. An instance beyond `maxPasses` is refused
 * at once with its size, by every method and the evaluator alike, instead of running for
 * minutes or out of memory (the schema admits 65,536 devices x 64 chunks x 1,048,576
 * microbatches, 1.3e13 passes).
 */
import { inputError } from '../../src/errors.js';
import { formatCount, type ModelSize } from '../../src/family/model-budget.js';
import type { PipelineInstance } from './instance.js';

/**
 * The most passes schedlab schedules or evaluates: the evaluator simulates each one (about
 * 30-80 µs per pass measured, so some 3-8 s at this size), and a solution holds each.
 */
export const maxPasses = 100_000;

/** Passes per microbatch and stage: F, B and (when the backward is split) W. */
function kindsPerStage(instance: PipelineInstance): number {
  return instance.splitBackward ? 3 : 2;
}

/** Every pass of the instance: stages x microbatches x kinds. */
export function passCount(instance: PipelineInstance): number {
  return instance.devices * instance.chunks * instance.microbatches * kindsPerStage(instance);
}

/**
 * Refuse (an input error stating the size) an instance with more than `maxPasses` passes.
 *
 * @example
 * ```ts
 * assertSchedulable({ ...instance, microbatches: 1_000_000 }); // throws: "... 24,000,000 passes ..."
 * ```
 */
export function assertSchedulable(instance: PipelineInstance): void {
  const passes = passCount(instance);
  if (passes <= maxPasses) return;
  throw inputError(
    `pipeline instance '${instance.name}' has ${formatCount(instance.devices)} devices x ${instance.chunks} chunk(s) x ${formatCount(instance.microbatches)} microbatches x ${kindsPerStage(instance)} kinds = ${formatCount(passes)} passes, more than the ${formatCount(maxPasses)} schedlab schedules and simulates; a schedule repeats with the microbatches, so fewer microbatches (or devices) show the same behaviour`,
    { path: 'data.microbatches' },
  );
}

/**
 * The ILP's size (`formulation.ts`) as an upper estimate: an end variable per pass, and on
 * every device an ordering binary, two big-M rows and a memory term for each pair of its passes.
 *
 * @example
 * ```ts
 * pipelineModelSize(instance).nonzeros; // about 31,000 for 4 devices x 16 microbatches
 * ```
 */
export function pipelineModelSize(instance: PipelineInstance): ModelSize {
  const passes = passCount(instance);
  const perDevice = passes / instance.devices;
  const pairs = (instance.devices * perDevice * (perDevice - 1)) / 2;
  return {
    rows: 2 * pairs + 3 * passes,
    columns: pairs + passes,
    nonzeros: (6 + 2 / 3) * pairs + 6 * passes,
    smaller: 'fewer microbatches (the ILP orders every pair of passes on a device)',
    // Measured on 2 devices x 64 chunks x 2 / x 4 and 2 x 16 x 16 microbatches (0.99 and 3.9 million
    // estimated nonzeros, 0.43-3.2 million built) at load 8-10: formulate 6.5-18 µs and peak RSS
    // 440-620 bytes (with the LP text) per estimated nonzero; pair rows are built one LinExpr each.
    secondsPerNonzero: 1e-5,
    bytesPerNonzero: 650,
  };
}
