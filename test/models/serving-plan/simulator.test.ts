/**
 * The serving simulator's correctness properties: its queueing matches M/D/1 (Pollaczek-
 * Khinchine) and Lindley's recursion; one request at a time sees exactly the performance
 * model's prefill and decode times; KV capacity makes requests wait; the KV transfer costs the
 * link it crosses; the same seed gives the same numbers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findGoodput } from '../../../models/serving-plan/simulator/goodput.js';
import { simulateServing } from '../../../models/serving-plan/simulator/engine.js';
import { sloReport } from '../../../models/serving-plan/simulator/metrics.js';
import type { SimInstance, Workload } from '../../../models/serving-plan/simulator/types.js';
import { unitWorkload, workloadAtRate, type Traffic } from '../../../models/serving-plan/traffic.js';
import { makeCluster } from '../../../src/perf/hardware.js';
import { getModelPreset } from '../../../src/perf/llm.js';
import { ServingCosts } from '../../../src/perf/serve-batch.js';
import { estimateServing } from '../../../src/perf/serve-estimate.js';

const model = getModelPreset('llama3-8b');
const cluster = makeCluster('h100', 16);
const link = (from: number, to: number) => (from === to ? cluster.intraLink : cluster.interLink);

function instanceOf(role: SimInstance['role'], tp = 1, extra: Partial<SimInstance> = {}): SimInstance {
  const costs = new ServingCosts({ model, cluster, tp, pp: 1 });
  return {
    role,
    costs,
    node: 0,
    maxBatchTokens: 8192,
    maxBatchSize: 256,
    kvCapacityTokens: costs.kvCapacityTokens(8192),
    ...extra,
  };
}

function fixedTraffic(prompt: number, output: number, requests: number, seed: number): Traffic {
  return {
    kind: 'synthetic',
    rate: 1,
    arrivals: { kind: 'poisson' },
    prompt: { kind: 'fixed', tokens: prompt },
    output: { kind: 'fixed', tokens: output },
    requests,
    seed,
  };
}

const single = (prompt: number, output: number): Workload => ({
  arrivalS: Float64Array.of(0),
  promptTokens: Int32Array.of(prompt),
  outputTokens: Int32Array.of(output),
});

describe('queueing', () => {
  const server = instanceOf('colocated', 1, { maxBatchSize: 1 });
  const serviceS = server.costs.prefillSeconds([512]);
  const rho = 0.5;
  const workload = workloadAtRate(unitWorkload(fixedTraffic(512, 1, 100_000, 1)), rho / serviceS);
  const result = simulateServing(workload, { instances: [server], router: 'round-robin', link });

  it('matches the M/D/1 mean wait (Pollaczek-Khinchine) within 2% on 100,000 requests', () => {
    const meanWaitS = result.ttftS.reduce((sum, t) => sum + t, 0) / result.ttftS.length - serviceS;
    const pollaczekKhinchineS = (rho * serviceS) / (2 * (1 - rho));
    expect(Math.abs(meanWaitS / pollaczekKhinchineS - 1)).toBeLessThan(0.02);
  });

  it("equals Lindley's recursion on the same arrivals, request by request", () => {
    let wait = 0;
    let worst = 0;
    for (let r = 0; r < workload.arrivalS.length; r++) {
      if (r > 0) wait = Math.max(0, wait + serviceS - (workload.arrivalS[r] - workload.arrivalS[r - 1]));
      worst = Math.max(worst, Math.abs(result.ttftS[r] - (wait + serviceS)));
    }
    expect(worst).toBeLessThan(1e-9);
  });
});

describe('one request at a time', () => {
  it("sees the model's prefill time as TTFT and its decode step time as TPOT", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8192 }),
        fc.integer({ min: 2, max: 512 }),
        fc.constantFrom(1, 2, 4, 8),
        (prompt, output, tp) => {
          const result = simulateServing(single(prompt, output), {
            instances: [instanceOf('colocated', tp)],
            router: 'round-robin',
            link,
          });
          const estimate = estimateServing({ model, cluster, tp, batch: 1, inputLen: prompt, outputLen: output });
          expect(result.ttftS[0] / estimate.ttftS).toBeCloseTo(1, 9);
          expect(result.tpotS[0] / estimate.tpotS).toBeCloseTo(1, 9);
        },
      ),
      { seed: 42, numRuns: 30 },
    );
  });

  it('adds the KV transfer over the link the pair crosses to the TPOT of a disaggregated pair', () => {
    const prompt = 2048;
    const output = 101;
    const run = (decodeNode: number) =>
      simulateServing(single(prompt, output), {
        instances: [instanceOf('prefill'), instanceOf('decode', 1, { node: decodeNode })],
        router: 'round-robin',
        link,
      });
    const [near, far] = [run(0), run(1)];
    const costs = instanceOf('prefill').costs;
    const estimate = estimateServing({ model, cluster, tp: 1, batch: 1, inputLen: prompt, outputLen: output });
    expect(near.ttftS[0]).toBeCloseTo(estimate.ttftS, 12);
    expect(near.tpotS[0]).toBeCloseTo(
      estimate.tpotS + costs.kvTransferSeconds(prompt, cluster.intraLink) / (output - 1),
      12,
    );
    expect(far.tpotS[0]).toBeCloseTo(
      estimate.tpotS + costs.kvTransferSeconds(prompt, cluster.interLink) / (output - 1),
      12,
    );
    expect(far.tpotS[0]).toBeGreaterThan(near.tpotS[0]);
  });
});

describe('KV capacity', () => {
  it('makes requests wait (never preempts): with room for one request, the second starts when the first ends', () => {
    const workload: Workload = {
      arrivalS: Float64Array.of(0, 0.001),
      promptTokens: Int32Array.of(1000, 1000),
      outputTokens: Int32Array.of(50, 50),
    };
    const server = instanceOf('colocated', 1, { kvCapacityTokens: 1050 });
    const result = simulateServing(workload, { instances: [server], router: 'round-robin', link });
    const firstDoneS = result.e2eS[0];
    expect(result.ttftS[1] + 0.001).toBeCloseTo(firstDoneS + server.costs.prefillSeconds([1000]), 12);
    expect(result.unserved).toBe(0);
  });

  it('counts a request larger than every cache as unserved, with NaN times', () => {
    const server = instanceOf('colocated', 1, { kvCapacityTokens: 100 });
    const result = simulateServing(single(200, 10), { instances: [server], router: 'round-robin', link });
    expect(result.unserved).toBe(1);
    expect(result.ttftS[0]).toBeNaN();
    expect(sloReport(result, { ttftS: 1, tpotS: 1 }).attainment).toBe(0);
  });
});

describe('routers', () => {
  // A long prompt first, then short ones: a load-aware router keeps them off the busy replica.
  const workload: Workload = {
    arrivalS: Float64Array.of(0, 0.001, 0.002, 0.003),
    promptTokens: Int32Array.of(8000, 100, 100, 100),
    outputTokens: Int32Array.of(200, 10, 10, 10),
  };
  const replicas = [instanceOf('colocated'), instanceOf('colocated')];
  const worstShortTtft = (router: 'round-robin' | 'least-tokens' | 'phase-aware') =>
    Math.max(...simulateServing(workload, { instances: replicas, router, link }).ttftS.slice(1));
  const longPrefillS = replicas[0].costs.prefillSeconds([8000]);

  it('round-robin sends every other request behind the long prompt', () => {
    expect(worstShortTtft('round-robin')).toBeGreaterThan(longPrefillS / 2);
  });

  it('least-tokens and phase-aware send the short prompts to the idle replica', () => {
    expect(worstShortTtft('least-tokens')).toBeLessThan(longPrefillS / 2);
    expect(worstShortTtft('phase-aware')).toBeLessThan(longPrefillS / 2);
  });
});

describe('determinism and traffic', () => {
  const chat: Traffic = {
    kind: 'synthetic',
    rate: 1,
    arrivals: { kind: 'gamma', cv: 3 },
    prompt: { kind: 'zipf', min: 16, max: 2048, exponent: 1.1 },
    output: { kind: 'bimodal', short: { mean: 40, sd: 15 }, long: { mean: 300, sd: 100 }, shortShare: 0.4, max: 1024 },
    requests: 2000,
    seed: 7,
  };
  const config = { instances: [instanceOf('prefill'), instanceOf('decode')], router: 'least-tokens' as const, link };

  it('gives the same numbers for the same seed', () => {
    const a = simulateServing(workloadAtRate(unitWorkload(chat), 20), config);
    const b = simulateServing(workloadAtRate(unitWorkload(chat), 20), config);
    expect(a.ttftS).toEqual(b.ttftS);
    expect(a.tpotS).toEqual(b.tpotS);
    const c = simulateServing(workloadAtRate(unitWorkload({ ...chat, seed: 8 }), 20), config);
    expect(c.ttftS).not.toEqual(a.ttftS);
  });

  it('draws Gamma gaps with the coefficient of variation asked for (within 5% on 100,000 gaps)', () => {
    const { arrivalS } = unitWorkload({ ...chat, requests: 100_001 });
    const gaps = arrivalS.slice(1).map((t, k) => t - arrivalS[k]);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeCloseTo(1, 1);
    expect(Math.abs(sd / mean / 3 - 1)).toBeLessThan(0.05);
  });

  it('finds a goodput at which the target holds and 2% above which it does not', () => {
    const unit = unitWorkload({ ...chat, requests: 1000 });
    const slo = { ttftS: 0.25, tpotS: 0.05 };
    const meets = (w: Workload) => sloReport(simulateServing(w, config), slo).attainment >= 0.9;
    const { rate } = findGoodput(unit, meets, { startRate: 5, tolerance: 0.01 });
    expect(rate).toBeGreaterThan(0);
    expect(meets(workloadAtRate(unit, rate))).toBe(true);
    expect(meets(workloadAtRate(unit, rate * 1.02))).toBe(false);
  });
});
