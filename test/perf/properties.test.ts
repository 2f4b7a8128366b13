import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  achievedBytesPerS, allGatherSeconds, allReduceSeconds, allToAllSeconds, estimateTraining, getModelPreset, gptSpec,
  groupOn, layerActivationBytes, makeCluster, trainingMemory, resolveTrainPlan, gpuCatalog,
} from '../../src/perf/index.js';

const gpuNames = Object.keys(gpuCatalog);
const nodeSizes = [1, 2, 4, 8];

describe('collectives', () => {
  it('more GPUs of the same kind never make a collective faster', () => {
    fc.assert(fc.property(
      fc.constantFrom(...gpuNames), fc.constantFrom(...nodeSizes), fc.integer({ min: 1, max: 256 }), fc.integer({ min: 1, max: 64 }),
      fc.double({ min: 1e3, max: 1e10, noNaN: true }),
      (gpu, perNode, p, extra, bytes) => {
        const cluster = makeCluster(gpu, 1024, perNode);
        const small = groupOn(cluster, p, 1);
        const large = groupOn(cluster, p + extra, 1);
        expect(allReduceSeconds(bytes, large)).toBeGreaterThanOrEqual(allReduceSeconds(bytes, small));
        expect(allGatherSeconds(bytes, large)).toBeGreaterThanOrEqual(allGatherSeconds(bytes, small));
      },
    ));
  });

  it('no collective moves bytes faster than the fastest link allows', () => {
    fc.assert(fc.property(
      fc.constantFrom(...gpuNames), fc.constantFrom(...nodeSizes), fc.integer({ min: 2, max: 512 }), fc.double({ min: 1e3, max: 1e10, noNaN: true }),
      (gpu, perNode, p, bytes) => {
        const cluster = makeCluster(gpu, 1024, perNode);
        const group = groupOn(cluster, p, 1);
        const fastest = Math.max(cluster.intraLink.bytesPerS, cluster.interLink.bytesPerS);
        // Bandwidth lower bounds: all-reduce 2(p-1)/p n/B, all-gather (p-1)/p n/B (Patarasuk and Yuan 2009).
        expect(allReduceSeconds(bytes, group)).toBeGreaterThanOrEqual((2 * (p - 1) / p) * bytes / fastest);
        expect(allGatherSeconds(bytes, group)).toBeGreaterThanOrEqual(((p - 1) / p) * bytes / fastest);
        expect(allToAllSeconds(bytes, group)).toBeGreaterThanOrEqual(((p - 1) / p) * bytes / fastest / 2);
      },
    ));
  });

  it('a ring all-reduce inside one node is exactly 2(p-1) alpha + 2(p-1)/p n/beta', () => {
    const cluster = makeCluster('h100', 8);
    const link = cluster.intraLink;
    expect(allReduceSeconds(1e9, groupOn(cluster, 8, 1))).toBeCloseTo(14 * link.latencyS + (14 / 8) * 1e9 / achievedBytesPerS(link), 12);
  });
});

describe('memory', () => {
  const models = [gptSpec('gpt-13b', { layers: 40, hiddenSize: 5120, heads: 40 }), getModelPreset('llama3-8b'), getModelPreset('mixtral-8x7b')];
  const recomputes = ['none', 'selective', 'full'] as const;

  it('grows with the microbatch size', () => {
    fc.assert(fc.property(
      fc.constantFrom(...models), fc.constantFrom(1, 2, 4, 8), fc.constantFrom(...recomputes), fc.constantFrom(1, 2, 4), fc.integer({ min: 1, max: 7 }),
      (model, tp, recompute, pp, smallMb) => {
        const plan = (microBatch: number) => resolveTrainPlan({ model, cluster: makeCluster('h100', 64), tp, pp, seqLength: 4096, globalBatch: 64 * 840, microBatch, recompute });
        expect(trainingMemory(plan(smallMb + 1)).peakMemoryBytes).toBeGreaterThan(trainingMemory(plan(smallMb)).peakMemoryBytes);
      },
    ));
  });

  it('shrinks with tensor parallelism, activations and totals alike', () => {
    fc.assert(fc.property(
      fc.constantFrom(...models), fc.constantFrom(1, 2, 4), fc.constantFrom(...recomputes), fc.boolean(), fc.constantFrom(1, 2, 4),
      (model, tp, recompute, sp, microBatch) => {
        const options = (t: number) => ({ tp: t, sp, cp: 1, recompute, attention: 'flash' as const });
        // Under full recomputation without SP the stored layer input (2sbh) is replicated, so it only does not grow.
        expect(layerActivationBytes(model, 5, microBatch, 4096, options(2 * tp))).toBeLessThanOrEqual(layerActivationBytes(model, 5, microBatch, 4096, options(tp)));
        if (recompute !== 'full' || sp) {
          expect(layerActivationBytes(model, 5, microBatch, 4096, options(2 * tp))).toBeLessThan(layerActivationBytes(model, 5, microBatch, 4096, options(tp)));
        }
        const plan = (t: number) => resolveTrainPlan({ model, cluster: makeCluster('h100', 8), tp: t, pp: 1, seqLength: 4096, globalBatch: 64, microBatch, recompute, sp });
        expect(trainingMemory(plan(2 * tp)).peakMemoryBytes).toBeLessThan(trainingMemory(plan(tp)).peakMemoryBytes);
      },
    ));
  });

  it('step time breakdown adds up to the step time', () => {
    fc.assert(fc.property(
      fc.constantFrom(1, 2, 8), fc.constantFrom(1, 2, 4), fc.constantFrom('1f1b', 'gpipe', 'interleaved', 'zb-h1' as const), fc.constantFrom(...recomputes),
      (tp, pp, schedule, recompute) => {
        const e = estimateTraining({ model: getModelPreset('llama3-8b'), cluster: makeCluster('h100', 64), tp, pp, seqLength: 4096, globalBatch: 256, schedule, recompute });
        const t = e.time;
        expect(t.computeS + t.communicationS + t.bubbleS + t.dataParallelS + t.optimizerS).toBeCloseTo(e.stepTimeS, 9);
        expect(e.mfu).toBeGreaterThan(0);
        expect(e.mfu).toBeLessThan(1);
      },
    ));
  });
});
