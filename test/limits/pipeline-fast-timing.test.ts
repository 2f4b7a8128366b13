/**
 * The flat-array timing of pipeline schedules (graph.ts, issue 12) gives exactly what the
 * edge-DAG timing gave before it: every heuristic's schedule, its cost, makespan and span
 * cost on ten generated layouts (small and mid, up to 4 x 64) are those recorded with the
 * code before the change (`pipeline-schedules-before.json`, recorded at commit 5d71177), and
 * the starts agree exactly with a plain fixpoint over the same dependencies.
 */
import { describe, expect, it } from 'vitest';
import type { GenerateParams } from '../../src/family/contract.js';
import { dependencies, duration, passIndex, scheduleSpans, timeOrders } from '../../models/pipeline/graph.js';
import { scheduleCost } from '../../models/pipeline/heuristics.js';
import { generatePipeline, pipelineHeuristics } from '../../models/pipeline/index.js';
import type { PipelineInstance, PipelineSolution } from '../../models/pipeline/instance.js';
import before from './pipeline-schedules-before.json' with { type: 'json' };

const layouts: [string, GenerateParams][] = [
  ['small', { size: 'small' }],
  ['medium', { size: 'medium' }],
  ['large', { size: 'large' }],
  ['makespan', { size: 'medium', objective: 'makespan' }],
  ['tight', { size: 'medium', memoryFactor: 0.6 }],
  ['loop2', { size: 'medium', chunks: 2 }],
  ['vshape', { size: 'medium', chunks: 2, placement: 'vshape' }],
  ['vtight', { size: 'medium', chunks: 2, placement: 'vshape', memoryFactor: 0.5 }],
  ['whole', { size: 'medium', splitBackward: false }],
  ['mid', { devices: 4, microbatches: 64 }],
];

/** FNV-1a over the pass indices of each device's order, as the recording script hashed them. */
function fingerprint(instance: PipelineInstance, schedule: PipelineSolution): string {
  let hash = 2166136261;
  for (const list of schedule.orders) {
    for (const pass of list) hash = Math.imul(hash ^ passIndex(instance, pass), 16777619) >>> 0;
    hash = Math.imul(hash ^ 0xffff, 16777619) >>> 0;
  }
  return hash.toString(16);
}

/** What the recording script wrote for one heuristic: fingerprint, cost, makespan, span cost (or 'throws'). */
function recordOf(instance: PipelineInstance, name: string): string {
  let schedule: PipelineSolution;
  try {
    schedule = pipelineHeuristics[name](instance, { rng: () => 0.5, deadline: Number.POSITIVE_INFINITY });
  } catch {
    return 'throws';
  }
  const timing = timeOrders(instance, schedule);
  const spans = timing.ok ? scheduleSpans(instance, schedule, timing).cost : Number.NaN;
  return `${fingerprint(instance, schedule)} ${scheduleCost(instance, schedule)} ${timing.makespan} ${spans}`;
}

/** As-soon-as-possible starts by sweeping the orders until nothing moves: slow, but independent of graph.ts's chains. */
function fixpointStarts(instance: PipelineInstance, schedule: PipelineSolution, size: number): Float64Array {
  const end = new Float64Array(size).fill(Number.NaN);
  const start = new Float64Array(size).fill(Number.NaN);
  for (let changed = true; changed; ) {
    changed = false;
    for (const list of schedule.orders) {
      let free = 0;
      for (const pass of list) {
        const i = passIndex(instance, pass);
        const at = dependencies(instance, pass).reduce(
          (t, dep) => Math.max(t, end[passIndex(instance, dep.pass)] + dep.lag),
          free,
        );
        if (Number.isNaN(at)) break;
        if (start[i] !== at) [start[i], end[i], changed] = [at, at + duration(instance, pass), true];
        free = end[i];
      }
    }
  }
  return start;
}

describe('pipeline timing in flat arrays', () => {
  it.each(layouts)('%s: every heuristic gives the schedule and scores it gave before', (label, params) => {
    const instance = generatePipeline(params, 7);
    const recorded = (before as Record<string, Record<string, string>>)[label];
    const now = Object.fromEntries(Object.keys(pipelineHeuristics).map((name) => [name, recordOf(instance, name)]));
    expect(now).toEqual(recorded);
  });

  it.each(layouts)('%s: the starts equal a plain fixpoint over the dependencies', (_label, params) => {
    const instance = generatePipeline(params, 7);
    for (const name of ['default', 'gpipe', 'greedy']) {
      const schedule = pipelineHeuristics[name](instance, { rng: () => 0.5, deadline: Number.POSITIVE_INFINITY });
      const timing = timeOrders(instance, schedule);
      expect(timing.ok).toBe(true);
      expect(Array.from(timing.start)).toEqual(Array.from(fixpointStarts(instance, schedule, timing.start.length)));
    }
  });
});
