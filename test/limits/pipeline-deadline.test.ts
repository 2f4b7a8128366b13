/**
 * Issue 12, class 1, for pipeline: a candidate search stops at its deadline with the best
 * schedule so far, even inside one greedy or zb-auto candidate (they look at the stop signal
 * as they build), and never returns without a schedule that keeps the memory limit. The
 * clock is a counter (`Date.now` advances one per call), so that no test depends on speed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gpipe, oneFOneB, zbH1, zbH2 } from '../../models/pipeline/heuristics/handcrafted.js';
import { greedyScheduleUntil } from '../../models/pipeline/heuristics/greedy.js';
import { zbAutoSchedule } from '../../models/pipeline/heuristics/zb-auto.js';
import {
  evaluatePipeline,
  greedySchedule,
  parsePipeline,
  pipelineHeuristics,
  scheduleCost,
} from '../../models/pipeline/index.js';

const instance = parsePipeline({ devices: 8, microbatches: 256, times: { F: 1, B: 1, W: 0.5 } });

/** `Date.now` as a counter from `from`: each look at the clock moves it one millisecond on. */
function tickingClock(from: number): void {
  let now = from;
  vi.spyOn(Date, 'now').mockImplementation(() => now++);
}

afterEach(() => vi.restoreAllMocks());

describe('pipeline heuristics at their deadline', () => {
  it('greedy and zb-auto give up when told to stop, and build the whole schedule otherwise', () => {
    expect(greedyScheduleUntil(instance, {}, () => true)).toBeUndefined();
    expect(zbAutoSchedule(instance, { stop: () => true })).toBeUndefined();
    expect(greedyScheduleUntil(instance, {}, () => false)).toEqual(greedySchedule(instance));
  });

  it('default stops inside the greedy grid at the deadline with the best closed form, which keeps the limit', () => {
    const closedForms = [gpipe, oneFOneB, zbH1, zbH2].map((build) => scheduleCost(instance, build(instance)));
    const bestClosed = Math.min(...closedForms);
    // Without a deadline the greedy beats every closed form here, so its absence below shows the stop.
    const unbounded = pipelineHeuristics.default(instance, { rng: () => 0.5, deadline: Number.POSITIVE_INFINITY });
    expect(scheduleCost(instance, unbounded)).toBeLessThan(bestClosed);
    // The four closed forms each look at the clock once; the deadline passes in the first greedy candidate.
    tickingClock(0);
    const stopped = pipelineHeuristics.default(instance, { rng: () => 0.5, deadline: 6 });
    expect(scheduleCost(instance, stopped)).toBe(bestClosed);
    expect(evaluatePipeline(instance, stopped).feasible).toBe(true);
  });

  it('past its deadline, default still answers with a schedule that keeps a tight memory limit', () => {
    const tight = parsePipeline({ devices: 8, microbatches: 64, times: { F: 1, B: 1, W: 0.5 }, memory: { limit: 4 } });
    const schedule = pipelineHeuristics.default(tight, { rng: () => 0.5, deadline: 0 });
    const evaluation = evaluatePipeline(tight, schedule);
    expect(evaluation.feasible, JSON.stringify(evaluation.violations[0])).toBe(true);
  });
});
