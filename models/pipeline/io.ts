/**
 * Instances derived from the performance model, from code and from native files. The JSON
 * form is `data.derive` (`derive.ts`); `instanceFromModel` is the same derivation from code,
 * with a ModelSpec allowed as the model.
 *
 * Reader `hf` (files ending `.hf.json`): a Hugging Face config.json becomes the instance of
 * `hfReaderDefaults` — 8 devices, 24 microbatches, A100 80 GB, sequence 2048, one sequence per
 * microbatch, no TP, split backward, memory limit p·M_B (a schedlab JSON file with
 * `data.derive` chooses any of these).
 */
import { inputError } from '../../src/errors.js';
import type { ModelSpec } from '../../src/perf/llm.js';
import { parseJsonText } from '../../src/util/json-text.js';
import type { Recompute } from '../../src/perf/memory.js';
import { deriveInstanceData, type DeriveJson } from './derive.js';
import { parsePipeline, type Placement, type PipelineInstance } from './instance.js';

export interface DeriveOptions {
  /** A preset name (`gpt3-175b`, `llama3-8b`, ...) or a ModelSpec. */
  model: string | ModelSpec;
  /** GPU name from the catalog; default 'a100-80gb'. */
  gpu?: string;
  /** Devices (pipeline ranks); with `layersPerStage` it may be left out. */
  stages?: number;
  microbatches: number;
  seqLength?: number;
  /** Sequences per microbatch; default 1. */
  microBatch?: number;
  tp?: number;
  chunks?: number;
  placement?: Placement;
  /** Layers per stage (devices x chunks counts); default an even split with the remainder on the middle stages. */
  layersPerStage?: number[];
  recompute?: Recompute;
  /** Activation memory limit per device in GB; default `memoryFactor`·p·M_B of each device. */
  memoryLimitGb?: number;
  memoryFactor?: number;
  splitBackward?: boolean;
}

/**
 * A pipeline instance for a model on a GPU type (the `data.derive` derivation).
 *
 * @example
 * ```ts
 * const instance = instanceFromModel({ model: 'llama3-8b', gpu: 'h100', stages: 4, microbatches: 16, seqLength: 4096, tp: 2 });
 * ```
 */
export function instanceFromModel(options: DeriveOptions): PipelineInstance {
  const { model, stages, microBatch, memoryLimitGb, memoryFactor, ...rest } = options;
  const devices =
    stages ?? (options.layersPerStage ? options.layersPerStage.length / (options.chunks ?? 1) : undefined);
  const json: DeriveJson = {
    ...rest,
    model: typeof model === 'string' ? model : model.name,
    ...(devices === undefined ? {} : { devices }),
    ...(microBatch === undefined ? {} : { microBatchSize: microBatch }),
    ...(memoryLimitGb === undefined ? {} : { memoryLimitBytes: memoryLimitGb * 1e9 }),
    ...(memoryFactor === undefined || memoryLimitGb !== undefined
      ? {}
      : { memoryLimit: memoryFactor * (devices ?? 1) }),
  };
  return parsePipeline(deriveInstanceData(json, 'options', typeof model === 'string' ? undefined : model));
}

/** What the `hf` reader assumes besides the config (stated so that a reader of the file can reproduce it). */
export const hfReaderDefaults = {
  gpu: 'a100-80gb',
  devices: 8,
  microbatches: 24,
  seqLength: 2048,
  microBatchSize: 1,
  tp: 1,
  splitBackward: true,
  memoryLimit: 8,
} as const;

/** The config's JSON object; duplicate keys and numbers beyond a double are refused at their line (`parseJsonText`). */
function configJson(text: string): Record<string, unknown> {
  const json = parseJsonText(text);
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw inputError('expected a Hugging Face config.json: one JSON object', { path: '(root)' });
  return json as Record<string, unknown>;
}

export const pipelineReaders: Record<string, { extensions: string[]; read(text: string): PipelineInstance[] }> = {
  hf: {
    // Without the dot: instance-file.ts matches `.${extension}`.
    extensions: ['hf.json'],
    read: (text) => [parsePipeline({ derive: { ...hfReaderDefaults, model: configJson(text) } })],
  },
};
