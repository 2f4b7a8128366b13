import { describe, expect, it } from 'vitest';
import { evaluatePipeline } from '../../../models/pipeline/evaluate.js';
import { gpipe, oneFOneB, zbH1 } from '../../../models/pipeline/heuristics/handcrafted.js';
import { parsePipeline, type PipelineSolution } from '../../../models/pipeline/instance.js';
import { pipelineChromeJson, renderPipelineSvg } from '../../../models/pipeline/gantt-svg.js';

const instance = parsePipeline({
  devices: 3,
  microbatches: 4,
  times: { F: 1, B: 1, W: 1 },
  memory: { mB: 1, mW: 0.5, limit: 3 },
});
const copy = (s: PipelineSolution): PipelineSolution => ({
  orders: s.orders.map((list) => list.map((p) => ({ ...p }))),
});
const rules = (s: PipelineSolution) => evaluatePipeline(instance, s).violations.map((v) => v.constraint);

describe('pipeline evaluator', () => {
  it('scores 1F1B with the paper’s bubble and peak memory', () => {
    const evaluation = evaluatePipeline(instance, oneFOneB(instance));
    expect(evaluation.feasible).toBe(true);
    // Split backward, W right after B: the first device's span is m(F+B+W) + (p-1)(F+B).
    expect(evaluation.objective).toBeCloseTo(4 * 3 + 2 * 2, 9);
    expect(evaluation.metrics.bubbleRate).toBeCloseTo(4 / 16, 9);
    expect(evaluation.metrics.peakMemory).toBe(3);
    expect(evaluation.metrics['peakMemory.device2']).toBe(1);
  });

  it('reports a pass listed twice and the one missing', () => {
    const broken = copy(oneFOneB(instance));
    broken.orders[0][1] = { ...broken.orders[0][0] };
    expect(rules(broken)).toEqual(expect.arrayContaining(['duplicate', 'missing']));
  });

  it('reports a pass on the wrong device', () => {
    const broken = copy(oneFOneB(instance));
    broken.orders[1].push(broken.orders[0].pop()!);
    expect(rules(broken)).toContain('placement');
  });

  it('reports passes that are not passes of the instance', () => {
    const broken = copy(oneFOneB(instance));
    broken.orders[0][0] = { stage: 9, microbatch: 0, kind: 'F' };
    expect(rules(broken)).toContain('shape');
    expect(rules({ orders: [] })).toEqual(['shape']);
  });

  it('reports orders that wait on each other forever', () => {
    const broken = copy(oneFOneB(instance));
    // The last device runs B0 before F0: B0 needs F0, which comes after it.
    const last = broken.orders[2];
    [last[0], last[1]] = [last[1], last[0]];
    const evaluation = evaluatePipeline(instance, broken);
    expect(evaluation.feasible).toBe(false);
    expect(evaluation.violations[0].constraint).toBe('deadlock');
    expect(evaluation.violations.flatMap((v) => v.entities)).toContain('B0@s2');
  });

  it('reports a device over its memory limit', () => {
    const evaluation = evaluatePipeline(instance, gpipe(instance));
    expect(evaluation.feasible).toBe(false);
    expect(evaluation.violations.map((v) => v.entities[0])).toEqual([0, 1, 2]);
    expect(evaluation.violations[0].constraint).toBe('memory');
    expect(evaluation.metrics.peakMemory).toBe(4);
  });

  it('draws a Gantt chart and exports a Chrome trace', () => {
    const svg = renderPipelineSvg(instance, zbH1(instance));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect /g)?.length).toBe(3 * 4 * 3 + 3);
    const chrome = JSON.parse(pipelineChromeJson(instance, zbH1(instance))) as { traceEvents: unknown[] };
    expect(chrome.traceEvents.length).toBeGreaterThan(36);
  });
});
