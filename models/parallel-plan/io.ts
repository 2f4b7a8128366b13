/**
 * Reader `hf` (files ending `.hf.json`): a Hugging Face config.json becomes the instance of
 * `hfReaderDefaults` (64 H100s in nodes of 8, sequence 4096, global batch 512); a schedlab JSON
 * file with the config as `data.model`, or `schedlab generate parallel-plan --param config=FILE`
 * with the other knobs, chooses any of these.
 */
import { inputError } from '../../src/errors.js';
import { parseJsonText } from '../../src/util/json-text.js';
import { parseParallelPlan, type ParallelPlanInstance } from './instance.js';

/** What the `hf` reader assumes besides the config. */
export const hfReaderDefaults = {
  cluster: { gpu: 'h100-sxm', gpus: 64, gpusPerNode: 8 },
  workload: { kind: 'train', seqLength: 4096, globalBatch: 512 },
} as const;

/**
 * The config's JSON object; duplicate keys and numbers beyond a double are refused at their line.
 *
 * @example
 * ```ts
 * configJson('{"num_hidden_layers": 32}').num_hidden_layers; // 32
 * ```
 */
export function configJson(text: string): Record<string, unknown> {
  const json = parseJsonText(text);
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw inputError('expected a Hugging Face config.json: one JSON object', { path: '(root)' });
  return json as Record<string, unknown>;
}

/** Native readers. */
export const parallelPlanReaders: Record<string, { extensions: string[]; read(text: string): ParallelPlanInstance[] }> =
  {
    hf: {
      extensions: ['hf.json'],
      read: (text) => [
        parseParallelPlan({
          name: 'hf-config',
          model: configJson(text),
          cluster: { ...hfReaderDefaults.cluster },
          workload: { ...hfReaderDefaults.workload },
        }),
      ],
    },
  };
