/**
 * The family conformance suite on parallel plans: Llama 3 8B and Mixtral 8x7B on 8-16 H100s
 * (even layouts, where the enumeration is exact), one instance with uneven layouts (the MIP's
 * layout blocks), generated instances and a Hugging Face config.
 */
import { family } from '../../models/parallel-plan/index.js';
import { llama3_8bConfig } from '../support/hf-configs.js';
import { runFamilySuite } from './suite.js';

const llama = family.parse({
  name: 'llama3-8b-8gpu',
  model: 'llama3-8b',
  cluster: { gpu: 'h100-sxm', gpus: 8 },
  workload: { seqLength: 4096, globalBatch: 32 },
});

const mixtral = family.parse({
  name: 'mixtral-16gpu',
  model: 'mixtral-8x7b',
  cluster: { gpu: 'h100-sxm', gpus: 16 },
  workload: { seqLength: 4096, globalBatch: 64 },
  limits: { maxMicroBatch: 2, maxVirtualStages: 4 },
});

/** Uneven stages allowed: 1F1B and GPipe plans get layout blocks in the MIP. */
const uneven = family.parse({
  name: 'llama3-8b-uneven',
  model: 'llama3-8b',
  cluster: { gpu: 'h100-sxm', gpus: 16 },
  workload: { seqLength: 4096, globalBatch: 64 },
  limits: { layouts: 'any', pp: { values: [2, 4] }, schedules: ['1f1b', 'gpipe'], maxMicroBatch: 2 },
});

runFamilySuite(family, {
  instances: [llama, mixtral, uneven],
  generateParams: [{ size: 'small' }, { size: 'small', layouts: 'any', top: 2 }],
  seeds: [1, 2],
  timeLimitSec: 5,
  nativeFiles: [{ name: 'llama.hf.json', text: JSON.stringify(llama3_8bConfig, null, 2) }],
  heuristicsWithoutGuarantee: {},
});
