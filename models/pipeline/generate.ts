/**
 * Seeded pipeline instances. Sizes: small (p = 3, m = 6), medium (p = 4, m = 12), large
 * (p = 8, m = 24). Per-device F time in [1, 2] ms, B = F·[0.9, 1.2], W = F·[0.4, 0.7]
 * (the paper's T_W < T_F ≈ T_B), communication up to 5% of F, M_W/M_B in [0.3, 0.9],
 * memory limit `memoryFactor`·p·M_B (default 1: the memory of 1F1B). Knobs: devices,
 * microbatches, memoryFactor, chunks, placement, splitBackward, objective.
 */
import type { GenerateParams } from '../../src/family/contract.js';
import { GenerateParamReader, type SizeName } from '../../src/family/generate-params.js';
import { seededRandom } from '../../src/util/random.js';
import { parsePipeline, withLayout, type PipelineInstance } from './instance.js';
import { pipelineLimits } from './limits.js';

const sizes: Record<SizeName, { p: number; m: number }> = {
  small: { p: 3, m: 6 },
  medium: { p: 4, m: 12 },
  large: { p: 8, m: 24 },
};

const round = (x: number) => Math.round(x * 1000) / 1000;

interface PipelineKnobs {
  devices: number;
  microbatches: number;
  memoryFactor: number;
  objective: 'span' | 'makespan';
  chunks: number;
  placement: 'loop' | 'vshape';
  splitBackward: boolean;
}

/** The knobs, in the ranges of `pipelineLimits`; an unknown key is refused, naming the known ones. */
function knobsOf(params: GenerateParams): PipelineKnobs {
  const reader = new GenerateParamReader(params, 'pipeline');
  const size = reader.size(sizes, 'small');
  const knobs = {
    devices: reader.number('devices', size.p, 1, pipelineLimits.devices),
    microbatches: reader.number('microbatches', size.m, 1, pipelineLimits.microbatches),
    memoryFactor: reader.number('memoryFactor', 1, 0, 1e6, { integer: false, above: true }),
    objective: reader.choice('objective', 'span', ['span', 'makespan'] as const),
    chunks: reader.number('chunks', 1, 1, pipelineLimits.chunks),
    placement: reader.choice('placement', 'loop', ['loop', 'vshape'] as const),
    splitBackward: reader.choice('splitBackward', true, [true, false] as const),
  };
  reader.finish();
  return knobs;
}

/**
 * A random instance with uniform stages.
 *
 * @example
 * ```ts
 * const instance = generatePipeline({ size: 'medium', memoryFactor: 2 }, 7);
 * ```
 */
export function generatePipeline(params: GenerateParams, seed: number): PipelineInstance {
  const { devices: p, microbatches: m, memoryFactor, objective, ...layout } = knobsOf(params);
  const rng = seededRandom(seed);
  const F = 1 + rng();
  const base = parsePipeline({
    name: `pipeline-p${p}-m${m}-s${seed}`,
    devices: p,
    microbatches: m,
    times: { F: round(F), B: round(F * (0.9 + 0.3 * rng())), W: round(F * (0.4 + 0.3 * rng())) },
    comm: round(0.05 * F * rng()),
    objective,
    memory: { mB: 1, mW: round(0.3 + 0.6 * rng()), limit: memoryFactor * p },
  });
  return withLayout(base, layout);
}
