/**
 * The ILP's horizon: on small cases the optimum under the default horizon (proven to hold a
 * span-optimal schedule), under the older slack horizon (incumbent's makespan + (p−1)(T_F +
 * T_comm)) and under a far larger one is the same, and the default is at least the proven bound.
 */
import { describe, expect, it } from 'vitest';
import { family } from '../../../models/pipeline/index.js';
import { formulatePipeline } from '../../../models/pipeline/formulation.js';
import { scheduleSpans, timeOrders } from '../../../models/pipeline/graph.js';
import { provenSpanHorizon } from '../../../models/pipeline/horizon.js';
import { parsePipeline, type PipelineInstance, type PipelineSolution } from '../../../models/pipeline/instance.js';
import { solve } from '../../../src/solve/solve.js';
import { heuristicContext } from '../../support/heuristics.js';

async function optimum(instance: PipelineInstance, incumbent: PipelineSolution, horizon?: number): Promise<number> {
  const ilp = formulatePipeline(instance, { incumbent, ...(horizon === undefined ? {} : { horizon }) });
  const warmStart = ilp.encode(incumbent);
  const result = await solve(ilp.model, { solver: 'highs', timeLimitSec: 60, ...(warmStart ? { warmStart } : {}) });
  expect(result.termination).toBe('optimal');
  return result.objective;
}

const cases: [string, PipelineInstance][] = [
  [
    'uniform p=3 m=4',
    parsePipeline({
      devices: 3,
      microbatches: 4,
      times: { F: 18.5, B: 18.1, W: 9.3 },
      comm: 0.6,
      memory: { mB: 1, mW: 0.366, limit: 3 },
    }),
  ],
  [
    'per-stage p=3 m=3',
    parsePipeline({
      devices: 3,
      microbatches: 3,
      times: { F: [2.7, 2, 3.4], B: [1, 3.4, 1.4], W: [0.5, 2.4, 0.8] },
      comm: 0.1,
      memory: { limit: 4 },
    }),
  ],
  [
    'per-stage p=2 m=4',
    parsePipeline({
      devices: 2,
      microbatches: 4,
      times: { F: [1, 3], B: [3, 1], W: [2, 0.2] },
      comm: 0.3,
      memory: { limit: 3 },
    }),
  ],
];

describe('ILP horizon (span objective)', () => {
  for (const [label, instance] of cases) {
    it(`${label}: same optimum under the default, the older slack and a 4x larger horizon`, async () => {
      const incumbent = family.heuristics.default(instance, heuristicContext(1, 5));
      const timing = timeOrders(instance, incumbent);
      const proven = provenSpanHorizon(instance, scheduleSpans(instance, incumbent, timing).cost);
      const chosen = formulatePipeline(instance, { incumbent }).horizon;
      expect(chosen).toBeGreaterThanOrEqual(proven);
      const slack = timing.makespan + (instance.devices - 1) * (Math.max(...instance.forward) + instance.comm);
      const best = await optimum(instance, incumbent);
      expect(await optimum(instance, incumbent, 4 * chosen)).toBeCloseTo(best, 4);
      expect(await optimum(instance, incumbent, slack)).toBeCloseTo(best, 4);
    }, 120_000);
  }
});
