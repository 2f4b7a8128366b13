/**
 * The evaluator's span score is the shortest longest span the orders allow: it matches a
 * bisection over S with Bellman-Ford feasibility of the same difference constraints (written
 * here from scratch), and beats the old "ASAP ends, first pass as late as possible" timing when
 * stages differ.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePipeline } from '../../../models/pipeline/evaluate.js';
import { maximumMeanCycle } from '../../../models/pipeline/evaluate-spans.js';
import { scheduleSpans, timeOrders } from '../../../models/pipeline/graph.js';
import { pipelineHeuristics } from '../../../models/pipeline/heuristics.js';
import {
  deviceOfStage,
  parsePipeline,
  stageCount,
  type Pass,
  type PipelineInstance,
  type PipelineSolution,
} from '../../../models/pipeline/instance.js';
import { seededRandom } from '../../../src/util/random.js';
import { heuristicContext } from '../../support/heuristics.js';

const key = (p: Pass) => `${p.kind}${p.microbatch}@${p.stage}`;
const time = (i: PipelineInstance, p: Pass) =>
  (p.kind === 'F' ? i.forward : p.kind === 'B' ? i.backwardInput : i.backwardWeight)[p.stage];

/** t_to ≥ t_from + weight rows of the orders with span bound S. */
function rows(instance: PipelineInstance, solution: PipelineSolution, span: number): [string, string, number][] {
  const edges: [string, string, number][] = [];
  const lag = (a: number, b: number) => (deviceOfStage(instance, a) === deviceOfStage(instance, b) ? 0 : instance.comm);
  const last = stageCount(instance) - 1;
  for (const list of solution.orders) {
    list.forEach((p, k) => {
      if (k > 0) edges.push([key(list[k - 1]), key(p), time(instance, list[k - 1])]);
      const before: Pass | undefined =
        p.kind === 'W'
          ? { ...p, kind: 'B' }
          : p.kind === 'F'
            ? p.stage > 0
              ? { ...p, stage: p.stage - 1 }
              : undefined
            : p.stage === last
              ? { ...p, kind: 'F' }
              : { ...p, stage: p.stage + 1 };
      if (before)
        edges.push([
          key(before),
          key(p),
          time(instance, before) +
            (p.kind === 'W' || (p.kind === 'B' && p.stage === last) ? 0 : lag(before.stage, p.stage)),
        ]);
    });
    if (list.length > 0)
      edges.push([key(list[list.length - 1]), key(list[0]), time(instance, list[list.length - 1]) - span]);
  }
  return edges;
}

function feasible(instance: PipelineInstance, solution: PipelineSolution, span: number): boolean {
  const edges = rows(instance, solution, span);
  const dist = new Map<string, number>();
  for (const [a, b] of edges) {
    dist.set(a, 0);
    dist.set(b, 0);
  }
  for (let round = 0; round <= dist.size; round++) {
    let changed = false;
    for (const [a, b, w] of edges)
      if ((dist.get(a) as number) + w > (dist.get(b) as number) + 1e-12) {
        dist.set(b, (dist.get(a) as number) + w);
        changed = true;
      }
    if (!changed) return true;
  }
  return false;
}

function bisect(instance: PipelineInstance, solution: PipelineSolution): number {
  let low = 0;
  let high = 1e4;
  for (let k = 0; k < 60; k++) {
    const mid = (low + high) / 2;
    if (feasible(instance, solution, mid)) high = mid;
    else low = mid;
  }
  return high;
}

const ctx = () => heuristicContext(1, 2);

describe('exact span score', () => {
  it('Karp finds the maximum mean cycle', () => {
    const none = -Infinity;
    expect(maximumMeanCycle([Float64Array.from([1, 4]), Float64Array.from([2, 1])])).toBeCloseTo(3, 12);
    expect(maximumMeanCycle([Float64Array.from([5, none]), Float64Array.from([9, 1])])).toBeCloseTo(5, 12);
  });

  it('equals the LP optimum over the same orders (bisection + Bellman-Ford) on random per-stage times', () => {
    const rng = seededRandom(7);
    const r = (a: number, b: number) => Math.round((a + rng() * (b - a)) * 10) / 10;
    for (let trial = 0; trial < 12; trial++) {
      const p = 2 + (trial % 3);
      const draw = (a: number, b: number) => Array.from({ length: p }, () => r(a, b));
      const instance = parsePipeline({
        devices: p,
        microbatches: 2 * p,
        times: { F: draw(0.5, 4), B: draw(0.5, 4), W: draw(0, 3) },
        comm: r(0, 0.5),
      });
      for (const name of ['zb-h2', 'zb-h1', '1f1b', 'gpipe', 'greedy']) {
        const schedule = pipelineHeuristics[name](instance, ctx());
        expect(evaluatePipeline(instance, schedule).objective, `${trial} ${name}`).toBeCloseTo(
          bisect(instance, schedule),
          6,
        );
      }
    }
  });

  it('is below the old timing (ASAP ends, first pass released late) when stages differ', () => {
    const instance = parsePipeline({
      devices: 3,
      microbatches: 6,
      times: { F: [2.7, 2, 3.4], B: [1, 3.4, 1.4], W: [0.5, 2.4, 0.8] },
      comm: 0.1,
    });
    const schedule = pipelineHeuristics['zb-h2'](instance, ctx());
    const old = scheduleSpans(instance, schedule, timeOrders(instance, schedule)).cost;
    const evaluation = evaluatePipeline(instance, schedule);
    expect(old).toBeCloseTo(48.2, 6);
    expect(evaluation.objective).toBeCloseTo(47.8, 6);
    expect(evaluation.metrics.maxSpan).toBeCloseTo(bisect(instance, schedule), 6);
  });
});
