import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clusterCatalog,
  getClusterPreset,
  getGpu,
  getLink,
  getModelPreset,
  makeCluster,
  makeClusterFromPreset,
  modelFromHfConfig,
  parseHardwareCatalog,
  readHfConfig,
  totalParams,
  activeParams,
} from '../../src/perf/index.js';
import { scratchDir } from '../support/scratch.js';
import { errorOf } from '../support/errors.js';

describe('hardware catalog', () => {
  it('looks GPUs up by name or alias', () => {
    expect(getGpu('H100').bf16FlopsPerS).toBe(989e12);
    expect(getGpu('a100').hbmBytes).toBe(80e9);
    expect(getGpu('mi300x').hbmBytes).toBe(192e9);
    expect(getLink('ib-ndr').bytesPerS).toBe(50e9);
  });
  it('says which GPUs exist when a name is unknown', () => {
    const error = errorOf(() => getGpu('v100'));
    expect(error.kind).toBe('input');
    expect(error.message).toContain('h100-sxm');
  });
  it('builds clusters from whole nodes and refuses partial ones', () => {
    const cluster = makeCluster('a100', 64);
    expect(cluster.nodes).toBe(8);
    expect(cluster.intraLink.name).toBe('nvlink3');
    expect(cluster.interLink.name).toBe('ib-hdr');
    expect(errorOf(() => makeCluster('a100', 12)).message).toContain('multiple of --gpus-per-node');
  });
  it('is extensible from JSON, validated', () => {
    const catalog = parseHardwareCatalog({
      links: [{ name: 'ib-xdr', bytesPerS: 100e9, latencyS: 5e-6, efficiency: 0.9 }],
    });
    expect(catalog.links['ib-xdr']?.bytesPerS).toBe(100e9);
    expect(catalog.gpus['h100-sxm']).toBeDefined();
    const error = errorOf(() => parseHardwareCatalog({ gpus: [{ name: 'x', bf16FlopsPerS: -1 }] }, 'hw.json'));
    expect(error.location.file).toBe('hw.json');
    expect(error.location.path).toContain('gpus');
  });
});

describe('cluster presets', () => {
  it('name the node and the fabric of published systems', () => {
    expect(Object.keys(clusterCatalog)).toEqual(
      expect.arrayContaining(['dgx-a100-superpod', 'dgx-h100-superpod', 'meta-roce-h100']),
    );
    const meta = makeClusterFromPreset('meta-roce-h100', 16384);
    expect(meta).toMatchObject({ name: 'meta-roce-h100', gpusPerNode: 8, nodes: 2048 });
    expect(meta.interLink).toBe(getLink('roce-400g'));
    expect(makeClusterFromPreset('dgx-a100-superpod', 64).interLink.name).toBe('ib-hdr');
    expect(makeClusterFromPreset('DGX-H100-SUPERPOD', 16).gpu.name).toBe('h100-sxm');
    expect(() => getClusterPreset('selene2')).toThrow(/unknown cluster 'selene2'.*meta-roce-h100/);
  });
  it('come from JSON too, with their GPUs and links checked', () => {
    const catalog = parseHardwareCatalog({
      links: [{ name: 'ib-xdr', bytesPerS: 100e9, latencyS: 5e-6, efficiency: 0.9 }],
      clusters: [{ name: 'b200-xdr', gpu: 'b200', gpusPerNode: 8, intraLink: 'nvlink5', interLink: 'ib-xdr' }],
    });
    expect(makeClusterFromPreset('b200-xdr', 64, catalog).interLink.bytesPerS).toBe(100e9);
    expect(getClusterPreset('meta-roce-h100', catalog).interLink).toBe('roce-400g');
    const error = errorOf(() =>
      parseHardwareCatalog(
        { clusters: [{ name: 'x', gpu: 'v100', gpusPerNode: 8, intraLink: 'nvlink3', interLink: 'ib-hdr' }] },
        'hw.json',
      ),
    );
    expect(error.location).toEqual({ file: 'hw.json', path: 'clusters.0.gpu' });
    expect(error.message).toContain("GPU 'v100' is not in the catalog");
    expect(errorOf(() => parseHardwareCatalog({ clusters: [{ name: 'x', gpu: 'h100-sxm' }] })).location.path).toBe(
      'clusters.0.gpusPerNode',
    );
  });
  it("user GPUs without an SRAM figure get A100's", () => {
    const gpu = {
      name: 'x1',
      bf16FlopsPerS: 1e15,
      hbmBytes: 1e11,
      hbmBytesPerS: 4e12,
      scaleUpBytesPerS: 4e11,
      gemmEfficiency: 0.7,
      memoryEfficiency: 0.8,
      intraLink: 'nvlink4',
      interLink: 'ib-ndr',
    };
    expect(parseHardwareCatalog({ gpus: [gpu] }).gpus.x1?.sramBytesPerSm).toBe(getGpu('a100').sramBytesPerSm);
  });
});

const llama70b = {
  model_type: 'llama',
  num_hidden_layers: 80,
  hidden_size: 8192,
  num_attention_heads: 64,
  num_key_value_heads: 8,
  intermediate_size: 28672,
  vocab_size: 128256,
  hidden_act: 'silu',
  tie_word_embeddings: false,
};

describe('Hugging Face config.json import', () => {
  it('reads Llama field names into the same spec as the preset', () => {
    const spec = modelFromHfConfig(llama70b, 'llama3-70b');
    const preset = getModelPreset('llama3-70b');
    expect(totalParams(spec)).toBe(totalParams(preset));
    expect(spec.kvHeads).toBe(8);
    expect(spec.headDim).toBe(128);
  });
  it('reads Mixtral experts', () => {
    const spec = modelFromHfConfig({
      ...llama70b,
      model_type: 'mixtral',
      num_hidden_layers: 32,
      hidden_size: 4096,
      num_attention_heads: 32,
      intermediate_size: 14336,
      vocab_size: 32000,
      num_local_experts: 8,
      num_experts_per_tok: 2,
    });
    expect(spec.moe).toMatchObject({ experts: 8, topK: 2, sharedExperts: 0, expertFfnHiddenSize: 14336 });
    expect(totalParams(spec)).toBe(totalParams(getModelPreset('mixtral-8x7b')));
  });
  it('reads Qwen-MoE (qwen2_moe) with its one wide shared expert', () => {
    const spec = modelFromHfConfig({
      model_type: 'qwen2_moe',
      num_hidden_layers: 24,
      hidden_size: 2048,
      num_attention_heads: 16,
      num_key_value_heads: 16,
      intermediate_size: 5632,
      moe_intermediate_size: 1408,
      shared_expert_intermediate_size: 5632,
      num_experts: 60,
      num_experts_per_tok: 4,
      vocab_size: 151936,
      hidden_act: 'silu',
    });
    expect(spec.moe).toMatchObject({
      experts: 60,
      topK: 4,
      sharedExperts: 1,
      expertFfnHiddenSize: 1408,
      sharedExpertFfnHiddenSize: 5632,
    });
    // Qwen1.5-MoE-A2.7B: 14.3B total, 2.7B active.
    expect(totalParams(spec) / 1e9).toBeCloseTo(14.3, 0);
    expect(activeParams(spec) / 1e9).toBeCloseTo(2.7, 0);
  });
  it('reads DeepSeek-V3 MLA and MoE fields', () => {
    const spec = modelFromHfConfig({
      model_type: 'deepseek_v3',
      num_hidden_layers: 61,
      hidden_size: 7168,
      num_attention_heads: 128,
      num_key_value_heads: 128,
      intermediate_size: 18432,
      moe_intermediate_size: 2048,
      n_routed_experts: 256,
      n_shared_experts: 1,
      num_experts_per_tok: 8,
      first_k_dense_replace: 3,
      q_lora_rank: 1536,
      kv_lora_rank: 512,
      qk_nope_head_dim: 128,
      qk_rope_head_dim: 64,
      v_head_dim: 128,
      vocab_size: 129280,
      hidden_act: 'silu',
    });
    expect(totalParams(spec)).toBe(totalParams(getModelPreset('deepseek-v3')));
    expect(spec.mla?.kvLoraRank).toBe(512);
  });
  it('names the missing field and the file', () => {
    const dir = scratchDir('schedlab-hf-');
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ hidden_size: 4096 }));
    const error = errorOf(() => readHfConfig(file));
    expect(error.kind).toBe('input');
    expect(error.location.file).toBe(file);
    expect(error.location.path).toBe('num_hidden_layers');
    writeFileSync(file, '{ not json');
    expect(errorOf(() => readHfConfig(file)).message).toContain('not valid JSON');
  });
  it('names a model after its folder', () => {
    const dir = scratchDir('schedlab-hf-');
    writeFileSync(join(dir, 'config.json'), JSON.stringify(llama70b));
    expect(readHfConfig(join(dir, 'config.json')).name).toBe(dir.split('/').at(-1));
  });
});
