/**
 * LLM architecture specs, dense and mixture-of-experts, with bundled presets and parameter
 * counts. Biases and norm weights are ignored in the counts (under 0.1% of any preset).
 */
import { inputError } from '../errors.js';

/** Mixture-of-experts MLP. */
export interface MoeSpec {
  /** Routed experts per MoE layer. */
  experts: number;
  /** Routed experts each token visits. */
  topK: number;
  /** Always-on shared experts (DeepSeek, Qwen-MoE); 0 for Mixtral. */
  sharedExperts: number;
  /** FFN width of one routed expert. */
  expertFfnHiddenSize: number;
  /** FFN width of one shared expert (Qwen-MoE uses a wider one); defaults to the routed width. */
  sharedExpertFfnHiddenSize: number;
  /** The first `denseLayers` layers use a dense MLP of `ffnHiddenSize` (DeepSeek-V3: 3). */
  denseLayers: number;
}

/** DeepSeek multi-head latent attention: low-rank compressed queries, keys and values. */
export interface MlaSpec {
  /** Query compression rank; 0 means queries are projected directly. */
  qLoraRank: number;
  kvLoraRank: number;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
}

/** A decoder-only transformer. */
export interface ModelSpec {
  name: string;
  layers: number;
  hiddenSize: number;
  /** Query heads. */
  heads: number;
  /** Key/value heads (GQA); equal to `heads` for multi-head attention. */
  kvHeads: number;
  headDim: number;
  /** Dense MLP width (and the width of dense layers of an MoE model). */
  ffnHiddenSize: number;
  vocabSize: number;
  /** SwiGLU-style MLP with gate and up projections (three matrices instead of two). */
  gatedMlp: boolean;
  /** Input embedding and output layer share one matrix. */
  tiedEmbeddings: boolean;
  /**
   * The model trains with dropout (attention and hidden): each dropout keeps a 1-byte mask for
   * the backward pass and, in a materialized softmax, a second copy of the score matrix. Absent
   * means no dropout, as in Llama, Mixtral and DeepSeek pretraining.
   */
  dropout?: boolean;
  moe?: MoeSpec;
  mla?: MlaSpec;
}

/**
 * A GPT-style model of Megatron's papers: MHA, 4h GELU MLP, tied embeddings and dropout (the
 * Megatron GPT configurations train with attention and hidden dropout of 0.1, and Korthikanti
 * et al.'s activation formula counts their masks).
 *
 * @example
 * ```ts
 * const gpt = gptSpec('gpt-1.7b', { layers: 24, hiddenSize: 2304, heads: 24 });
 * gpt.ffnHiddenSize; // 9216
 * ```
 */
export function gptSpec(
  name: string,
  shape: { layers: number; hiddenSize: number; heads: number; vocabSize?: number },
): ModelSpec {
  return {
    name,
    layers: shape.layers,
    hiddenSize: shape.hiddenSize,
    heads: shape.heads,
    kvHeads: shape.heads,
    headDim: shape.hiddenSize / shape.heads,
    ffnHiddenSize: 4 * shape.hiddenSize,
    vocabSize: shape.vocabSize ?? 51200,
    gatedMlp: false,
    tiedEmbeddings: true,
    dropout: true,
  };
}

/** Llama 3 configs set `attention_dropout: 0.0`, so the presets carry no dropout. */
function llama(name: string, layers: number, hiddenSize: number, heads: number, ffnHiddenSize: number): ModelSpec {
  return {
    name,
    layers,
    hiddenSize,
    heads,
    kvHeads: 8,
    headDim: 128,
    ffnHiddenSize,
    vocabSize: 128256,
    gatedMlp: true,
    tiedEmbeddings: false,
  };
}

/** Bundled presets; each cites the config it copies. */
export const modelPresets: Record<string, ModelSpec> = {
  // Brown et al. 2020 (GPT-3), Table 2.1: 96 layers, d_model 12288, 96 heads of 128; GPT-2 BPE vocabulary.
  'gpt3-175b': gptSpec('gpt3-175b', { layers: 96, hiddenSize: 12288, heads: 96, vocabSize: 50257 }),
  // Hugging Face meta-llama/Meta-Llama-3-8B, -70B and Llama-3.1-405B config.json.
  'llama3-8b': llama('llama3-8b', 32, 4096, 32, 14336),
  'llama3-70b': llama('llama3-70b', 80, 8192, 64, 28672),
  'llama3-405b': llama('llama3-405b', 126, 16384, 128, 53248),
  // Hugging Face mistralai/Mixtral-8x7B-v0.1 config.json: 8 local experts, 2 per token.
  'mixtral-8x7b': {
    name: 'mixtral-8x7b',
    layers: 32,
    hiddenSize: 4096,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    ffnHiddenSize: 14336,
    vocabSize: 32000,
    gatedMlp: true,
    tiedEmbeddings: false,
    moe: {
      experts: 8,
      topK: 2,
      sharedExperts: 0,
      expertFfnHiddenSize: 14336,
      sharedExpertFfnHiddenSize: 14336,
      denseLayers: 0,
    },
  },
  // Hugging Face deepseek-ai/DeepSeek-V3 config.json: MLA, 256 routed + 1 shared expert, top-8,
  // first 3 layers dense. The multi-token-prediction module is left out.
  'deepseek-v3': {
    name: 'deepseek-v3',
    layers: 61,
    hiddenSize: 7168,
    heads: 128,
    kvHeads: 128,
    headDim: 128,
    ffnHiddenSize: 18432,
    vocabSize: 129280,
    gatedMlp: true,
    tiedEmbeddings: false,
    moe: {
      experts: 256,
      topK: 8,
      sharedExperts: 1,
      expertFfnHiddenSize: 2048,
      sharedExpertFfnHiddenSize: 2048,
      denseLayers: 3,
    },
    mla: { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
  },
};

/**
 * Look up a preset by name (case-insensitive).
 *
 * @example
 * ```ts
 * getModelPreset('llama3-70b').layers; // 80
 * ```
 */
export function getModelPreset(name: string): ModelSpec {
  const spec = modelPresets[name.toLowerCase()];
  if (!spec)
    throw inputError(
      `unknown model '${name}'; expected a preset (${Object.keys(modelPresets).join(', ')}) or a path to a Hugging Face config.json`,
    );
  return spec;
}

/** Width of the concatenated query heads. */
export function queryWidth(spec: ModelSpec): number {
  return spec.heads * (spec.mla ? spec.mla.qkNopeHeadDim + spec.mla.qkRopeHeadDim : spec.headDim);
}

/** Width of the concatenated key (or value) heads as stored for attention. */
export function kvWidth(spec: ModelSpec): number {
  return spec.mla ? spec.heads * spec.mla.vHeadDim : spec.kvHeads * spec.headDim;
}

/**
 * Parameters of one attention block (projections only).
 *
 * @example
 * ```ts
 * attentionParams(getModelPreset('gpt3-175b')); // 4 * 12288 ** 2
 * ```
 */
export function attentionParams(spec: ModelSpec): number {
  const h = spec.hiddenSize;
  const mla = spec.mla;
  if (!mla) return h * (queryWidth(spec) + 2 * kvWidth(spec)) + queryWidth(spec) * h;
  const qHead = mla.qkNopeHeadDim + mla.qkRopeHeadDim;
  const query = mla.qLoraRank > 0 ? h * mla.qLoraRank + mla.qLoraRank * spec.heads * qHead : h * spec.heads * qHead;
  const keyValue =
    h * (mla.kvLoraRank + mla.qkRopeHeadDim) + mla.kvLoraRank * spec.heads * (mla.qkNopeHeadDim + mla.vHeadDim);
  return query + keyValue + spec.heads * mla.vHeadDim * h;
}

/** Parameters of one MLP of width `ffn`. */
export function mlpParams(spec: ModelSpec, ffn: number): number {
  return (spec.gatedMlp ? 3 : 2) * spec.hiddenSize * ffn;
}

/** True when layer `index` (zero-based) has an MoE MLP. */
export function isMoeLayer(spec: ModelSpec, index: number): boolean {
  return spec.moe !== undefined && index >= spec.moe.denseLayers;
}

/** Number of MoE layers. */
export function moeLayerCount(spec: ModelSpec): number {
  return spec.moe ? spec.layers - Math.min(spec.layers, spec.moe.denseLayers) : 0;
}

/** Parameter counts of one layer, split into the part replicated over EP and the routed experts. */
export function layerParams(spec: ModelSpec, moe: boolean): { dense: number; experts: number } {
  const attention = attentionParams(spec);
  if (!moe || !spec.moe) return { dense: attention + mlpParams(spec, spec.ffnHiddenSize), experts: 0 };
  const m = spec.moe;
  const shared = m.sharedExperts * mlpParams(spec, m.sharedExpertFfnHiddenSize);
  const router = spec.hiddenSize * m.experts;
  return { dense: attention + shared + router, experts: m.experts * mlpParams(spec, m.expertFfnHiddenSize) };
}

/** Embedding parameters (input plus output layer unless tied). */
export function embeddingParams(spec: ModelSpec): number {
  return (spec.tiedEmbeddings ? 1 : 2) * spec.vocabSize * spec.hiddenSize;
}

/**
 * Total parameters.
 *
 * @example
 * ```ts
 * Math.round(totalParams(getModelPreset('llama3-8b')) / 1e9); // 8
 * ```
 */
export function totalParams(spec: ModelSpec): number {
  const moeLayers = moeLayerCount(spec);
  const dense = layerParams(spec, false);
  const moe = layerParams(spec, true);
  const layers = (spec.layers - moeLayers) * dense.dense + moeLayers * (moe.dense + moe.experts);
  return layers + embeddingParams(spec);
}

/**
 * Parameters one token touches: shared layers plus `topK` routed experts per MoE layer.
 *
 * @example
 * ```ts
 * Math.round(activeParams(getModelPreset('mixtral-8x7b')) / 1e9); // 13
 * ```
 */
export function activeParams(spec: ModelSpec): number {
  if (!spec.moe) return totalParams(spec);
  const moeLayers = moeLayerCount(spec);
  const routedPerLayer = spec.moe.topK * mlpParams(spec, spec.moe.expertFfnHiddenSize);
  const moe = layerParams(spec, true);
  const dense = layerParams(spec, false);
  return (spec.layers - moeLayers) * dense.dense + moeLayers * (moe.dense + routedPerLayer) + embeddingParams(spec);
}

/**
 * KV-cache bytes per token over all layers. MLA caches the compressed latent and the rope key.
 *
 * @example
 * ```ts
 * kvCacheBytesPerToken(getModelPreset('llama3-70b')); // 327680 (2 x 80 layers x 8 heads x 128 x 2 bytes)
 * ```
 */
export function kvCacheBytesPerToken(spec: ModelSpec, bytesPerElement = 2): number {
  if (spec.mla) return spec.layers * (spec.mla.kvLoraRank + spec.mla.qkRopeHeadDim) * bytesPerElement;
  return 2 * spec.layers * spec.kvHeads * spec.headDim * bytesPerElement;
}
