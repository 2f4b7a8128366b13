import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  achievedBytesPerS,
  allGatherSeconds,
  allReduceSeconds,
  allToAllSeconds,
  estimateTraining,
  getModelPreset,
  gptSpec,
  groupOn,
  layerActivationBytes,
  makeCluster,
  reduceScatterSeconds,
  trainingMemory,
  resolveTrainPlan,
  gpuCatalog,
  type CommGroup,
} from '../../src/perf/index.js';

const gpuNames = Object.keys(gpuCatalog);
const nodeSizes = [1, 2, 4, 8];

/**
 * Each collective with the bytes its bandwidth term moves per GPU for `p` ranks: ring all-reduce
 * 2(p-1)/p of the buffer, all-gather and reduce-scatter (p-1)/p, all-to-all (p-1)/p of what each
 * rank sends (Patarasuk and Yuan 2009; Thakur, Rabenseifner and Gropp 2005). The pipelined
 * double tree of NCCL moves 2n; any all-reduce at least 2(p-1)/p, which is what we hold it to.
 */
const collectives = {
  'all-reduce (ring)': {
    time: (n: number, g: CommGroup) => allReduceSeconds(n, g, 'ring'),
    factor: (p: number) => (2 * (p - 1)) / p,
  },
  'all-reduce (tree)': {
    time: (n: number, g: CommGroup) => allReduceSeconds(n, g, 'tree'),
    factor: (p: number) => (2 * (p - 1)) / p,
  },
  'all-reduce (auto)': {
    time: (n: number, g: CommGroup) => allReduceSeconds(n, g),
    factor: (p: number) => (2 * (p - 1)) / p,
  },
  'all-gather': { time: allGatherSeconds, factor: (p: number) => (p - 1) / p },
  'reduce-scatter': { time: reduceScatterSeconds, factor: (p: number) => (p - 1) / p },
  'all-to-all': { time: allToAllSeconds, factor: (p: number) => (p - 1) / p },
};
type Collective = keyof typeof collectives;
const collectiveNames = Object.keys(collectives) as Collective[];

/**
 * The fastest a collective can be over the slowest link its group uses. Inside one node that
 * is the intra-node link carrying the whole volume; across nodes it is (for every catalog GPU)
 * the NIC, one per GPU: hierarchical collectives send 1/intra of the buffer across nodes per
 * GPU with the factor of the inter-node ring, and an all-to-all sends what leaves a full node,
 * (p - intra)/p of each rank's bytes.
 */
function slowestLinkBound(name: Collective, bytes: number, group: CommGroup): number {
  const intra = Math.min(group.size, group.perNode);
  const inter = Math.ceil(group.size / intra);
  const beta = (link: CommGroup['intraLink']) => achievedBytesPerS(link);
  if (inter === 1) return (collectives[name].factor(group.size) * bytes) / beta(group.intraLink);
  const slowest = beta(group.interLink) <= beta(group.intraLink) ? group.interLink : group.intraLink;
  if (slowest === group.intraLink) return (collectives[name].factor(intra) * bytes) / beta(slowest);
  if (name === 'all-to-all') return (((group.size - intra) / group.size) * bytes) / beta(slowest);
  return (collectives[name].factor(inter) * (bytes / intra)) / beta(slowest);
}

describe('collectives', () => {
  it('adding GPUs never makes any collective faster per byte', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...collectiveNames),
        fc.constantFrom(...gpuNames),
        fc.constantFrom(...nodeSizes),
        fc.integer({ min: 1, max: 256 }),
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: 1e3, max: 1e10, noNaN: true }),
        (name, gpu, perNode, p, extra, bytes) => {
          const cluster = makeCluster(gpu, 1024, perNode);
          const time = collectives[name].time;
          expect(time(bytes, groupOn(cluster, p + extra, 1)) / bytes).toBeGreaterThanOrEqual(
            time(bytes, groupOn(cluster, p, 1)) / bytes,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('no collective beats what the slowest link on its path allows with its minimum volume', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...collectiveNames),
        fc.constantFrom(...gpuNames),
        fc.constantFrom(...nodeSizes),
        fc.constantFrom(1, 2, 8),
        fc.integer({ min: 2, max: 512 }),
        fc.double({ min: 1e3, max: 1e10, noNaN: true }),
        (name, gpu, perNode, stride, p, bytes) => {
          const group = groupOn(makeCluster(gpu, 4096, perNode), p, stride);
          expect(collectives[name].time(bytes, group)).toBeGreaterThanOrEqual(
            slowestLinkBound(name, bytes, group) * (1 - 1e-12),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a ring all-reduce inside one node is exactly 2(p-1) alpha + 2(p-1)/p n/beta', () => {
    const cluster = makeCluster('h100', 8);
    const link = cluster.intraLink;
    expect(allReduceSeconds(1e9, groupOn(cluster, 8, 1))).toBeCloseTo(
      14 * link.latencyS + ((14 / 8) * 1e9) / achievedBytesPerS(link),
      12,
    );
  });
});

describe('memory', () => {
  const models = [
    gptSpec('gpt-13b', { layers: 40, hiddenSize: 5120, heads: 40 }),
    getModelPreset('llama3-8b'),
    getModelPreset('mixtral-8x7b'),
  ];
  const recomputes = ['none', 'selective', 'full'] as const;

  it('grows with the microbatch size', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        fc.constantFrom(1, 2, 4, 8),
        fc.constantFrom(...recomputes),
        fc.constantFrom(1, 2, 4),
        fc.integer({ min: 1, max: 7 }),
        (model, tp, recompute, pp, smallMb) => {
          const plan = (microBatch: number) =>
            resolveTrainPlan({
              model,
              cluster: makeCluster('h100', 64),
              tp,
              pp,
              seqLength: 4096,
              globalBatch: 64 * 840,
              microBatch,
              recompute,
            });
          expect(trainingMemory(plan(smallMb + 1)).peakMemoryBytes).toBeGreaterThan(
            trainingMemory(plan(smallMb)).peakMemoryBytes,
          );
        },
      ),
    );
  });

  it('shrinks with tensor parallelism, activations and totals alike', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        fc.constantFrom(1, 2, 4),
        fc.constantFrom(...recomputes),
        fc.boolean(),
        fc.constantFrom(1, 2, 4),
        (model, tp, recompute, sp, microBatch) => {
          const options = (t: number) => ({ tp: t, sp, cp: 1, recompute, attention: 'flash' as const });
          // Under full recomputation without SP the stored layer input (2sbh) is replicated, so it only does not grow.
          expect(layerActivationBytes(model, 5, microBatch, 4096, options(2 * tp))).toBeLessThanOrEqual(
            layerActivationBytes(model, 5, microBatch, 4096, options(tp)),
          );
          if (recompute !== 'full' || sp) {
            expect(layerActivationBytes(model, 5, microBatch, 4096, options(2 * tp))).toBeLessThan(
              layerActivationBytes(model, 5, microBatch, 4096, options(tp)),
            );
          }
          const plan = (t: number) =>
            resolveTrainPlan({
              model,
              cluster: makeCluster('h100', 8),
              tp: t,
              pp: 1,
              seqLength: 4096,
              globalBatch: 64,
              microBatch,
              recompute,
              sp,
            });
          expect(trainingMemory(plan(2 * tp)).peakMemoryBytes).toBeLessThan(trainingMemory(plan(tp)).peakMemoryBytes);
        },
      ),
    );
  });

  it('step time breakdown adds up to the step time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 8),
        fc.constantFrom(1, 2, 4),
        fc.constantFrom('1f1b', 'gpipe', 'interleaved', 'zb-h1' as const),
        fc.constantFrom(...recomputes),
        (tp, pp, schedule, recompute) => {
          const e = estimateTraining({
            model: getModelPreset('llama3-8b'),
            cluster: makeCluster('h100', 64),
            tp,
            pp,
            seqLength: 4096,
            globalBatch: 256,
            schedule,
            recompute,
          });
          const t = e.time;
          expect(t.computeS + t.communicationS + t.bubbleS + t.dataParallelS + t.optimizerS).toBeCloseTo(
            e.stepTimeS,
            9,
          );
          expect(e.mfu).toBeGreaterThan(0);
          expect(e.mfu).toBeLessThan(1);
        },
      ),
    );
  });
});
