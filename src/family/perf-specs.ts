/**
 * The model and the cluster of a family instance built on the performance model
 * (parallel plans, serving plans, sequence parallelism, expert placement), written the same
 * way in every one of them so that a file written for one reads in another:
 *
 * - `model`: a preset name (`"llama3-70b"`) or a Hugging Face config.json object;
 * - `cluster`: `{ "preset": "dgx-h100-superpod", "gpus": 1024 }` or
 *   `{ "gpu": "h100", "gpus": 64, "gpusPerNode": 8, "intraLink"?: ..., "interLink"?: ... }`.
 *
 * `resolveModel` / `resolveCluster` turn them into specs; an unknown preset, GPU or link, or a
 * config.json without the fields the model needs, is an input error at the field's path.
 */
import { z } from 'zod';
import { SchedlabError } from '../errors.js';
import { makeClusterFromPreset } from '../perf/clusters.js';
import { getGpu, getLink, sizedCluster, type ClusterSpec } from '../perf/hardware.js';
import { modelFromHfConfig } from '../perf/hf-config.js';
import { perfLimits } from '../perf/limits.js';
import { getModelPreset, type ModelSpec } from '../perf/llm.js';
import { failAt, wholeNumber } from './schema.js';

const gpuCount = wholeNumber('a number of GPUs', 1, perfLimits.gpus);

/** A model: a preset name or a Hugging Face config.json object. */
export const modelRefSchema = z.union([z.string().min(1), z.record(z.string(), z.unknown())]);
/** A model as written in an instance. */
export type ModelRef = z.infer<typeof modelRefSchema>;

/** A cluster: a named preset sized to `gpus`, or a GPU type with its node size and (optionally) links. */
export const clusterRefSchema = z.union([
  z.object({ preset: z.string().min(1), gpus: gpuCount }).strict(),
  z
    .object({
      gpu: z.string().min(1),
      gpus: gpuCount,
      gpusPerNode: gpuCount.default(8),
      intraLink: z.string().min(1).optional(),
      interLink: z.string().min(1).optional(),
    })
    .strict(),
]);
/** A cluster as written in an instance. */
export type ClusterRef = z.input<typeof clusterRefSchema>;

/**
 * Run `f`; an input error it throws (unknown preset, GPU or link, a config.json short of a
 * field) is reported at `path` (joined with the error's own inner path, if any).
 */
export function atPath<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (!(error instanceof SchedlabError) || error.kind !== 'input') throw error;
    const inner = error.location.path;
    return failAt(inner ? `${path}.${inner}` : path, error.message);
  }
}

/**
 * The model a reference names.
 *
 * @example
 * ```ts
 * resolveModel('llama3-8b', 'data.model').layers; // 32
 * ```
 */
export function resolveModel(ref: ModelRef, path: string): ModelSpec {
  return atPath(path, () => (typeof ref === 'string' ? getModelPreset(ref) : modelFromHfConfig(ref)));
}

/**
 * The cluster a reference describes.
 *
 * @example
 * ```ts
 * resolveCluster({ gpu: 'h100', gpus: 64 }, 'data.cluster').nodes; // 8
 * resolveCluster({ preset: 'dgx-h100-superpod', gpus: 1024 }, 'data.cluster').interLink.name; // 'ib-ndr'
 * ```
 */
export function resolveCluster(ref: ClusterRef, path: string): ClusterSpec {
  if ('preset' in ref) return atPath(path, () => makeClusterFromPreset(ref.preset, ref.gpus));
  return atPath(path, () => {
    const gpu = atPath('gpu', () => getGpu(ref.gpu));
    const intra = atPath('intraLink', () => getLink(ref.intraLink ?? gpu.intraLink));
    const inter = atPath('interLink', () => getLink(ref.interLink ?? gpu.interLink));
    return sizedCluster(gpu, ref.gpus, ref.gpusPerNode ?? 8, intra, inter);
  });
}
