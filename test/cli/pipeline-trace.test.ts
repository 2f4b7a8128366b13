/**
 * `--trace FILE` on solve, heuristic and evaluate writes the pipeline schedule's run as Chrome
 * trace-event JSON (one 'X' event per pass, the device as tid, the kind in the name, durations
 * the instance's times); `--json` reports carry the evaluator's metrics, and text output shows them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePipeline, type PipelineInstance } from '../../models/pipeline/instance.js';
import { runCli } from './run-cli.js';
import { scratchDir } from '../support/scratch.js';

const scratch = scratchDir('schedlab-pipeline-cli-');
const small = resolve('instances/pipeline/zero-bubble/small-p3-m6-1p.json');

interface TraceEvent {
  name: string;
  ph: string;
  tid?: number;
  dur?: number;
  cat?: string;
}

function checkTrace(file: string, instance: PipelineInstance): void {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] };
  const passes = doc.traceEvents.filter((event) => event.ph === 'X');
  const kinds = instance.splitBackward ? 3 : 2;
  expect(passes).toHaveLength(kinds * instance.devices * instance.chunks * instance.microbatches);
  const seen = new Set<string>();
  for (const event of passes) {
    const match = /^([FBW])(\d+)@s(\d+)$/.exec(event.name);
    expect(match, event.name).not.toBeNull();
    const [, kind, , stage] = match as RegExpExecArray;
    seen.add(event.name);
    expect(event.tid, event.name).toBe(Number(stage) % instance.devices);
    const times = kind === 'F' ? instance.forward : kind === 'B' ? instance.backwardInput : instance.backwardWeight;
    expect(event.dur, event.name).toBeCloseTo(times[Number(stage)] * 1000, 6); // ms → µs
  }
  expect(seen.size).toBe(passes.length);
}

const instanceOf = (file: string) => parsePipeline((JSON.parse(readFileSync(file, 'utf8')) as { data: unknown }).data);

describe('pipeline runs through the CLI', () => {
  it('heuristic --trace writes the Chrome trace; --json has the metrics; text shows them', async () => {
    const trace = join(scratch, 'zb-h1.trace.json');
    const out = join(scratch, 'zb-h1.json');
    const run = await runCli(
      'heuristic',
      small,
      '--family',
      'pipeline',
      '--name',
      'zb-h1',
      '--json',
      '--trace',
      trace,
      '--out',
      out,
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report).slice(0, 11)).toEqual([
      'family',
      'instance',
      'method',
      'status',
      'objective',
      'bound',
      'gap',
      'timeMs',
      'feasible',
      'violations',
      'solution',
    ]);
    expect(report.metrics.bubbleRate).toBeGreaterThan(0);
    expect(report.metrics.peakMemory).toBe(3);
    checkTrace(trace, instanceOf(small));
    const text = await runCli('heuristic', small, '--family', 'pipeline', '--name', 'zb-h1');
    expect(text.stdout).toMatch(/bubbleRate = 0\.\d+/);
    // evaluate takes the saved report and traces it too.
    const again = join(scratch, 'evaluated.trace.json');
    const evaluated = await runCli('evaluate', small, out, '--family', 'pipeline', '--trace', again);
    expect(evaluated.code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(trace, 'utf8'));
  });

  it('solve --trace on an interleaved instance with unequal stages', async () => {
    const file = join(scratch, 'tiny.json');
    const data = {
      devices: 2,
      microbatches: 2,
      chunks: 2,
      times: { F: [1, 2, 1.5, 1], B: [1, 1, 2, 1], W: 0.5 },
      comm: 0.1,
      memory: { limit: 4 },
    };
    writeFileSync(file, JSON.stringify({ family: 'pipeline', name: 'tiny', data }));
    const trace = join(scratch, 'tiny.trace.json');
    const run = await runCli('solve', file, '--json', '--time-limit', '20', '--trace', trace);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.feasible).toBe(true);
    expect(report.metrics.bubbleRate).toBeGreaterThanOrEqual(0);
    expect(report.metrics.maxSpan).toBeCloseTo(report.objective, 9);
    checkTrace(trace, parsePipeline(data));
  }, 60_000);

  it('a family without a trace export says so and writes nothing', async () => {
    const rcpsp = resolve('instances/rcpsp/examples/rcpsp-migration-small-1.json');
    const trace = join(scratch, 'rcpsp.trace.json');
    const run = await runCli('heuristic', rcpsp, '--family', 'rcpsp', '--trace', trace);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('exports no trace');
  });
});
