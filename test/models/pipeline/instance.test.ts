import { describe, expect, it } from 'vitest';
import {
  deviceOfStage,
  parsePipeline,
  parsePipelineSolution,
  stagesOfDevice,
  withLayout,
} from '../../../models/pipeline/instance.js';
import { inputErrorPath } from '../../support/errors.js';

const base = {
  devices: 4,
  microbatches: 8,
  times: { F: 2, B: 2, W: 1 },
  comm: 0.1,
  memory: { mB: 1, mW: 0.5, limit: 4 },
};

describe('pipeline instances', () => {
  // Round trips of instances and solutions are the family suite's (test/families/pipeline.test.ts).
  it('expands scalars per stage and per device', () => {
    const instance = parsePipeline(base);
    expect(instance.forward).toEqual([2, 2, 2, 2]);
    expect(instance.memoryLimit).toEqual([4, 4, 4, 4]);
    expect(instance.objective).toBe('span');
  });

  it('names the path of bad data', () => {
    expect(inputErrorPath(() => parsePipeline({ ...base, times: { F: -1, B: 1 } }))).toBe('data.times.F');
    expect(inputErrorPath(() => parsePipeline({ ...base, times: { F: [1, 2], B: 1 } }))).toBe('data.times.F');
    expect(inputErrorPath(() => parsePipeline({ ...base, chunks: 3, placement: 'vshape' }))).toBe('data.chunks');
    expect(inputErrorPath(() => parsePipeline({ ...base, splitBackward: false }))).toBe('data.times.W');
    expect(inputErrorPath(() => parsePipeline({ ...base, memory: { limit: [1, 2] } }))).toBe('data.memory.limit');
  });

  it('places stages in a loop or a V', () => {
    const loop = withLayout(parsePipeline(base), { chunks: 2 });
    expect(stagesOfDevice(loop, 1)).toEqual([1, 5]);
    expect(loop.forward[0]).toBe(1);
    const v = withLayout(parsePipeline(base), { chunks: 2, placement: 'vshape' });
    expect(stagesOfDevice(v, 0)).toEqual([0, 7]);
    expect(deviceOfStage(v, 4)).toBe(3);
  });

  it("splits each device's own times and memory over its chunks when stages differ, and refuses an ambiguous split", () => {
    const uneven = parsePipeline({
      ...base,
      times: { F: [1, 2, 3, 4], B: [2, 2, 2, 6], W: 1 },
      memory: { mB: [1, 1, 1, 2], mW: 0.5, limit: 4 },
    });
    const loop = withLayout(uneven, { chunks: 2 });
    // Stages 3 and 7 are device 3's chunks: each gets half of its F 4, B 6 and M_B 2.
    expect(loop.forward).toEqual([0.5, 1, 1.5, 2, 0.5, 1, 1.5, 2]);
    expect(loop.backwardInput[7]).toBe(3);
    expect(loop.activationB[3]).toBe(1);
    const v = withLayout(uneven, { chunks: 2, placement: 'vshape' });
    // V-shape: device 0 holds stages 0 and 7.
    expect([v.forward[0], v.forward[7], v.forward[3], v.forward[4]]).toEqual([0.5, 0.5, 2, 2]);
    // Back to one chunk: each device's total work again.
    expect(withLayout(loop, { chunks: 1 }).forward).toEqual(uneven.forward);
    const mixed = { ...loop, forward: [1, 1, 1, 1, 2, 1, 1, 1] };
    expect(inputErrorPath(() => withLayout(mixed, { chunks: 1 }))).toBe('layout.chunks');
  });

  it('merges the backward', () => {
    const whole = withLayout(parsePipeline(base), { splitBackward: false });
    expect(whole.backwardInput).toEqual([3, 3, 3, 3]);
    expect(whole.backwardWeight).toEqual([0, 0, 0, 0]);
  });

  it('reads solutions by stage or by chunk', () => {
    const v = withLayout(parsePipeline(base), { chunks: 2, placement: 'vshape' });
    const parsed = parsePipelineSolution(v, { orders: [[{ chunk: 1, microbatch: 0, kind: 'F' }], [], [], []] });
    expect(parsed.orders[0][0].stage).toBe(7);
    expect(
      inputErrorPath(() =>
        parsePipelineSolution(v, { orders: [[{ chunk: 2, microbatch: 0, kind: 'F' }], [], [], []] }),
      ),
    ).toBe('solution.orders[0][0].chunk');
    expect(
      inputErrorPath(() => parsePipelineSolution(v, { orders: [[{ microbatch: 0, kind: 'F' }], [], [], []] })),
    ).toBe('solution.orders[0][0]');
  });
});
