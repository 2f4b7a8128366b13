import { describe, expect, it } from 'vitest';
import { simulate, type SimTask, type SimulationInput } from '../../src/perf/simulator/index.js';
import { errorOf } from '../support/errors.js';

/**
 * A 2-stage pipeline of 2 microbatches: F takes 1, B takes 2, every stage-to-stage
 * transfer 0.5 (a lag), and each F allocates 100 bytes of activations on its device
 * that its B frees at its end.
 */
function pipeline(order: Record<string, string[]>): SimulationInput {
  const tasks: SimTask[] = [];
  for (const m of [0, 1]) {
    const act = (stage: number, sign: number, at: 'start' | 'end') => [
      { device: `gpu${stage}`, bytes: sign * 100, at },
    ];
    tasks.push({ id: `F${m}s0`, resource: 'gpu0', duration: 1, category: 'F', memory: act(0, 1, 'start') });
    tasks.push({
      id: `F${m}s1`,
      resource: 'gpu1',
      duration: 1,
      category: 'F',
      deps: [{ task: `F${m}s0`, lag: 0.5 }],
      memory: act(1, 1, 'start'),
    });
    tasks.push({
      id: `B${m}s1`,
      resource: 'gpu1',
      duration: 2,
      category: 'B',
      deps: [`F${m}s1`],
      memory: act(1, -1, 'end'),
    });
    tasks.push({
      id: `B${m}s0`,
      resource: 'gpu0',
      duration: 2,
      category: 'B',
      deps: [{ task: `B${m}s1`, lag: 0.5 }, `F${m}s0`],
      memory: act(0, -1, 'end'),
    });
  }
  return { resources: [{ id: 'gpu0' }, { id: 'gpu1' }], tasks, order };
}

function times(input: SimulationInput): Record<string, [number, number]> {
  return Object.fromEntries(simulate(input).tasks.map((task) => [task.id, [task.start, task.end]]));
}

describe('simulate: a 2-stage pipeline worked out by hand', () => {
  // 1F1B. gpu0 runs F0 [0,1], F1 [1,2]. gpu1: F0 is ready at 1 + 0.5 -> [1.5,2.5], B0 [2.5,4.5],
  // F1 (ready at 2.5) must wait for B0 by the order -> [4.5,5.5], B1 [5.5,7.5].
  // gpu0: B0 ready at 4.5 + 0.5 -> [5,7], B1 ready at 7.5 + 0.5 -> [8,10]. Makespan 10.
  // Busy 6 on each device; gpu0 spans 0..10 (idle 4), gpu1 spans 1.5..7.5 (idle 0 in span, 4 overall).
  // Memory: gpu0 holds 100 from 0, 200 from 1, 100 from 7, 0 from 10: peak 200.
  // gpu1 holds 100 from 1.5; at 4.5 B0 frees 100 as F1 allocates 100, ends first: peak 100.
  const oneFOneB = pipeline({ gpu0: ['F0s0', 'F1s0', 'B0s0', 'B1s0'], gpu1: ['F0s1', 'B0s1', 'F1s1', 'B1s1'] });

  it('gives the hand-computed start and end times and makespan', () => {
    const trace = simulate(oneFOneB);
    expect(trace.makespan).toBe(10);
    expect(times(oneFOneB)).toEqual({
      F0s0: [0, 1],
      F1s0: [1, 2],
      B0s0: [5, 7],
      B1s0: [8, 10],
      F0s1: [1.5, 2.5],
      B0s1: [2.5, 4.5],
      F1s1: [4.5, 5.5],
      B1s1: [5.5, 7.5],
    });
  });

  it('gives busy and idle time per resource', () => {
    const [gpu0, gpu1] = simulate(oneFOneB).resources;
    expect(gpu0).toMatchObject({
      id: 'gpu0',
      busy: 6,
      firstStart: 0,
      lastEnd: 10,
      idleInSpan: 4,
      idle: 4,
      utilization: 0.6,
      tasks: 4,
    });
    expect(gpu1).toMatchObject({ id: 'gpu1', busy: 6, firstStart: 1.5, lastEnd: 7.5, idleInSpan: 0, idle: 4 });
  });

  it('gives the memory timeline and peak, freeing before allocating at one instant', () => {
    const [gpu0, gpu1] = simulate(oneFOneB).memory;
    expect(gpu0).toEqual({
      device: 'gpu0',
      initialBytes: 0,
      peakBytes: 200,
      peakTime: 1,
      finalBytes: 0,
      timeline: [
        { time: 0, bytes: 100 },
        { time: 1, bytes: 200 },
        { time: 7, bytes: 100 },
        { time: 10, bytes: 0 },
      ],
    });
    expect(gpu1.peakBytes).toBe(100);
    // At 4.5 the balance stays 100, so the timeline has no point there.
    expect(gpu1.timeline).toEqual([
      { time: 0, bytes: 0 },
      { time: 1.5, bytes: 100 },
      { time: 7.5, bytes: 0 },
    ]);
  });

  it('gives the resource-free critical path and the binding chain', () => {
    const trace = simulate(oneFOneB);
    // F0s0 (1) + 0.5 + F0s1 (1) + B0s1 (2) + 0.5 + B0s0 (2) = 7, below the makespan of 10.
    expect(trace.criticalPath).toEqual({ tasks: ['F0s0', 'F0s1', 'B0s1', 'B0s0'], length: 7 });
    // B1s0 waits on B1s1, which waits on F1s1, which waited for gpu1 to finish B0s1.
    expect(trace.bindingPath).toEqual(['F0s0', 'F0s1', 'B0s1', 'F1s1', 'B1s1', 'B1s0']);
    const f1s1 = trace.tasks.find((task) => task.id === 'F1s1')!;
    expect(f1s1.boundBy).toEqual({ kind: 'resource', task: 'B0s1' });
    expect(trace.tasks[0].boundBy).toBeNull();
  });

  it('honours a different order: GPipe holds two activations on gpu1', () => {
    // gpu1 runs F0 [1.5,2.5], F1 [2.5,3.5], B0 [3.5,5.5], B1 [5.5,7.5]; gpu0 B0 [6,8], B1 [8,10].
    const gpipe = pipeline({ gpu0: ['F0s0', 'F1s0', 'B0s0', 'B1s0'], gpu1: ['F0s1', 'F1s1', 'B0s1', 'B1s1'] });
    const trace = simulate(gpipe);
    expect(times(gpipe)).toMatchObject({ F1s1: [2.5, 3.5], B0s1: [3.5, 5.5], B0s0: [6, 8], B1s0: [8, 10] });
    expect(trace.makespan).toBe(10);
    expect(trace.memory[1].peakBytes).toBe(200);
  });

  it('runs the TSDoc example of simulate', () => {
    const trace = simulate({
      resources: [{ id: 'gpu0' }, { id: 'gpu1' }],
      tasks: [
        { id: 'F0s0', resource: 'gpu0', duration: 1 },
        { id: 'F1s0', resource: 'gpu0', duration: 1 },
        { id: 'F0s1', resource: 'gpu1', duration: 1, deps: ['F0s0'] },
        { id: 'F1s1', resource: 'gpu1', duration: 1, deps: [{ task: 'F1s0', lag: 0.5 }] },
      ],
    });
    expect(trace.makespan).toBe(3.5);
  });
});

describe('simulate: dispatch rules', () => {
  const one = (id: string, extra: Partial<SimTask> = {}): SimTask => ({ id, resource: 'r', duration: 1, ...extra });

  it('starts tasks of an ordered resource in the given order, not greedily', () => {
    const input: SimulationInput = {
      resources: [{ id: 'r' }],
      tasks: [one('a'), one('b'), one('c')],
      order: { r: ['c', 'a', 'b'] },
    };
    expect(times(input)).toEqual({ c: [0, 1], a: [1, 2], b: [2, 3] });
  });

  it('keeps an ordered resource idle until the next task in order is ready', () => {
    // 'late' is released at 5; 'early' could run at 0 but the order puts it second.
    const input: SimulationInput = {
      resources: [{ id: 'r' }],
      tasks: [one('early'), one('late', { release: 5 })],
      order: { r: ['late', 'early'] },
    };
    expect(times(input)).toEqual({ late: [5, 6], early: [6, 7] });
    expect(simulate(input).tasks[0].boundBy).toEqual({ kind: 'resource', task: 'late' });
  });

  it('dispatches greedily by earliest ready time, then larger priority, then id', () => {
    const input: SimulationInput = {
      resources: [{ id: 'r' }, { id: 'other' }],
      tasks: [
        { id: 'gate', resource: 'other', duration: 2 },
        one('x'),
        one('b', { priority: 0 }),
        one('a', { priority: 0 }),
        one('z', { priority: 3 }),
        one('waiting', { deps: ['gate'], priority: 100 }),
      ],
    };
    // At 0: x, b, a, z are ready; z has the largest priority, then a < b < x by id.
    // 'waiting' becomes ready at 2 and runs after x, the last task ready at 0, despite its priority.
    expect(times(input)).toMatchObject({ z: [0, 1], a: [1, 2], b: [2, 3], x: [3, 4], waiting: [4, 5] });
  });

  it('runs up to capacity tasks at once, each on the lowest free lane', () => {
    const input: SimulationInput = {
      resources: [{ id: 'r', capacity: 2 }],
      tasks: [one('a'), one('b', { duration: 2 }), one('c')],
    };
    const trace = simulate(input);
    expect(trace.makespan).toBe(2);
    expect(trace.tasks.map((task) => [task.id, task.start, task.lane])).toEqual([
      ['a', 0, 0],
      ['b', 0, 1],
      ['c', 1, 0],
    ]);
    expect(trace.resources[0]).toMatchObject({ busy: 4, idle: 0, utilization: 1 });
  });

  it('applies lags and release times', () => {
    const input: SimulationInput = {
      resources: [{ id: 'r' }, { id: 's' }],
      tasks: [
        one('a'),
        { id: 'b', resource: 's', duration: 1, deps: [{ task: 'a', lag: 2.5 }] },
        { id: 'c', resource: 's', duration: 1, release: 7 },
      ],
    };
    expect(times(input)).toEqual({ a: [0, 1], b: [3.5, 4.5], c: [7, 8] });
    expect(simulate(input).criticalPath).toEqual({ tasks: ['c'], length: 8 });
  });

  it('handles zero-length tasks and an empty DAG', () => {
    const input: SimulationInput = {
      resources: [{ id: 'r' }],
      tasks: [one('a', { duration: 0 }), one('b', { duration: 0, deps: ['a'] }), one('c', { deps: ['b'] })],
    };
    expect(times(input)).toEqual({ a: [0, 0], b: [0, 0], c: [0, 1] });
    const empty = simulate({ resources: [{ id: 'r' }], tasks: [] });
    expect(empty).toMatchObject({
      makespan: 0,
      tasks: [],
      memory: [],
      criticalPath: { tasks: [], length: 0 },
      bindingPath: [],
    });
    expect(empty.resources[0]).toMatchObject({ busy: 0, tasks: 0, idle: 0, utilization: 0 });
  });
});

describe('simulate: memory', () => {
  it('adds initial memory, and lets a later task free what an earlier one allocated', () => {
    const trace = simulate({
      resources: [{ id: 'r' }],
      initialMemory: { dev: 1000 },
      tasks: [
        { id: 'f', resource: 'r', duration: 1, memory: [{ device: 'dev', bytes: 50, at: 'start' }] },
        { id: 'g', resource: 'r', duration: 1, deps: ['f'], memory: [{ device: 'dev', bytes: 30, at: 'end' }] },
        { id: 'w', resource: 'r', duration: 1, deps: ['g'], memory: [{ device: 'dev', bytes: -80, at: 'end' }] },
      ],
    });
    expect(trace.memory).toEqual([
      {
        device: 'dev',
        initialBytes: 1000,
        peakBytes: 1080,
        peakTime: 2,
        finalBytes: 1000,
        timeline: [
          { time: 0, bytes: 1050 },
          { time: 2, bytes: 1080 },
          { time: 3, bytes: 1000 },
        ],
      },
    ]);
  });

  it('does not count a zero-length allocation freed by the same task as an error', () => {
    const trace = simulate({
      resources: [{ id: 'r' }],
      tasks: [
        {
          id: 'z',
          resource: 'r',
          duration: 0,
          memory: [
            { device: 'd', bytes: 5, at: 'start' },
            { device: 'd', bytes: -5, at: 'end' },
          ],
        },
      ],
    });
    expect(trace.memory[0].finalBytes).toBe(0);
  });
});

/** The error with which `simulate` refuses an input. */
const failure = (input: SimulationInput) => errorOf(() => simulate(input));

describe('simulate: invalid DAGs', () => {
  const task = (id: string, deps: string[] = [], resource = 'r'): SimTask => ({ id, resource, duration: 1, deps });

  it('names the tasks of a dependency cycle', () => {
    const error = failure({
      resources: [{ id: 'r' }],
      tasks: [task('start'), task('a', ['start', 'c']), task('b', ['a']), task('c', ['b'])],
    });
    expect(error.kind).toBe('model');
    expect(error.message).toContain("cycle: 'a' -> 'b' -> 'c' -> 'a'");
    expect(error.cause).toEqual({ cycle: ['a', 'b', 'c'] });
    expect(failure({ resources: [{ id: 'r' }], tasks: [task('self', ['self'])] }).message).toContain(
      "'self' depends on itself",
    );
  });

  it('reports a deadlocking order, naming the blocked task and what it waits on', () => {
    const error = failure({
      resources: [{ id: 'r' }],
      tasks: [task('F0'), task('B0', ['F0'])],
      order: { r: ['B0', 'F0'] },
    });
    expect(error.message).toMatch(/^deadlock/);
    expect(error.message).toContain("'B0' is next in the order of 'r' but waits on 'F0' (on 'r')");
    expect(error.cause).toEqual({ blocked: [{ task: 'B0', resource: 'r', waitingOn: ['F0'] }] });
  });

  it('reports a deadlock across two resources', () => {
    const error = failure({
      resources: [{ id: 'gpu0' }, { id: 'gpu1' }],
      tasks: [task('a', ['d'], 'gpu0'), task('b', [], 'gpu0'), task('c', ['b'], 'gpu1'), task('d', [], 'gpu1')],
      order: { gpu0: ['a', 'b'], gpu1: ['c', 'd'] },
    });
    expect(error.message).toContain("'a' is next in the order of 'gpu0' but waits on 'd' (on 'gpu1')");
    expect(error.message).toContain("'c' is next in the order of 'gpu1' but waits on 'b' (on 'gpu0')");
  });

  it.each([
    [
      'an unknown resource',
      { resources: [{ id: 'r' }], tasks: [task('a', [], 'nope')] },
      "task 'a' runs on unknown resource 'nope'",
      'tasks[0].resource',
    ],
    [
      'an unknown dependency',
      { resources: [{ id: 'r' }], tasks: [task('a', ['ghost'])] },
      "task 'a' depends on unknown task 'ghost'",
      'tasks[0].deps[0]',
    ],
    [
      'a negative duration',
      { resources: [{ id: 'r' }], tasks: [{ id: 'a', resource: 'r', duration: -1 }] },
      "duration of task 'a' must be a finite number >= 0, got -1",
      'tasks[0].duration',
    ],
    [
      'a NaN duration',
      { resources: [{ id: 'r' }], tasks: [{ id: 'a', resource: 'r', duration: NaN }] },
      'got NaN',
      'tasks[0].duration',
    ],
    [
      'a negative lag',
      {
        resources: [{ id: 'r' }],
        tasks: [task('a'), { id: 'b', resource: 'r', duration: 1, deps: [{ task: 'a', lag: -2 }] }],
      },
      "lag of 'b' after 'a'",
      'tasks[1].deps[0].lag',
    ],
    [
      'a duplicate task',
      { resources: [{ id: 'r' }], tasks: [task('a'), task('a')] },
      "task 'a' is declared twice",
      'tasks[1].id',
    ],
    [
      'a duplicate resource',
      { resources: [{ id: 'r' }, { id: 'r' }], tasks: [] },
      "resource 'r' is declared twice",
      'resources[1].id',
    ],
    [
      'a zero capacity',
      { resources: [{ id: 'r', capacity: 0 }], tasks: [] },
      "resource 'r' has capacity 0",
      'resources[0].capacity',
    ],
    [
      'an order missing a task',
      { resources: [{ id: 'r' }], tasks: [task('a'), task('b')], order: { r: ['a'] } },
      "must list every task of the resource; missing 'b'",
      'order.r',
    ],
    [
      'an order naming a foreign task',
      { resources: [{ id: 'r' }, { id: 's' }], tasks: [task('a', [], 's')], order: { r: ['a'] } },
      "names task 'a', which runs on 's'",
      'order.r[0]',
    ],
    [
      'an order of an unknown resource',
      { resources: [{ id: 'r' }], tasks: [], order: { q: [] } },
      "unknown resource 'q'",
      'order.q',
    ],
    [
      'a bad memory event',
      {
        resources: [{ id: 'r' }],
        tasks: [{ id: 'a', resource: 'r', duration: 1, memory: [{ device: 'd', bytes: 1, at: 'middle' as 'start' }] }],
      },
      "at 'middle'",
      'tasks[0].memory[0].at',
    ],
    ['a missing task list', { resources: [] } as unknown as SimulationInput, 'needs an array of tasks', 'tasks'],
    [
      'a null task',
      { resources: [], tasks: [null] } as unknown as SimulationInput,
      'a task must be an object, got null',
      'tasks[0]',
    ],
  ] as [string, SimulationInput, string, string][])(
    'rejects %s with a clear message and path',
    (_, input, message, path) => {
      const error = failure(input);
      expect(error.kind).toBe('model');
      expect(error.message).toContain(message);
      expect(error.location.path).toBe(path);
    },
  );

  it('rejects freeing memory never allocated', () => {
    const error = failure({
      resources: [{ id: 'r' }, { id: 's' }],
      tasks: [
        { id: 'alloc', resource: 'r', duration: 5, memory: [{ device: 'd', bytes: 10, at: 'start' }] },
        { id: 'free', resource: 's', duration: 1, memory: [{ device: 'd', bytes: -20, at: 'end' }] },
      ],
    });
    expect(error.message).toContain("device 'd' would hold -10 bytes at time 1 (after task 'free')");
    expect(error.message).toContain('never allocated');
  });
});
