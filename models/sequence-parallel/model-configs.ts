/**
 * The dense models of FlexSP's evaluation that the performance model has no preset for, as
 * their Hugging Face config.json fields (meta-llama/Llama-2-7b-hf and Llama-2-13b-hf), so that
 * instances name them the way every perf family writes a model: a preset or a config object.
 */
export const llama2Configs: Record<string, Record<string, unknown>> = {
  'llama2-7b': {
    model_type: 'llama',
    num_hidden_layers: 32,
    hidden_size: 4096,
    num_attention_heads: 32,
    num_key_value_heads: 32,
    intermediate_size: 11008,
    vocab_size: 32000,
  },
  'llama2-13b': {
    model_type: 'llama',
    num_hidden_layers: 40,
    hidden_size: 5120,
    num_attention_heads: 40,
    num_key_value_heads: 40,
    intermediate_size: 13824,
    vocab_size: 32000,
  },
};

/**
 * A model reference for an instance: a Llama 2 config by its short name, else the name itself
 * (a performance-model preset).
 *
 * @example
 * ```ts
 * modelRefFor('llama2-13b'); // the config.json object
 * modelRefFor('llama3-8b');  // 'llama3-8b'
 * ```
 */
export function modelRefFor(name: string): string | Record<string, unknown> {
  return llama2Configs[name] ?? name;
}
