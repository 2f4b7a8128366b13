/**
 * Seeded training steps with long-tailed sequence lengths: a log-normal body (median and
 * spread) mixed with a tail drawn log-uniformly between an eighth of the maximum context and
 * the maximum itself, clamped to [64, maxContext]. Named distributions shape the mix like
 * common pretraining sources: `web` (short pages, a thin tail), `code` (files, a heavier
 * tail), `long-docs` (books and papers, long body and tail), `long-tail` (the default: short
 * body, 5% tail). Knobs: distribution, batch, maxContext, median, sigma, tail, model, gpu,
 * gpus (from the fewest that hold the model states on that GPU), gpusPerNode, recompute.
 */
import type { GenerateParams } from '../../src/family/contract.js';
import { inputError } from '../../src/errors.js';
import { GenerateParamReader, type SizeName } from '../../src/family/generate-params.js';
import { resolveCluster, resolveModel } from '../../src/family/perf-specs.js';
import type { Recompute } from '../../src/perf/memory.js';
import { seededRandom } from '../../src/util/random.js';
import { derivedTokenCapacity } from './capacity.js';
import { parseSequenceParallel, type SequenceParallelInstance } from './instance.js';
import { sequenceParallelLimits as limits } from './limits.js';
import { modelRefFor } from './model-configs.js';

interface Shape {
  median: number;
  sigma: number;
  tail: number;
}

/** Length distributions: the body's median (tokens) and log-spread, and the tail's share. */
export const lengthDistributions: Record<string, Shape> = {
  'long-tail': { median: 2048, sigma: 1.0, tail: 0.05 },
  web: { median: 1024, sigma: 0.9, tail: 0.01 },
  code: { median: 2560, sigma: 1.2, tail: 0.03 },
  'long-docs': { median: 16384, sigma: 1.0, tail: 0.1 },
};

const sizes: Record<SizeName, { batch: number; gpus: number; maxContext: number }> = {
  small: { batch: 6, gpus: 8, maxContext: 32768 },
  medium: { batch: 32, gpus: 16, maxContext: 65536 },
  large: { batch: 128, gpus: 64, maxContext: 131072 },
};

/** A standard normal draw (Box-Muller). */
function normal(rng: () => number): number {
  const u = Math.max(rng(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * `count` lengths from the mix, clamped to [64, maxContext].
 *
 * @example
 * ```ts
 * sampleLengths(seededRandom(1), 512, 131072, lengthDistributions['long-tail']);
 * ```
 */
export function sampleLengths(rng: () => number, count: number, maxContext: number, shape: Shape): number[] {
  const low = Math.min(64, maxContext);
  return Array.from({ length: count }, () => {
    const raw = rng() < shape.tail ? (maxContext / 8) * 8 ** rng() : shape.median * Math.exp(shape.sigma * normal(rng));
    return Math.max(low, Math.min(maxContext, Math.round(raw)));
  });
}

const maxGpus = 4096;
/** The shortest sequence the generator draws, tokens. */
const shortest = 64;

/**
 * The fewest GPUs whose memory holds the model states (sharded over all of them, ZeRO-3) with
 * room left for the shortest sequence on one GPU: below it the instance's own rule refuses
 * the model, so the generator's `gpus` range starts there.
 */
function fewestGpus(model: string, gpu: string, recompute: Recompute): number {
  const spec = resolveModel(modelRefFor(model), 'model');
  const cluster = resolveCluster({ gpu, gpus: 1 }, 'gpu');
  let [lo, hi] = [1, maxGpus];
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (derivedTokenCapacity(spec, cluster, mid, recompute).tokens >= shortest) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** GPUs rounded up to what a cluster takes: part of one node, or whole nodes. */
function wholeNodes(gpus: number, gpusPerNode: number): number {
  return gpus <= gpusPerNode ? gpus : Math.ceil(gpus / gpusPerNode) * gpusPerNode;
}

function knobsOf(params: GenerateParams) {
  const reader = new GenerateParamReader(params, 'sequence-parallel');
  const size = reader.size(sizes, 'small');
  const distribution = reader.choice('distribution', 'long-tail', Object.keys(lengthDistributions));
  const base = lengthDistributions[distribution];
  const model = reader.choice('model', 'llama3-8b', [
    'llama3-8b',
    'llama2-7b',
    'llama2-13b',
    'llama3-70b',
    'mixtral-8x7b',
  ]);
  const gpu = reader.choice('gpu', 'h100', ['h100', 'a100', 'h200', 'b200']);
  const recompute = reader.choice('recompute', 'none', ['none', 'selective', 'full'] as const);
  const gpusPerNode = reader.number('gpusPerNode', 8, 1, 64);
  const fewest = wholeNodes(fewestGpus(model, gpu, recompute), gpusPerNode);
  const gpus = reader.number('gpus', wholeNodes(Math.max(size.gpus, fewest), gpusPerNode), fewest, maxGpus);
  if (wholeNodes(gpus, gpusPerNode) !== gpus)
    throw inputError(
      `generator parameter 'gpus' must fill whole nodes of ${gpusPerNode} GPUs (gpusPerNode): at most ${gpusPerNode}, or a multiple of it such as ${wholeNodes(gpus, gpusPerNode)}; got ${gpus}`,
      { path: 'gpus' },
    );
  const knobs = {
    distribution,
    batch: reader.number('batch', size.batch, 1, limits.sequences),
    maxContext: reader.number('maxContext', size.maxContext, 64, limits.length),
    median: reader.number('median', base.median, 1, limits.length, { integer: false }),
    sigma: reader.number('sigma', base.sigma, 0, 5, { integer: false }),
    tail: reader.number('tail', base.tail, 0, 1, { integer: false }),
    model,
    gpu,
    gpus,
    gpusPerNode,
    recompute,
  };
  reader.finish();
  return knobs;
}

/**
 * A random training step.
 *
 * @example
 * ```ts
 * const step = generateSequenceParallel({ size: 'large', distribution: 'code', maxContext: 262144 }, 7);
 * ```
 */
export function generateSequenceParallel(params: GenerateParams, seed: number): SequenceParallelInstance {
  const k = knobsOf(params);
  const base = {
    model: modelRefFor(k.model),
    cluster: { gpu: k.gpu, gpus: k.gpus, gpusPerNode: Math.min(k.gpusPerNode, k.gpus) },
    recompute: k.recompute,
  };
  // The longest sequence the cluster holds (its widest group): longer draws are clamped to it,
  // so that a few GPUs with a long maxContext still give a valid step.
  const probe = parseSequenceParallel({ ...base, lengths: [shortest] });
  const longest = (probe.degrees.at(-1) ?? 1) * probe.tokenCapacity;
  const lengths = sampleLengths(seededRandom(seed), k.batch, k.maxContext, {
    median: k.median,
    sigma: k.sigma,
    tail: k.tail,
  }).map((length) => Math.min(length, longest));
  return parseSequenceParallel({
    name: `sp-${k.model}-${k.distribution}-${k.batch}x${k.maxContext}-g${k.gpus}-s${seed}`,
    lengths,
    ...base,
  });
}
