/** The family conformance suite on sequence-parallel steps: tiny batches on 4 GPUs in nodes of 2, so groups of 4 cross nodes. */
import { family } from '../../models/sequence-parallel/index.js';
import { runFamilySuite } from './suite.js';

const cluster = { gpu: 'h100', gpus: 4, gpusPerNode: 2 };

runFamilySuite(family, {
  instances: [
    family.parse({ name: 'mixed', lengths: [2048, 30000, 6000], model: 'llama3-8b', cluster, tokenCapacity: 16384 }),
    family.parse({
      name: 'equal',
      lengths: [8192, 8192, 8192, 8192],
      model: 'llama3-8b',
      cluster,
      tokenCapacity: 16384,
    }),
    family.parse({ name: 'one', lengths: [60000], model: 'llama3-8b', cluster, tokenCapacity: 16384 }),
  ],
  generateParams: [{ size: 'small', batch: 4, gpus: 4, gpusPerNode: 2, maxContext: 16384 }],
  seeds: [1, 2],
  timeLimitSec: 2,
  badSolutions: [
    {
      json: { microBatches: [{ groups: [{ degree: 2, firstGpu: 3, sequences: [0] }] }] },
      path: 'solution.microBatches[0].groups[0].firstGpu',
    },
    {
      json: { microBatches: [{ groups: [{ degree: 1, firstGpu: 0, sequences: [7] }] }] },
      path: 'solution.microBatches[0].groups[0].sequences[0]',
    },
  ],
});
