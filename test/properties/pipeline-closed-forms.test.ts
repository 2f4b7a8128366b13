/**
 * The simulator reproduces the zero-bubble paper's closed forms (Qi et al. 2024, Table 2)
 * for random p, m and times, no communication: bubble = cost − m(T_F + T_B + T_W), cost the
 * longest device span. 1F1B and GPipe are the classic schedules, with the backward whole
 * (B + W as one pass). ZB-H1's form needs T_W <= T_F and T_W <= T_B, ZB-H2's also
 * m >= 2p − 1 (its warm-up); both hold under the paper's T_W < T_F ≈ T_B.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePipeline } from '../../models/pipeline/evaluate.js';
import { gpipe, oneFOneB, zbH1, zbH2 } from '../../models/pipeline/heuristics/handcrafted.js';
import { pipelineHeuristics } from '../../models/pipeline/heuristics.js';
import { generatePipeline } from '../../models/pipeline/generate.js';
import { parsePipeline, withLayout } from '../../models/pipeline/instance.js';
import { seededRandom } from '../../src/util/random.js';

const time = fc.integer({ min: 10, max: 400 }).map((x) => x / 100);
const shape = fc.integer({ min: 2, max: 6 }).chain((p) => fc.record({ p: fc.constant(p), extra: fc.integer({ min: 0, max: 2 * p }) }));
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-7 * Math.max(1, Math.abs(b));

function make(p: number, m: number, F: number, B: number, W: number, mW = 0.5) {
  return parsePipeline({ devices: p, microbatches: m, times: { F, B, W }, memory: { mB: 1, mW } });
}

describe('closed forms of the handcrafted schedules', () => {
  it('1F1B and GPipe: bubble (p-1)(T_F+T_B+T_W); peak p·M_B and m·M_B', () => {
    fc.assert(fc.property(shape, time, time, time, ({ p, extra }, F, B, W) => {
      const m = p + extra;
      const whole = withLayout(make(p, m, F, B, W), { splitBackward: false });
      const expected = (p - 1) * (F + B + W);
      const one = evaluatePipeline(whole, oneFOneB(whole)).metrics;
      const all = evaluatePipeline(whole, gpipe(whole)).metrics;
      return close(one.bubble, expected) && close(all.bubble, expected) && one.peakMemory === p && all.peakMemory === m;
    }), { numRuns: 150, seed: 11 });
  });

  it('ZB-H1: bubble (p-1)(T_F+T_B-T_W), peak p·M_B', () => {
    fc.assert(fc.property(shape, time, time, fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), ({ p, extra }, F, B, share, mW) => {
      const W = share * Math.min(F, B);
      const instance = make(p, p + extra, F, B, W, mW);
      const metrics = evaluatePipeline(instance, zbH1(instance)).metrics;
      return close(metrics.bubble, (p - 1) * (F + B - W)) && close(metrics.peakMemory, p);
    }), { numRuns: 150, seed: 12 });
  });

  it('ZB-H2: bubble (p-1)(T_F+T_B-2T_W) for m >= 2p-1, peak (2p-1)·M_B', () => {
    fc.assert(fc.property(shape, time, time, fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), ({ p, extra }, F, B, share, mW) => {
      const W = share * Math.min(F, B);
      const instance = make(p, 2 * p - 1 + extra, F, B, W, mW);
      const metrics = evaluatePipeline(instance, zbH2(instance)).metrics;
      return close(metrics.bubble, (p - 1) * (F + B - 2 * W)) && close(metrics.peakMemory, 2 * p - 1);
    }), { numRuns: 150, seed: 13 });
  });
});

describe('every baseline on generated instances', () => {
  const layouts = [
    { name: 'loop', params: {}, methods: ['default', 'greedy', 'gpipe', '1f1b', 'zb-h1', 'zb-h2', 'interleaved-1f1b'] },
    { name: 'interleaved', params: { chunks: 2, microbatches: 6 }, methods: ['default', 'greedy', 'gpipe', 'interleaved-1f1b'] },
    { name: 'vshape', params: { chunks: 2, placement: 'vshape' }, methods: ['default', 'greedy', 'gpipe', 'v-half', 'v-min'] },
    { name: 'whole backward', params: { splitBackward: false }, methods: ['default', 'greedy', '1f1b', 'zb-h1'] },
  ];
  for (const layout of layouts) {
    it(`run without deadlock, and the memory-aware ones keep the limit (${layout.name})`, () => {
      fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 3 }), (seed, factor) => {
        const instance = generatePipeline({ size: 'small', memoryFactor: factor, ...layout.params }, seed);
        for (const method of layout.methods) {
          const evaluation = evaluatePipeline(instance, pipelineHeuristics[method](instance, { rng: seededRandom(seed), deadline: Date.now() + 1000 }));
          expect(evaluation.violations.filter((v) => v.constraint !== 'memory'), method).toEqual([]);
          if (['default', 'greedy', 'v-half', 'v-min'].includes(method)) expect(evaluation.feasible, method).toBe(true);
        }
      }), { numRuns: 15, seed: 14 });
    });
  }
});
