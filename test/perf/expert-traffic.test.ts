/** Expert costs of the performance model: the affine pieces the ILPs use are the roofline the evaluator uses, and the traffic all-to-all by hand. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allToAllLatencySeconds,
  expertReplicaPieces,
  expertReplicaSeconds,
  expertWeightBytes,
  trafficAllToAllSeconds,
} from '../../src/perf/expert-traffic.js';
import { getGpu, makeCluster } from '../../src/perf/hardware.js';
import { getModelPreset } from '../../src/perf/llm.js';

describe('expert costs', () => {
  it('the largest affine piece is the GEMM roofline at every token count', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('h100', 'a100', 'b200', 'mi300x'),
        fc.constantFrom('mixtral-8x7b', 'deepseek-v3'),
        fc.double({ min: 0.5, max: 1e6, noNaN: true }),
        (gpuName, modelName, tokens) => {
          const [gpu, model] = [getGpu(gpuName), getModelPreset(modelName)];
          const pieces = expertReplicaPieces(gpu, model);
          const affine = Math.max(...pieces.map((p) => p.slope * tokens + p.intercept));
          expect(affine).toBeCloseTo(expertReplicaSeconds(gpu, model, tokens), 12);
        },
      ),
      { seed: 42, numRuns: 50 },
    );
  });

  it('a replica without tokens costs nothing, and Mixtral expert weights are 3 x 4096 x 14336 x 2 bytes', () => {
    expect(expertReplicaSeconds(getGpu('h100'), getModelPreset('mixtral-8x7b'), 0)).toBe(0);
    expect(expertWeightBytes(getModelPreset('mixtral-8x7b'))).toBe(3 * 4096 * 14336 * 2);
  });

  it('traffic all-to-all by hand: the busiest port of the busiest GPU, intra and inter at once', () => {
    const cluster = makeCluster('h100', 4, 2); // 2 nodes of 2
    const intra = cluster.intraLink.bytesPerS * cluster.intraLink.efficiency;
    const inter = cluster.interLink.bytesPerS * cluster.interLink.efficiency;
    // GPU 0 sends 1 GB to GPU 1 (same node) and 0.1 GB to GPU 2 (other node).
    const bytes = [
      [0, 1e9, 1e8, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ];
    const expected = allToAllLatencySeconds(4, cluster) + Math.max(1e9 / intra, 1e8 / inter);
    expect(trafficAllToAllSeconds(bytes, cluster)).toBeCloseTo(expected, 12);
    expect(trafficAllToAllSeconds([[5]], cluster)).toBe(0);
  });
});
