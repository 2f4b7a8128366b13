/** The `@example` blocks of the sequence-parallel exports and of `src/perf/ulysses.ts`, run. */
import { describe, expect, it } from 'vitest';
import {
  blast,
  bucketItems,
  derivedTokenCapacity,
  family,
  flexSp,
  generateSequenceParallel,
  modelRefFor,
  parseSequenceParallel,
  sampleLengths,
  lengthDistributions,
  sequenceParallelLowerBound,
  spCosts,
  strongestSequenceParallelMethod,
} from '../../../models/sequence-parallel/index.js';
import { placeGroups } from '../../../models/sequence-parallel/placement.js';
import { groupOn } from '../../../src/perf/communication.js';
import { getGpu, makeCluster } from '../../../src/perf/hardware.js';
import { getModelPreset } from '../../../src/perf/llm.js';
import { activationBytesPerToken, allToAllCost, ulyssesSequenceSeconds } from '../../../src/perf/ulysses.js';
import { seededRandom } from '../../../src/util/random.js';

describe('sequence-parallel examples', () => {
  it('parses an instance with default degrees', () => {
    const instance = parseSequenceParallel({
      lengths: [4096, 32768],
      model: 'llama3-8b',
      cluster: { gpu: 'h100', gpus: 8 },
    });
    expect(instance.degrees).toEqual([1, 2, 4, 8]);
  });

  it('places the largest group first, each at a multiple of its degree', () => {
    const placed = placeGroups([
      { degree: 2, sequences: [0] },
      { degree: 4, sequences: [1] },
    ]);
    expect(placed.map((g) => [g.degree, g.firstGpu])).toEqual([
      [4, 0],
      [2, 4],
    ]);
  });

  it('derives a capacity, samples lengths, names models', () => {
    expect(
      derivedTokenCapacity(getModelPreset('llama3-8b'), makeCluster('h100', 64), 64, 'none').tokens,
    ).toBeGreaterThan(1000);
    const lengths = sampleLengths(seededRandom(1), 512, 131072, lengthDistributions['long-tail']);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(131072);
    expect(modelRefFor('llama3-8b')).toBe('llama3-8b');
    expect(typeof modelRefFor('llama2-13b')).toBe('object');
  });

  it('buckets, cuts, bounds and picks the strongest method', async () => {
    const step = generateSequenceParallel({ size: 'medium', distribution: 'code' }, 1);
    const costs = spCosts(step);
    const all = step.lengths.map((_, i) => i);
    expect(bucketItems(step, costs, all, { ratio: 1.25 }).length).toBeLessThanOrEqual(all.length);
    expect(
      blast(step, costs, 2)
        ?.flat()
        .sort((a, b) => a - b),
    ).toEqual(all);
    expect(strongestSequenceParallelMethod(step)).toBe('flexsp');
    const answer = await flexSp(step, { timeLimitSec: 2, extraMicroBatches: 0 });
    expect(family.evaluate(step, answer.solution).objective).toBeGreaterThanOrEqual(sequenceParallelLowerBound(step));
  });

  it('costs a Ulysses sequence and an all-to-all', () => {
    const group = groupOn(makeCluster('h100', 64), 8, 1);
    expect(ulyssesSequenceSeconds(getModelPreset('llama3-8b'), getGpu('h100'), 32768, group)).toBeGreaterThan(0);
    expect(allToAllCost(group).secondsPerByte).toBeGreaterThan(0);
    expect(activationBytesPerToken(getModelPreset('llama3-8b'), 'full')).toBeLessThan(
      activationBytesPerToken(getModelPreset('llama3-8b'), 'none'),
    );
  });
});
