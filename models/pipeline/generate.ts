/**
 * Seeded pipeline instances. Sizes: small (p = 3, m = 6), medium (p = 4, m = 12), large
 * (p = 8, m = 24). Per-device F time in [1, 2] ms, B = F·[0.9, 1.2], W = F·[0.4, 0.7]
 * (the paper's T_W < T_F ≈ T_B), communication up to 5% of F, M_W/M_B in [0.3, 0.9],
 * memory limit `memoryFactor`·p·M_B (default 1: the memory of 1F1B). Knobs: devices,
 * microbatches, memoryFactor, chunks, placement, splitBackward, objective.
 */
import type { GenerateParams } from '../../src/family/contract.js';
import { inputError } from '../../src/errors.js';
import { seededRandom } from '../../src/util/random.js';
import { parsePipeline, withLayout, type PipelineInstance } from './instance.js';

const sizes = { small: { p: 3, m: 6 }, medium: { p: 4, m: 12 }, large: { p: 8, m: 24 } } as const;

function knob<T>(params: GenerateParams, name: string, fallback: T, check: (v: unknown) => boolean): T {
  const value = params[name];
  if (value === undefined) return fallback;
  if (!check(value)) throw inputError(`generate pipeline: '${name}' has an unusable value ${JSON.stringify(value)}`);
  return value as T;
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * A random instance with uniform stages.
 *
 * @example
 * ```ts
 * const instance = generatePipeline({ size: 'medium', memoryFactor: 2 }, 7);
 * ```
 */
export function generatePipeline(params: GenerateParams, seed: number): PipelineInstance {
  const size = sizes[(params.size ?? 'small') as keyof typeof sizes];
  if (!Object.hasOwn(sizes, params.size ?? 'small'))
    throw inputError(`unknown size '${String(params.size)}'; use small, medium or large`, { path: 'size' });
  const p = knob(params, 'devices', size.p, isCount);
  const m = knob(params, 'microbatches', size.m, isCount);
  const factor = knob(params, 'memoryFactor', 1, (v) => typeof v === 'number' && v > 0);
  const rng = seededRandom(seed);
  const F = 1 + rng();
  const base = parsePipeline({
    name: `pipeline-p${p}-m${m}-s${seed}`,
    devices: p,
    microbatches: m,
    times: { F: round(F), B: round(F * (0.9 + 0.3 * rng())), W: round(F * (0.4 + 0.3 * rng())) },
    comm: round(0.05 * F * rng()),
    objective: knob(params, 'objective', 'span', (v) => v === 'span' || v === 'makespan'),
    memory: { mB: 1, mW: round(0.3 + 0.6 * rng()), limit: factor * p },
  });
  const chunks = knob(params, 'chunks', 1, isCount);
  const placement = knob(params, 'placement', 'loop', (v) => v === 'loop' || v === 'vshape');
  const splitBackward = knob(params, 'splitBackward', true, (v) => typeof v === 'boolean');
  return withLayout(base, { chunks, placement, splitBackward });
}
