/** One test per evaluator rule with a hand-made broken plan, and the link a group actually crosses. */
import { describe, expect, it } from 'vitest';
import {
  evaluateSequenceParallel,
  parseSequenceParallel,
  type SequenceParallelSolution,
  sequenceParallelLowerBound,
  simulatedGroupMs,
} from '../../../models/sequence-parallel/index.js';

// 4 GPUs in nodes of 2: a group of 2 on GPUs 0-1 stays in a node, on GPUs 1-2 it crosses.
const instance = parseSequenceParallel({
  lengths: [4000, 12000, 30000],
  model: 'llama3-8b',
  cluster: { gpu: 'h100', gpus: 4, gpusPerNode: 2 },
  tokenCapacity: 16384,
});
const good: SequenceParallelSolution = {
  microBatches: [
    {
      groups: [
        { degree: 2, firstGpu: 0, sequences: [1] },
        { degree: 1, firstGpu: 2, sequences: [0] },
      ],
    },
    { groups: [{ degree: 4, firstGpu: 0, sequences: [2] }] },
  ],
};
const rules = (solution: SequenceParallelSolution) =>
  evaluateSequenceParallel(instance, solution).violations.map((v) => v.constraint);

describe('sequence-parallel evaluator', () => {
  it('accepts a good plan: the slowest group of each micro-batch, summed, at least the lower bound', () => {
    const evaluation = evaluateSequenceParallel(instance, good);
    expect(evaluation.feasible).toBe(true);
    const [first, second] = good.microBatches;
    const expected =
      Math.max(...first.groups.map((g) => simulatedGroupMs(instance, g))) +
      simulatedGroupMs(instance, second.groups[0]);
    expect(evaluation.objective).toBeCloseTo(expected, 9);
    expect(evaluation.objective).toBeGreaterThanOrEqual(sequenceParallelLowerBound(instance));
    expect(evaluation.metrics.microBatches).toBe(2);
  });

  it('sequence-once: a missing and a repeated sequence are named', () => {
    const missing = { microBatches: [good.microBatches[0]] };
    const violation = evaluateSequenceParallel(instance, missing).violations[0];
    expect(violation.constraint).toBe('sequence-once');
    expect(violation.entities).toEqual(['sequence 2']);
    const twice = { microBatches: [...good.microBatches, { groups: [{ degree: 4, firstGpu: 0, sequences: [0] }] }] };
    expect(evaluateSequenceParallel(instance, twice).violations[0].message).toContain('sequence 0 is in 2 groups');
  });

  it('degree-allowed and gpus-exist', () => {
    const odd = { microBatches: [{ groups: [{ degree: 3, firstGpu: 0, sequences: [0, 1, 2] }] }] };
    expect(rules(odd)).toContain('degree-allowed');
    const beyond = { microBatches: [{ groups: [{ degree: 4, firstGpu: 2, sequences: [0, 1, 2] }] }] };
    expect(rules(beyond)).toContain('gpus-exist');
  });

  it('gpus-disjoint: two groups of one micro-batch on one GPU', () => {
    const clash = {
      microBatches: [
        {
          groups: [
            { degree: 2, firstGpu: 0, sequences: [0] },
            { degree: 2, firstGpu: 1, sequences: [1] },
          ],
        },
        good.microBatches[1],
      ],
    };
    const violation = evaluateSequenceParallel(instance, clash).violations[0];
    expect(violation.constraint).toBe('gpus-disjoint');
    expect(violation.message).toContain('GPU 1');
  });

  it('memory: names the group, its sequences and the limit', () => {
    const crowded = {
      microBatches: [
        {
          groups: [
            { degree: 2, firstGpu: 0, sequences: [1, 2] },
            { degree: 1, firstGpu: 2, sequences: [0] },
          ],
        },
      ],
    };
    const violation = evaluateSequenceParallel(instance, crowded).violations[0];
    expect(violation.constraint).toBe('memory');
    expect(violation.entities).toEqual(['micro-batch 0 group 0', 'sequence 1', 'sequence 2']);
    expect(violation.message).toContain('16384 tokens per GPU');
  });

  it('times the all-to-all on the link a group crosses: straddling two nodes is slower', () => {
    const inNode = simulatedGroupMs(instance, { degree: 2, firstGpu: 0, sequences: [1] });
    const across = simulatedGroupMs(instance, { degree: 2, firstGpu: 1, sequences: [1] });
    expect(across).toBeGreaterThan(inNode);
  });
});
