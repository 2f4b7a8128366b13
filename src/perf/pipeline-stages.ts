/**
 * How a pipeline splits the layers: layers per stage, the model chunks of each stage under the
 * interleaved schedule, and how many microbatches' activations each chunk holds at the stage's
 * peak. The first stage holds the most microbatches; the last holds the output layer; uneven
 * layouts (Llama 3 put one layer fewer on the first and the last stage, Dubey et al. 2024,
 * Section 3.3.2) shift the peak, so memory and time are taken over every stage.
 */
import { inputError } from '../errors.js';

/**
 * Layers per stage when they divide evenly, else the first `layers mod pp` stages take one more
 * (the first stage then peaks, as the even-split formulas assume).
 *
 * @example
 * ```ts
 * evenStageLayers(10, 4); // [3, 3, 2, 2]
 * ```
 */
export function evenStageLayers(layers: number, pp: number): number[] {
  const base = Math.floor(layers / pp);
  return Array.from({ length: pp }, (_, stage) => base + (stage < layers % pp ? 1 : 0));
}

/**
 * The Llama 3 layout: every stage holds `(layers + 2 fewer) / pp` layer slots and the first and
 * the last stage `fewer` layers less, so the embedding and the output layer take their place.
 *
 * @example
 * ```ts
 * fewerLayersOnEndStages(126, 16); // [7, 8, 8, ..., 8, 7]
 * ```
 */
export function fewerLayersOnEndStages(layers: number, pp: number, fewer = 1): number[] {
  const slots = layers + 2 * fewer;
  if (pp < 2 || slots % pp !== 0 || slots / pp <= fewer) {
    throw inputError(
      `${layers} layers + 2 x ${fewer} do not split into ${pp} equal stages; pick --pp dividing ${slots} (or give --stage-layers)`,
    );
  }
  const perStage = slots / pp;
  return Array.from({ length: pp }, (_, stage) => (stage === 0 || stage === pp - 1 ? perStage - fewer : perStage));
}

/** Checks an explicit layout: one non-negative count per stage, summing to the model's layers. */
export function checkStageLayers(stageLayers: readonly number[], layers: number, pp: number): void {
  if (stageLayers.length !== pp)
    throw inputError(
      `--stage-layers gives ${stageLayers.length} stages, but --pp is ${pp}; give one layer count per stage`,
    );
  if (stageLayers.some((n) => !Number.isInteger(n) || n < 0))
    throw inputError(`--stage-layers must be non-negative integers, got ${stageLayers.join(',')}`);
  const sum = stageLayers.reduce((a, b) => a + b, 0);
  if (sum !== layers)
    throw inputError(`--stage-layers ${stageLayers.join(',')} add up to ${sum} layers, but the model has ${layers}`);
}

/**
 * The interleaved schedule's chunk size: the fullest stage's layers over `chunks`, when they
 * divide, else undefined with the message that says how to fix it. The fullest stage then
 * splits into equal chunks (Megatron-LM's `num_layers_per_virtual_pipeline_stage`) and no
 * chunk anywhere holds more; a stage with fewer layers leaves some chunks short or empty
 * (Llama 3's end stages, whose first and last chunk hold only the embedding and the output
 * layer). Were the fullest stage's chunks unequal, the bubble would be its largest chunk's,
 * not the stage's / v, and the closed form optimistic.
 *
 * @example
 * ```ts
 * equalChunkSize([8, 8], 4).size; // 2
 * equalChunkSize([8, 8], 5).message; // '--virtual-stages 5 does not divide ... use --virtual-stages 2, 4 or 8 ...'
 * ```
 */
export function equalChunkSize(stageLayers: readonly number[], chunks: number): { size?: number; message?: string } {
  const fullest = Math.max(...stageLayers);
  if (fullest % chunks === 0) return { size: fullest / chunks };
  const stage = stageLayers.indexOf(fullest);
  const fits = Array.from({ length: fullest - 1 }, (_, i) => i + 2).filter((v) => fullest % v === 0);
  const use = fits.length > 0 ? `--virtual-stages ${fits.join(' or ')}, ` : '';
  return {
    message: `--virtual-stages ${chunks} does not divide the ${fullest} layers of stage ${stage}, the fullest (the interleaved schedule splits it into equal chunks, and no chunk may hold more): use ${use}--stage-layers whose largest count is a multiple of ${chunks}, or --schedule 1f1b`,
  };
}

/**
 * Global layer indices of each chunk of each stage: `chunks[stage][chunk]`. Model chunk
 * `chunk x pp + stage` runs on `stage` (Narayanan et al. 2021, interleaved schedule); every chunk
 * has `ceil(max stage layers / chunks)` layers (`equalChunkSize` when it divides), and a stage
 * with fewer layers leaves its first chunk short on the first stage (only the embedding remains
 * there in Llama 3) and its last chunk short elsewhere (only the output layer remains on the last stage).
 *
 * @example
 * ```ts
 * stageChunks([1, 2, 2, 1], 2); // [[[], [3]], [[0], [4]], [[1], [5]], [[2], []]]
 * ```
 */
export function stageChunks(stageLayers: readonly number[], chunks: number): number[][][] {
  const pp = stageLayers.length;
  const chunkSize = Math.ceil(Math.max(...stageLayers) / chunks);
  const sizes = stageLayers.map((layers, stage) => {
    const counts = new Array<number>(chunks).fill(chunkSize);
    let deficit = chunkSize * chunks - layers;
    for (let step = 0; deficit > 0; step++) {
      const chunk = stage === 0 ? step % chunks : chunks - 1 - (step % chunks);
      const take = Math.min(deficit, counts[chunk] ?? 0);
      counts[chunk] = (counts[chunk] ?? 0) - take;
      deficit -= take;
    }
    return counts;
  });
  const result = stageLayers.map(() => Array.from({ length: chunks }, () => [] as number[]));
  let next = 0;
  for (let chunk = 0; chunk < chunks; chunk++) {
    for (let stage = 0; stage < pp; stage++) {
      const size = sizes[stage]?.[chunk] ?? 0;
      result[stage]![chunk] = Array.from({ length: size }, (_, i) => next + i);
      next += size;
    }
  }
  return result;
}

/**
 * Peak, over one step, of the activations stage `stage` holds, given each chunk's bytes per
 * microbatch. 1F1B and ZB-H1 run `p - stage - 1` warm-up forwards, GPipe all `m`; the
 * interleaved schedule runs `2(p - stage - 1) + (v - 1)p` warm-up chunk forwards, or all of them
 * when `m = p` (Megatron-LM `forward_backward_pipelining_with_interleaving`), then alternates one
 * forward (chunks in order, `p` microbatches at a time) with one backward (chunks in reverse).
 *
 * @example
 * ```ts
 * stagePeakActivations('1f1b', 8, 64, 0, [1]); // 8
 * ```
 */
export function stagePeakActivations(
  schedule: string,
  pp: number,
  microbatches: number,
  stage: number,
  chunkBytes: readonly number[],
): number {
  const v = schedule === 'interleaved' ? chunkBytes.length : 1;
  const total = microbatches * v;
  const group = pp * v;
  const forwardChunk = (k: number): number => (v === 1 ? 0 : Math.floor((k % group) / pp));
  const backwardChunk = (k: number): number => v - 1 - forwardChunk(k);
  const bytesOf = (chunk: number): number =>
    v === 1 ? chunkBytes.reduce((a, b) => a + b, 0) : (chunkBytes[chunk] ?? 0);
  let warmup = Math.min(total, pp - stage - 1);
  if (schedule === 'gpipe') warmup = total;
  if (v > 1) warmup = microbatches === pp ? total : Math.min(total, 2 * (pp - stage - 1) + (v - 1) * pp);
  let held = 0;
  let peak = 0;
  let forward = 0;
  for (; forward < warmup; forward++) peak = Math.max(peak, (held += bytesOf(forwardChunk(forward))));
  for (let backward = 0; backward < total; backward++) {
    if (forward < total) peak = Math.max(peak, (held += bytesOf(forwardChunk(forward++))));
    held -= bytesOf(backwardChunk(backward));
  }
  return peak;
}
