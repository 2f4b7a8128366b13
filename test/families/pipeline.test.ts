/** The family conformance suite on pipeline schedules: small generated layouts and a Hugging Face config. */
import { readFileSync } from 'node:fs';
import { family } from '../../models/pipeline/index.js';
import { llama3_8bConfig } from '../support/hf-configs.js';
import { runFamilySuite } from './suite.js';

const llamaConfig = llama3_8bConfig;

/** Llama 3 8B on 4 H100s, derived from the performance model: unequal stages (7, 9, 9, 7 layers). */
const derived = family.parse(
  JSON.parse(
    readFileSync(new URL('../../instances/pipeline/derived/llama3-8b-h100-p4-m8.json', import.meta.url), 'utf8'),
  ).data,
);

const handcrafted = 'a handcrafted schedule ignores the memory limit; the evaluator judges it';

runFamilySuite(family, {
  instances: [
    derived,
    family.generate({ devices: 2, microbatches: 4 }, 1),
    family.generate({ devices: 2, microbatches: 4, chunks: 2, placement: 'vshape' }, 2),
    family.generate({ devices: 2, microbatches: 4, splitBackward: false, objective: 'makespan' }, 3),
  ],
  // One microbatch's activations (M_B = 1) do not fit under a limit of 0.5.
  infeasible: [family.parse({ devices: 2, microbatches: 2, times: { F: 1, B: 1, W: 1 }, memory: { limit: 0.5 } })],
  generateParams: [{ size: 'small' }, { size: 'small', chunks: 2, placement: 'vshape', memoryFactor: 1.5 }],
  seeds: [1, 2],
  timeLimitSec: 1,
  nativeFiles: [{ name: 'llama.hf.json', text: JSON.stringify(llamaConfig, null, 2) }],
  heuristicsWithoutGuarantee: {
    gpipe: handcrafted,
    '1f1b': handcrafted,
    'interleaved-1f1b': handcrafted,
    'zb-h1': handcrafted,
    'zb-h2': handcrafted,
  },
});
