/** The family conformance suite on expert placement: small generated Mixtral profiles, with and without layer-to-layer counts and replicas. */
import { family } from '../../models/expert-placement/index.js';
import { runFamilySuite } from './suite.js';

const tiny = (params: Record<string, unknown>, seed: number) =>
  family.generate({ tokens: 256, layers: 2, ...params }, seed);

runFamilySuite(family, {
  instances: [
    tiny({ gpus: 2 }, 1),
    tiny({ gpus: 4, pairs: false }, 2),
    tiny({ gpus: 4, gpusPerNode: 2, redundantSlots: 4, phase: 'training' }, 3),
  ],
  generateParams: [{ size: 'small' }, { size: 'small', redundantSlots: 4, zipf: 1.5, drift: 0.5 }],
  seeds: [1, 2],
  timeLimitSec: 1,
  badSolutions: [
    {
      json: {
        placement: [
          [
            [0, 1, 2, 3],
            [4, 5, 6, 9],
          ],
          [
            [0, 1, 2, 3],
            [4, 5, 6, 7],
          ],
        ],
      },
      path: 'solution.placement[0][1][3]',
    },
    {
      json: {
        placement: [
          [
            [0, 1, 2, 3],
            [4, 5, 6, 7],
          ],
        ],
      },
      path: 'solution.placement',
    },
  ],
});
