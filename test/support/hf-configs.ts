/** Hugging Face `config.json` objects the tests read, shared so that each model is written once. */

/** Llama 3 8B's config.json, the fields the `hf` reader and the performance model use. */
export const llama3_8bConfig = {
  num_hidden_layers: 32,
  hidden_size: 4096,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  intermediate_size: 14336,
  vocab_size: 128256,
};
