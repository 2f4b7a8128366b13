import { describe, expect, it } from 'vitest';
import { clusterRefSchema, resolveCluster, resolveModel } from '../../../src/family/perf-specs.js';
import { parseWithSchema } from '../../../src/family/schema.js';
import { inputErrorOf } from '../../support/errors.js';

/** The error's path and message, as the CLI prints them. */
function located(fn: () => unknown): string {
  const error = inputErrorOf(fn);
  return `${error.location.path}: ${error.message}`;
}

describe('perf specs of family instances', () => {
  it('reads a preset model and a config.json object', () => {
    expect(resolveModel('llama3-8b', 'data.model').layers).toBe(32);
    const hf = {
      architectures: ['LlamaForCausalLM'],
      hidden_size: 4096,
      intermediate_size: 14336,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      num_hidden_layers: 32,
      vocab_size: 128256,
    };
    expect(resolveModel(hf, 'data.model').hiddenSize).toBe(4096);
  });

  it('sizes a cluster from a GPU or a preset', () => {
    const byGpu = resolveCluster(parseWithSchema(clusterRefSchema, { gpu: 'h100', gpus: 64 }), 'data.cluster');
    expect([byGpu.nodes, byGpu.gpusPerNode]).toEqual([8, 8]);
    const byPreset = resolveCluster({ preset: 'dgx-h100-superpod', gpus: 1024 }, 'data.cluster');
    expect([byPreset.nodes, byPreset.interLink.name]).toEqual([128, 'ib-ndr']);
  });

  it('names the field of an unknown preset, GPU or link', () => {
    expect(located(() => resolveModel('llama-99', 'data.model'))).toMatch(/data\.model.*unknown model/i);
    expect(located(() => resolveCluster({ gpu: 'h999', gpus: 8 }, 'data.cluster'))).toMatch(/data\.cluster\.gpu/);
    expect(located(() => resolveCluster({ gpu: 'h100', gpus: 8, interLink: 'tin-can' }, 'data.cluster'))).toMatch(
      /data\.cluster\.interLink/,
    );
    expect(located(() => resolveCluster({ preset: 'nope', gpus: 8 }, 'data.cluster'))).toMatch(
      /data\.cluster.*unknown cluster/,
    );
    expect(located(() => resolveModel({ hidden_size: 10 }, 'data.model'))).toMatch(/data\.model/);
  });
});
