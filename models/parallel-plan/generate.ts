/**
 * Seeded parallel-plan instances over the model presets (dense and MoE) and clusters of 8 to
 * 16,384 GPUs. Sizes: small (Llama 3 8B or Mixtral 8x7B on 8-32 H100s), medium (Llama 3 70B,
 * GPT-3 175B or Mixtral 8x7B on 64-1,024), large (Llama 3 405B or DeepSeek-V3 on 1,024-16,384).
 * The sequence is 2K-8K tokens and the global batch about 1M (small), 4M (medium) or 16M
 * (large) tokens, a power of two. When the drawn GPUs cannot hold the model, the count is
 * doubled until some plan fits. Knobs: model (a preset), config (a Hugging Face config.json
 * file instead), gpu, gpus, gpusPerNode, seqLength, globalBatch, layouts, top, memoryHeadroomGb.
 */
import type { GenerateParams } from '../../src/family/contract.js';
import { GenerateParamReader, type SizeName } from '../../src/family/generate-params.js';
import { inputError, SchedlabError } from '../../src/errors.js';
import { perfLimits } from '../../src/perf/limits.js';
import { modelPresets } from '../../src/perf/llm.js';
import { getGpu } from '../../src/perf/hardware.js';
import { readHfConfig } from '../../src/perf/hf-config.js';
import { atPath } from '../../src/family/perf-specs.js';
import { readTextFile } from '../../src/util/files.js';
import { seededRandom } from '../../src/util/random.js';
import { parseParallelPlan, type ParallelPlanInstance } from './instance.js';
import { configJson } from './io.js';

interface SizeSpec {
  models: string[];
  gpuExponents: [number, number];
  tokens: number;
}

const sizes: Record<SizeName, SizeSpec> = {
  small: { models: ['llama3-8b', 'mixtral-8x7b'], gpuExponents: [3, 5], tokens: 2 ** 20 },
  medium: { models: ['llama3-70b', 'gpt3-175b', 'mixtral-8x7b'], gpuExponents: [6, 10], tokens: 2 ** 22 },
  large: { models: ['llama3-405b', 'deepseek-v3'], gpuExponents: [10, 14], tokens: 2 ** 24 },
};

const pick = <T>(items: readonly T[], rng: () => number): T => items[Math.floor(rng() * items.length)] as T;

interface Knobs {
  model: unknown;
  gpu: string;
  gpus?: number;
  gpusPerNode: number;
  seqLength: number;
  globalBatch?: number;
  layouts: 'even' | 'any';
  top: number;
  memoryHeadroomGb: number;
}

function stringKnob(params: GenerateParams, key: string, fallback: string): string {
  const value = params[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '')
    throw inputError(`generator parameter '${key}' must be a name, got ${JSON.stringify(value)}`, { path: key });
  return value;
}

function knobsOf(reader: GenerateParamReader, params: GenerateParams, spec: SizeSpec, rng: () => number): Knobs {
  const preset = reader.choice('model', pick(spec.models, rng), Object.keys(modelPresets));
  const config = params.config === undefined ? undefined : stringKnob(params, 'config', '');
  const gpu = stringKnob(params, 'gpu', 'h100-sxm');
  const knobs: Knobs = {
    // A config.json file, when given, is the model (the model knob is then not used).
    model: config === undefined ? preset : configKnob(config),
    gpu,
    gpusPerNode: reader.number('gpusPerNode', 8, 1, 1024),
    seqLength: reader.number('seqLength', pick([2048, 4096, 8192], rng), 1, perfLimits.tokens),
    layouts: reader.choice('layouts', 'even', ['even', 'any'] as const),
    top: reader.number('top', 3, 1, 100),
    // Up to half the GPU's memory: more leaves benchmark instances that few or no plans fit.
    memoryHeadroomGb: reader.number('memoryHeadroomGb', 0, 0, gpuMemoryGb(gpu) / 2, { integer: false }),
  };
  if (params.gpus !== undefined) knobs.gpus = reader.number('gpus', 8, 1, perfLimits.gpus);
  if (params.globalBatch !== undefined) knobs.globalBatch = reader.number('globalBatch', 1, 1, perfLimits.sequences);
  reader.finish();
  return knobs;
}

/**
 * The config.json a `config` knob names, checked first as `estimate --model FILE` checks it,
 * so that its errors name the file and the key (the instance keeps the JSON object itself).
 */
function configKnob(path: string): Record<string, unknown> {
  readHfConfig(path);
  return configJson(readTextFile(path));
}

/** The memory of one GPU of the named kind, in GB (an unknown name is refused at `gpu`). */
function gpuMemoryGb(gpu: string): number {
  return atPath('gpu', () => getGpu(gpu)).hbmBytes / 1e9;
}

const nearestPowerOfTwo = (x: number): number => 2 ** Math.max(0, Math.round(Math.log2(Math.max(1, x))));

function build(knobs: Knobs, tokens: number, gpus: number, name: string): ParallelPlanInstance {
  const globalBatch = knobs.globalBatch ?? nearestPowerOfTwo(Math.max(tokens / knobs.seqLength, gpus / 64));
  return parseParallelPlan({
    name,
    model: knobs.model,
    cluster: { gpu: knobs.gpu, gpus, gpusPerNode: knobs.gpusPerNode },
    workload: { kind: 'train', seqLength: knobs.seqLength, globalBatch },
    limits: { layouts: knobs.layouts, memoryHeadroomGb: knobs.memoryHeadroomGb },
    top: knobs.top,
  });
}

/**
 * A random instance of a named size; knobs fix any part of it.
 *
 * @example
 * ```ts
 * const instance = generateParallelPlan({ size: 'medium', model: 'llama3-70b', gpus: 256 }, 7);
 * ```
 */
export function generateParallelPlan(params: GenerateParams, seed: number): ParallelPlanInstance {
  const reader = new GenerateParamReader(params, 'parallel-plan', ['config', 'gpu']);
  const spec = reader.size(sizes, 'small');
  const rng = seededRandom(seed);
  const knobs = knobsOf(reader, params, spec, rng);
  const [low, high] = spec.gpuExponents;
  let gpus = knobs.gpus ?? 2 ** (low + Math.floor(rng() * (high - low + 1)));
  const label = typeof knobs.model === 'string' ? knobs.model : 'hf-config';
  for (;;) {
    try {
      return build(knobs, spec.tokens, gpus, `${label}-${gpus}gpu-s${seed}`);
    } catch (error) {
      // Too few GPUs for the model: double them (a count given as a knob is the user's to fix).
      const tooFew = error instanceof SchedlabError && error.location.path === 'data.cluster.gpus';
      if (!tooFew || knobs.gpus !== undefined || gpus >= 2 ** 14) throw error;
      gpus *= 2;
    }
  }
}
