/**
 * The evaluator: one test per rule with a hand-made broken placement, traffic computed by hand
 * on a tiny case, and the properties of the issue (every baseline passes, uniform routing gives
 * imbalance 1 to every balanced placement, a proven MIP optimum beats no baseline).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  baselines,
  evaluateExpertPlacement,
  family,
  parseExpertPlacement,
} from '../../../models/expert-placement/index.js';
import { stageOneObjective } from '../../../models/expert-placement/two-stage/pricing.js';
import { stageOne } from '../../../models/expert-placement/two-stage/stage1.js';
import { solveWithMip } from '../../../src/family/run.js';
import { getGpu, getLink } from '../../../src/perf/hardware.js';
import { expertReplicaSeconds } from '../../../src/perf/expert-traffic.js';
import { getModelPreset } from '../../../src/perf/llm.js';

const uniform = (layers: number, tokens = 100) => Array.from({ length: layers }, () => new Array(8).fill(tokens));
const mixtral = (gpus: number, n: number[][], extra: Record<string, unknown> = {}) =>
  parseExpertPlacement({
    model: 'mixtral-8x7b',
    cluster: { gpu: 'h100', gpus, gpusPerNode: 8 },
    routing: { n },
    ...extra,
  });
const rules = (evaluation: ReturnType<typeof evaluateExpertPlacement>) =>
  evaluation.violations.map((v) => v.constraint);

describe('expert-placement evaluator rules', () => {
  const instance = mixtral(4, uniform(1));
  it('expert-placed: an expert on no GPU, named with its layer', () => {
    const evaluation = evaluateExpertPlacement(instance, {
      placement: [
        [
          [0, 1],
          [2, 3],
          [4, 5],
          [6, 6],
        ],
      ],
    });
    expect(rules(evaluation)).toContain('expert-placed');
    expect(evaluation.violations.find((v) => v.constraint === 'expert-placed')?.entities).toEqual([
      'layer 0',
      'expert 7',
    ]);
    expect(evaluation.objective).toBeNaN();
  });
  it('slot-count: a GPU with more experts than its slots', () => {
    const evaluation = evaluateExpertPlacement(instance, { placement: [[[0, 1, 2], [3], [4, 5], [6, 7]]] });
    expect(rules(evaluation)).toEqual(['slot-count', 'slot-count']);
    expect(evaluation.feasible).toBe(false);
  });
  it('gpu-memory: a GPU over its expert memory', () => {
    const tight = mixtral(4, uniform(1), { expertMemoryGb: 1 });
    const evaluation = evaluateExpertPlacement(tight, { placement: [[[0], [1], [2, 3, 4], [5, 6, 7]]] });
    expect(rules(evaluation)).toContain('gpu-memory');
    expect(evaluation.violations.find((v) => v.constraint === 'gpu-memory')?.entities).toEqual(['gpu 2']);
  });
  it('token-shares: replicas that do not serve all routed tokens', () => {
    const replicated = mixtral(4, uniform(1), { redundantSlots: 4 });
    const placement = [
      [
        [0, 1, 0],
        [2, 3, 1],
        [4, 5, 2],
        [6, 7, 3],
      ],
    ];
    const shares = [
      [
        [50, 50, 50],
        [50, 60, 50],
        [100, 100, 50],
        [100, 100, 0],
      ],
    ];
    const evaluation = evaluateExpertPlacement(replicated, { placement, shares });
    expect(evaluation.violations.map((v) => v.entities)).toEqual([['layer 0', 'expert 3']]);
  });
});

describe('expert-placement traffic by hand', () => {
  it('two GPUs, one layer, no pairs: dispatch and combine move half the tokens each way', () => {
    // 8 experts x 100 tokens; 4 per GPU. Each GPU's 400 tokens come half from the other GPU:
    // 200 tokens x 4096 x 2 bytes = 1,638,400 bytes each way over NVLink 4, twice (dispatch, combine).
    const instance = mixtral(2, uniform(1));
    const evaluation = evaluateExpertPlacement(instance, {
      placement: [
        [
          [0, 1, 2, 3],
          [4, 5, 6, 7],
        ],
      ],
    });
    const link = getLink('nvlink4');
    const a2a = link.latencyS + 1_638_400 / (link.bytesPerS * link.efficiency);
    const compute = 4 * expertReplicaSeconds(getGpu('h100'), getModelPreset('mixtral-8x7b'), 100);
    expect(evaluation.metrics.commMs).toBeCloseTo(2 * a2a * 1000, 9);
    expect(evaluation.metrics.computeMs).toBeCloseTo(compute * 1000, 9);
    expect(evaluation.objective).toBeCloseTo((2 * a2a + compute) * 1000, 9);
  });

  it('token path: experts that pass tokens to each other on one GPU move nothing between layers', () => {
    const pairs = Array.from({ length: 8 }, (_, e) => Array.from({ length: 8 }, (_, f) => (e === f ? 200 : 0)));
    const instance = parseExpertPlacement({
      model: 'mixtral-8x7b',
      cluster: { gpu: 'h100', gpus: 2 },
      routing: { n: uniform(2), A: [pairs] },
    });
    const same = evaluateExpertPlacement(instance, {
      placement: [
        [
          [0, 1, 2, 3],
          [4, 5, 6, 7],
        ],
        [
          [0, 1, 2, 3],
          [4, 5, 6, 7],
        ],
      ],
    });
    const crossed = evaluateExpertPlacement(instance, {
      placement: [
        [
          [0, 1, 2, 3],
          [4, 5, 6, 7],
        ],
        [
          [4, 5, 6, 7],
          [0, 1, 2, 3],
        ],
      ],
    });
    const link = getLink('nvlink4');
    // Crossed: all 800 pair-tokens per GPU move, each 2/k = 1 hidden vector: 800 x 8192 bytes.
    const moved = (800 * 8192) / (link.bytesPerS * link.efficiency);
    expect((crossed.metrics.commMs - same.metrics.commMs) / 1000).toBeCloseTo(moved, 9);
  });
});

describe('expert-placement properties', () => {
  it('every baseline placement of a generated profile passes the evaluator', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom(0, 1, 2),
        fc.constantFrom(2, 4, 8),
        (seed, replicas, gpus) => {
          const instance = family.generate(
            { gpus, gpusPerNode: 4, redundantSlots: replicas * gpus, tokens: 128, layers: 2 },
            seed,
          );
          for (const run of Object.values(baselines))
            expect(evaluateExpertPlacement(instance, run(instance)).violations).toEqual([]);
        },
      ),
      { seed: 42, numRuns: 12 },
    );
  });

  it('with uniform routing every balanced placement has imbalance 1', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7], { minLength: 8, maxLength: 8 }), (order) => {
        const instance = mixtral(4, uniform(2));
        const layer = [0, 1, 2, 3].map((g) => order.slice(2 * g, 2 * g + 2));
        expect(evaluateExpertPlacement(instance, { placement: [layer, layer] }).metrics.imbalance).toBe(1);
      }),
      { seed: 42, numRuns: 20 },
    );
  });

  it("a proven single-stage MIP optimum is never worse than any baseline on the MIP's objective (the MoE time)", async () => {
    let proven = 0;
    for (const [seed, layers] of [
      [1, 1],
      [2, 1],
      [4, 2],
    ]) {
      const instance = family.generate({ gpus: 2, tokens: 256, layers }, seed);
      // Each proves in about a second; the limit only matters on a loaded machine.
      const result = await solveWithMip(family, instance, { timeLimitSec: 10 });
      if (!result.proven) continue;
      proven++;
      for (const run of Object.values(baselines))
        expect(result.objective).toBeLessThanOrEqual(evaluateExpertPlacement(instance, run(instance)).objective + 1e-9);
    }
    expect(proven).toBeGreaterThan(0);
  });
});

describe('expert-placement stage 1', () => {
  it("a proven stage-1 optimum is never worse than any baseline's clusters on stage 1's objective", async () => {
    let proven = 0;
    for (const [seed, redundantSlots] of [
      [1, 0],
      [2, 4],
    ]) {
      const instance = family.generate({ gpus: 2, tokens: 512, layers: 1, redundantSlots }, seed);
      const clustersOf = (placement: number[][]) => {
        const copies = new Array(instance.experts).fill(0);
        for (const list of placement) for (const e of list) copies[e]++;
        return {
          experts: placement,
          tokens: placement.map((list) => list.map((e) => instance.routing.n[0][e] / copies[e])),
        };
      };
      const starts = Object.values(baselines).map((run) => clustersOf(run(instance).placement[0]));
      const result = await stageOne(instance, 0, starts[0], 10);
      expect(result).toBeDefined();
      if (result?.termination !== 'optimal') continue;
      proven++;
      expect(stageOneObjective(instance, 0, result.clusters)).toBeCloseTo(result.objective, 6);
      for (const start of starts)
        expect(result.objective).toBeLessThanOrEqual(stageOneObjective(instance, 0, start) + 1e-6);
    }
    expect(proven).toBeGreaterThan(0);
  });
});
