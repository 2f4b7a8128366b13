/**
 * The ranges of the performance model's inputs, shared by `schedlab estimate`, the library
 * (`resolveTrainPlan`, `estimateServing`) and the pipeline family's derived instances, so that
 * a plan one of them refuses the others refuse too, with the same words. Inside the ranges
 * every figure is finite: the largest products (tokens x parameters, sequence^2 x hidden size)
 * stay far below the largest double.
 */
import { inputError } from '../errors.js';
import type { ModelSpec } from './llm.js';

/** Largest accepted values: counts of GPUs and parallel degrees, tokens per sequence, sequences per batch. */
export const perfLimits = {
  /** GPUs, and any parallel degree (tp, pp, dp, ep, cp, GPUs per node). */
  gpus: 1_048_576,
  /** Tokens per sequence (train --seq, serve --input-len and --output-len, a derived instance's seqLength). */
  tokens: 16_777_216,
  /** Sequences per batch (global batch, micro-batch, serve --batch, a derived instance's microBatchSize). */
  sequences: 16_777_216,
  /** Dimensions of a model read from a config.json (layers, hidden size, heads, vocabulary, experts). */
  modelDimension: 16_777_216,
} as const;

/**
 * Throw an input error unless `value` is a whole number from `min` to `max`, naming `flag`.
 *
 * @example
 * ```ts
 * checkWhole(1e308, '--seq', perfLimits.tokens); // throws "--seq must be a whole number from 1 to 16777216, got 1e+308"
 * ```
 */
export function checkWhole(value: number, flag: string, max: number, min = 1): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw inputError(`${flag} must be a whole number from ${min} to ${max}, got ${value}`);
}

/**
 * The divisors of n, in increasing order.
 *
 * @example
 * ```ts
 * divisors(12); // [1, 2, 3, 4, 6, 12]
 * ```
 */
export function divisors(n: number): number[] {
  const low: number[] = [];
  const high: number[] = [];
  for (let d = 1; d * d <= n; d++) {
    if (n % d !== 0) continue;
    low.push(d);
    if (d * d !== n) high.unshift(n / d);
  }
  return [...low, ...high];
}

/**
 * Throw an input error unless the tensor-parallel degree divides the model's attention heads
 * (each rank takes whole heads), listing the degrees that do.
 *
 * @example
 * ```ts
 * checkHeadsDivide(getModelPreset('llama3-8b'), 3, '--tp'); // throws "--tp 3 does not divide the 32 attention heads ..."
 * ```
 */
export function checkHeadsDivide(model: ModelSpec, tp: number, flag: string): void {
  if (model.heads % tp === 0) return;
  const options = divisors(model.heads);
  const shown = options.length > 12 ? [...options.slice(0, 11), '...'] : options;
  throw inputError(
    `${flag} ${tp} does not divide the ${model.heads} attention heads of ${model.name}; use a divisor: ${shown.join(', ')}`,
  );
}

/**
 * The first value in `json` (an estimate's report) that is not a finite number, as a path, or
 * undefined: inside the ranges none should be, and a NaN must never reach the output.
 *
 * @example
 * ```ts
 * nonFiniteAt({ stepTimeS: 1, time: { bubbleS: NaN } }); // 'time.bubbleS'
 * ```
 */
export function nonFiniteAt(json: unknown, path = ''): string | undefined {
  if (typeof json === 'number') return Number.isFinite(json) ? undefined : path || '(root)';
  if (json === null || typeof json !== 'object') return undefined;
  for (const [key, value] of Object.entries(json)) {
    const found = nonFiniteAt(value, Array.isArray(json) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}
