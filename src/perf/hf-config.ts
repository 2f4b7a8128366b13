/**
 * Import of a Hugging Face `config.json` into a `ModelSpec`. Reads the field names of Llama
 * (and Mistral/Qwen2 dense), Mixtral, Qwen-MoE (`qwen2_moe`) and DeepSeek-V2/V3.
 */
import { z } from 'zod';
import { inputError, SchedlabError } from '../errors.js';
import { readTextFile } from '../util/files.js';
import { parseJsonText } from '../util/json-text.js';
import { perfLimits } from './limits.js';
import type { MlaSpec, ModelSpec, MoeSpec } from './llm.js';

// Dimensions beyond perfLimits.modelDimension describe no real model, and their products would leave the range of a double.
const positiveInt = z.number().int().positive().max(perfLimits.modelDimension);
const optionalInt = z.number().int().nonnegative().max(perfLimits.modelDimension).nullish();
const optionalRate = z.number().min(0).max(1).nullish();

/**
 * Dropout probabilities under the names the Hugging Face families use: `attention_dropout`
 * (Llama, Mistral, Qwen2, Mixtral, DeepSeek, GPT-NeoX, OPT, BLOOM, Falcon), `hidden_dropout`
 * (GPT-NeoX, BLOOM, Falcon), `dropout` (OPT), `attn_pdrop` / `resid_pdrop` / `embd_pdrop`
 * (GPT-2, Phi), `hidden_dropout_prob` / `attention_probs_dropout_prob` (BERT-style configs).
 */
const dropoutFields = [
  'attention_dropout',
  'hidden_dropout',
  'dropout',
  'attn_pdrop',
  'resid_pdrop',
  'embd_pdrop',
  'hidden_dropout_prob',
  'attention_probs_dropout_prob',
] as const;

const baseSchema = z.object({
  model_type: z.string().optional(),
  num_hidden_layers: positiveInt,
  hidden_size: positiveInt,
  num_attention_heads: positiveInt,
  num_key_value_heads: optionalInt,
  head_dim: optionalInt,
  intermediate_size: positiveInt,
  vocab_size: positiveInt,
  tie_word_embeddings: z.boolean().optional(),
  hidden_act: z.string().optional(),
  // Mixtral and Qwen-MoE / DeepSeek.
  num_local_experts: optionalInt,
  num_experts: optionalInt,
  n_routed_experts: optionalInt,
  num_experts_per_tok: optionalInt,
  n_shared_experts: optionalInt,
  moe_intermediate_size: optionalInt,
  shared_expert_intermediate_size: optionalInt,
  first_k_dense_replace: optionalInt,
  // DeepSeek multi-head latent attention.
  q_lora_rank: optionalInt,
  kv_lora_rank: optionalInt,
  qk_nope_head_dim: optionalInt,
  qk_rope_head_dim: optionalInt,
  v_head_dim: optionalInt,
  ...(Object.fromEntries(dropoutFields.map((field) => [field, optionalRate])) as Record<
    (typeof dropoutFields)[number],
    typeof optionalRate
  >),
});

type HfConfig = z.infer<typeof baseSchema>;

function moeOf(config: HfConfig): MoeSpec | undefined {
  const experts = config.num_local_experts ?? config.num_experts ?? config.n_routed_experts ?? 0;
  if (experts <= 0) return undefined;
  const topK = config.num_experts_per_tok ?? 2;
  const expertFfn = config.moe_intermediate_size ?? config.intermediate_size;
  // Qwen-MoE has one shared expert of `shared_expert_intermediate_size`; DeepSeek has
  // `n_shared_experts` of the routed width.
  const qwenShared = config.shared_expert_intermediate_size ?? 0;
  const sharedExperts = qwenShared > 0 ? 1 : (config.n_shared_experts ?? 0);
  return {
    experts,
    topK,
    sharedExperts,
    expertFfnHiddenSize: expertFfn,
    sharedExpertFfnHiddenSize: qwenShared > 0 ? qwenShared : expertFfn,
    denseLayers: config.first_k_dense_replace ?? 0,
  };
}

function mlaOf(config: HfConfig): MlaSpec | undefined {
  if (!config.kv_lora_rank) return undefined;
  return {
    qLoraRank: config.q_lora_rank ?? 0,
    kvLoraRank: config.kv_lora_rank,
    qkNopeHeadDim: config.qk_nope_head_dim ?? 128,
    qkRopeHeadDim: config.qk_rope_head_dim ?? 64,
    vHeadDim: config.v_head_dim ?? 128,
  };
}

/** A config trains with dropout when any dropout field is above 0; a config without any has none. */
function hasDropout(config: HfConfig): boolean {
  return dropoutFields.some((field) => (config[field] ?? 0) > 0);
}

/**
 * Convert a parsed `config.json` object to a `ModelSpec`.
 *
 * @example
 * ```ts
 * const spec = modelFromHfConfig({ model_type: 'llama', num_hidden_layers: 80, hidden_size: 8192,
 *   num_attention_heads: 64, num_key_value_heads: 8, intermediate_size: 28672, vocab_size: 128256 });
 * spec.kvHeads; // 8
 * ```
 */
export function modelFromHfConfig(json: unknown, name = 'hf-model', file?: string): ModelSpec {
  const parsed = baseSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw inputError(
      `not a supported Hugging Face config.json: ${issue?.message ?? 'malformed'}; expected the Llama/Mixtral/Qwen-MoE/DeepSeek fields num_hidden_layers, hidden_size, num_attention_heads, intermediate_size, vocab_size`,
      { file, path: issue?.path.length ? issue.path.join('.') : '(root)' },
    );
  }
  const config = parsed.data;
  const heads = config.num_attention_heads;
  const act = config.hidden_act ?? 'silu';
  return {
    name,
    layers: config.num_hidden_layers,
    hiddenSize: config.hidden_size,
    heads,
    kvHeads: config.num_key_value_heads ?? heads,
    headDim: config.head_dim ?? config.hidden_size / heads,
    ffnHiddenSize: config.intermediate_size,
    vocabSize: config.vocab_size,
    gatedMlp: act === 'silu' || act === 'swiglu' || act.includes('glu'),
    tiedEmbeddings: config.tie_word_embeddings ?? false,
    dropout: hasDropout(config),
    moe: moeOf(config),
    mla: mlaOf(config),
  };
}

/** `.../Llama-3-70B/config.json` is named `Llama-3-70B`; `mixtral.json` is named `mixtral`. */
function modelNameOf(path: string): string {
  const parts = path.split(/[\\/]/).filter((part) => part.length > 0);
  const file = parts.at(-1) ?? 'hf-model';
  if (file === 'config.json' && parts.length > 1) return parts.at(-2) ?? 'hf-model';
  return file.replace(/\.json$/, '');
}

/**
 * Read a `config.json` from disk.
 *
 * @example
 * ```ts
 * const spec = readHfConfig('models/Llama-3-70B/config.json');
 * ```
 */
export function readHfConfig(path: string): ModelSpec {
  const text = readTextFile(path, 'pass a preset name or a readable config.json');
  const json = parseJsonText(text, path);
  try {
    return modelFromHfConfig(json, modelNameOf(path), path);
  } catch (error) {
    throw error instanceof SchedlabError ? error.inFile(path) : error;
  }
}
