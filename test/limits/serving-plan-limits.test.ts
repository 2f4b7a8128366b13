/**
 * serving-plan at lengths beyond the methods' sample: every method stops at its deadline with
 * the best plan so far, sizes on a prefix and checks the whole stream before it answers.
 */
import { describe, expect, it } from 'vitest';
import { runExact } from '../../src/family/run-exact.js';
import { runHeuristic } from '../../src/family/run.js';
import { sampleRequests } from '../../models/serving-plan/assess.js';
import { family, simConfigOf, simulateServing, workloadOf } from '../../models/serving-plan/index.js';
import { placeGroups, sizeOnSample } from '../../models/serving-plan/placement.js';
import { findGoodput } from '../../models/serving-plan/simulator/goodput.js';

/** 5,000 calm requests (the methods' sample), then a burst of 1,500 at 100 requests/s. */
function burstAfterSample() {
  const rows: [number, number, number][] = [];
  for (let k = 0; k < sampleRequests; k++) rows.push([k * 0.5, 512, 64]);
  for (let k = 0; k < 1_500; k++) rows.push([2_500 + k / 100, 512, 64]);
  return family.parse({
    name: 'burst-after-sample',
    model: 'llama3-8b',
    cluster: { gpu: 'h100', gpus: 8, gpusPerNode: 8 },
    traffic: { kind: 'trace', requests: rows },
    slo: { ttftS: 0.25, tpotS: 0.05, attainment: 0.9 },
  });
}

const onePlan = (instance: ReturnType<typeof burstAfterSample>, count: number) =>
  placeGroups(instance, [{ role: 'colocated', shape: { tp: 1, pp: 1 }, count }]);

describe('serving-plan limits', () => {
  const instance = burstAfterSample();

  it('a simulation past its deadline stops and says it was cut; without one it runs to the end', () => {
    const plan = onePlan(instance, 1);
    if (!plan) throw new Error('one replica must fit');
    const config = simConfigOf(instance, plan);
    const cut = simulateServing(workloadOf(instance, 2), { ...config, deadline: Date.now() - 1 });
    expect(cut.cut).toBe(true);
    const whole = simulateServing(workloadOf(instance, 2), config);
    expect(whole.cut).toBeUndefined();
    expect(whole.unserved).toBe(0);
  });

  it('a goodput search past its deadline runs no simulation', () => {
    const found = findGoodput(workloadOf(instance, 1), () => true, { startRate: 1, deadline: Date.now() - 1 });
    expect(found).toEqual({ rate: 0, simulations: 0 });
  });

  it('a plan sized on the sample is grown where the whole stream needs more', () => {
    const deadline = Date.now() + 600_000;
    const sampled = sizeOnSample(
      instance,
      1,
      [1],
      (counts) => onePlan(instance, counts[0]),
      () => 0,
      deadline,
    );
    expect(sampled?.plan.instances).toHaveLength(1);
    expect(family.evaluate(instance, sampled?.plan ?? { router: 'round-robin', instances: [] }).feasible).toBe(false);
    const result = runHeuristic(family, instance, 'colocated', { timeLimitSec: 600 });
    expect(result.status).toBe('feasible');
    expect(result.objective).toBeGreaterThan(1);
  });

  it('the evaluator judges every request and measures goodput on the sample', () => {
    const plan = onePlan(instance, 2);
    if (!plan) throw new Error('two replicas must fit');
    const evaluation = family.evaluate(instance, plan);
    expect(evaluation.metrics.goodputRequests).toBe(sampleRequests);
  });

  it('capacity-plan out of time says it stopped, and answers only a plan that meets the SLO on the whole stream', async () => {
    const result = await runExact(family, instance, 'capacity-plan', { timeLimitSec: 0.001 });
    expect(result.report?.at(-1)).toBe('stopped at the time limit');
    // With no time to size anything the answer is none ('unknown'), never a plan measured on a prefix.
    expect(result.status === 'unknown' ? result.solution : result.evaluation.feasible).toBe(
      result.status === 'unknown' ? undefined : true,
    );
  });

  it('capacity-plan with time answers a plan checked on all requests', async () => {
    const result = await runExact(family, instance, 'capacity-plan', { timeLimitSec: 600 });
    expect(result.status).toBe('feasible');
    expect(result.report?.at(-1)).toMatch(/meets the SLO on all 6,500 requests$/);
  });
});
