import { describe, expect, it } from 'vitest';
import { SchedlabError } from '../../src/errors.js';
import {
  simulate,
  traceToChromeEvents,
  traceToChromeJson,
  type ChromeTraceEvent,
  type SimulationInput,
} from '../../src/perf/simulator/index.js';

const input: SimulationInput = {
  resources: [
    { id: 'gpu0/compute', group: 'gpu0' },
    { id: 'gpu0/send', group: 'gpu0' },
    { id: 'link', capacity: 2 },
  ],
  tasks: [
    {
      id: 'F0',
      resource: 'gpu0/compute',
      duration: 0.5,
      category: 'F',
      memory: [{ device: 'gpu0', bytes: 64, at: 'start' }],
    },
    { id: 'send0', resource: 'gpu0/send', duration: 0.1, category: 'comm', deps: ['F0'] },
    { id: 'x', resource: 'link', duration: 0.3 },
    { id: 'y', resource: 'link', duration: 0.2 },
    {
      id: 'B0',
      resource: 'gpu0/compute',
      duration: 1,
      category: 'B',
      deps: ['send0'],
      memory: [{ device: 'gpu0', bytes: -64, at: 'end' }],
    },
  ],
};

describe('traceToChromeJson', () => {
  const trace = simulate(input);
  const doc = JSON.parse(traceToChromeJson(trace)) as { traceEvents: ChromeTraceEvent[]; displayTimeUnit: string };
  const complete = doc.traceEvents.filter((event) => event.ph === 'X');

  it('is valid JSON with one X event per task, times in microseconds', () => {
    expect(complete.map((event) => event.name)).toEqual(['F0', 'send0', 'x', 'y', 'B0']);
    const f0 = complete[0];
    expect(f0).toMatchObject({ name: 'F0', cat: 'F', ph: 'X', ts: 0, dur: 500_000 });
    // send0 runs [0.5, 0.6]: its duration is 0.1 s = 100,000 us, without binary noise.
    expect(complete[1]).toMatchObject({ cat: 'comm', ts: 500_000, dur: 100_000 });
    expect(complete[4]).toMatchObject({ ts: 600_000, dur: 1_000_000 });
    expect(complete[2].cat).toBe('task');
  });

  it('draws one process per group and one thread per resource slot', () => {
    const names = (kind: string) =>
      doc.traceEvents
        .filter((event) => event.ph === 'M' && event.name === kind)
        .map((event) => [event.pid, event.tid, event.args.name]);
    expect(names('process_name')).toEqual([
      [1, undefined, 'gpu0'],
      [2, undefined, 'link'],
    ]);
    expect(names('thread_name')).toEqual([
      [1, 1, 'gpu0/compute'],
      [1, 2, 'gpu0/send'],
      [2, 3, 'link #0'],
      [2, 4, 'link #1'],
    ]);
    expect(complete.map((event) => [event.pid, event.tid])).toEqual([
      [1, 1],
      [1, 2],
      [2, 3],
      [2, 4],
      [1, 1],
    ]);
  });

  it('writes memory as counter events in the process of the device', () => {
    const counters = doc.traceEvents.filter((event) => event.ph === 'C');
    expect(counters).toEqual([
      { name: 'memory gpu0', cat: 'memory', ph: 'C', ts: 0, pid: 1, args: { bytes: 64 } },
      { name: 'memory gpu0', cat: 'memory', ph: 'C', ts: 1_600_000, pid: 1, args: { bytes: 0 } },
    ]);
  });

  it('scales other time units and rejects a bad scale', () => {
    const inMs = traceToChromeEvents(trace, { microsecondsPerUnit: 1e3 });
    expect(inMs.traceEvents.find((event) => event.name === 'B0')).toMatchObject({ ts: 600, dur: 1000 });
    expect(() => traceToChromeEvents(trace, { microsecondsPerUnit: 0 })).toThrow(SchedlabError);
  });

  it('is deterministic', () => {
    expect(traceToChromeJson(simulate(input))).toBe(traceToChromeJson(simulate(structuredClone(input))));
  });
});
