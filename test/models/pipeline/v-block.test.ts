import { describe, expect, it } from 'vitest';
import { family } from '../../../models/pipeline/index.js';
import { checkBlock, vHalfBlock, vMinBlock, vZbBlock } from '../../../models/pipeline/heuristics/v-block.js';
import { parsePipeline, withLayout, type PipelineInstance } from '../../../models/pipeline/instance.js';
import { heuristicContext } from '../../support/heuristics.js';

const ctx = () => heuristicContext(1, 10);
const run = (instance: PipelineInstance, name: string) =>
  family.evaluate(instance, family.heuristics[name](instance, ctx()));

/** The zero-bubble paper's 1.5B times (rounded Table 9), p = 8, m = 24. */
const paper = parsePipeline({
  name: 'gpt-1.5b',
  devices: 8,
  microbatches: 24,
  times: { F: 18.5, B: 18.1, W: 9.3 },
  comm: 0.6,
  memory: { mB: 1, mW: 0.366 },
});

describe('controllable-memory V-shape schedules', () => {
  it('have collision-free blocks for every p', () => {
    for (let p = 2; p <= 64; p++)
      for (const block of [vMinBlock(p), vHalfBlock(p), vZbBlock(p)])
        expect(() => checkBlock(block, 'block')).not.toThrow();
  });

  it('on the 1.5B case: V-Half and V-ZB beat 1F1B and ZB-H1 with half and equal memory', () => {
    const classic = run(withLayout(paper, { splitBackward: false }), '1f1b').metrics;
    const zbH1 = run(paper, 'zb-h1').metrics;
    const v = withLayout(paper, { chunks: 2, placement: 'vshape' });
    const [vMin, vHalf, vZb] = ['v-min', 'v-half', 'v-zb'].map((name) => run(v, name).metrics);
    console.log(
      `p=8 m=24 bubble/peak: 1F1B ${classic.bubbleRate.toFixed(4)}/${classic.peakMemory} ZB-H1 ${zbH1.bubbleRate.toFixed(4)}/${zbH1.peakMemory} ` +
        `V-Min ${vMin.bubbleRate.toFixed(4)}/${vMin.peakMemory} V-Half ${vHalf.bubbleRate.toFixed(4)}/${vHalf.peakMemory} V-ZB ${vZb.bubbleRate.toFixed(4)}/${vZb.peakMemory}`,
    );
    expect(vHalf.peakMemory).toBeLessThanOrEqual(5);
    expect(vHalf.bubbleRate).toBeLessThan(classic.bubbleRate);
    expect(vZb.peakMemory).toBeLessThanOrEqual(8);
    expect(vZb.bubbleRate).toBeLessThan(0.5 * zbH1.bubbleRate);
    expect(vMin.peakMemory).toBeLessThanOrEqual(4);
    // V-Min's tight block leaves no slack for T_W ≈ T_F/2: the paper's caveat when times differ.
    expect(vMin.bubbleRate).toBeLessThan(0.36);
  });

  it('default picks the best feasible schedule on the V-shape, V-ZB included', () => {
    const v = withLayout(paper, { chunks: 2, placement: 'vshape', memoryLimit: 8 });
    const best = run(v, 'default');
    expect(best.feasible).toBe(true);
    expect(best.objective).toBeLessThanOrEqual(run(v, 'v-zb').objective + 1e-9);
  });

  it('fall back to the greedy under a limit the block exceeds, and refuse other layouts', () => {
    const tight = withLayout(paper, { chunks: 2, placement: 'vshape', memoryLimit: 3 });
    for (const name of ['v-half', 'v-zb']) {
      const evaluation = run(tight, name);
      expect(evaluation.feasible, name).toBe(true);
      expect(evaluation.metrics.peakMemory).toBeLessThanOrEqual(3 + 1e-9);
    }
    expect(() => family.heuristics['v-zb'](paper, ctx())).toThrow(/vshape/);
  });
});
