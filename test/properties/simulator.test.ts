import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  simulate,
  traceToChromeEvents,
  type SimTask,
  type SimulationInput,
  type Trace,
} from '../../src/perf/simulator/index.js';

const EPS = 1e-9;

interface RawTask {
  resource: number;
  duration: number;
  release: number;
  priority: number;
  deps: { from: number; lag: number }[];
  bytes: number;
  /** Where the allocation is freed: -1 at the task's own end, otherwise the k-th successor that depends on it. */
  freeAt: number;
}

const rawTask = (resources: number) =>
  fc.record({
    resource: fc.nat(resources - 1),
    duration: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 }), fc.double({ min: 0, max: 10, noNaN: true })),
    release: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20 })),
    priority: fc.integer({ min: -2, max: 2 }),
    deps: fc.array(
      fc.record({ from: fc.nat(), lag: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3, noNaN: true })) }),
      { maxLength: 3 },
    ),
    bytes: fc.nat(1000),
    freeAt: fc.integer({ min: -1, max: 2 }),
  });

/**
 * Random DAGs: task i depends only on tasks with smaller indices, so there is no cycle,
 * and an order by index on each resource follows a topological order, so it cannot deadlock.
 * Memory is freed at the end of the allocating task or of a task that depends on it.
 */
const dagInput = fc
  .record({
    capacities: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }),
    ordered: fc.boolean(),
  })
  .chain(({ capacities, ordered }) =>
    fc
      .array(rawTask(capacities.length), { minLength: 1, maxLength: 40 })
      .map((raw) => buildInput(capacities, ordered, raw)),
  );

/** For each generated input, the index of the task that frees task i's allocation. */
const freerOf = new WeakMap<SimulationInput, number[]>();

function buildInput(capacities: number[], ordered: boolean, raw: RawTask[]): SimulationInput {
  const tasks: SimTask[] = raw.map((task, i) => {
    const deps = new Map<number, number>();
    if (i > 0) for (const dep of task.deps) deps.set(dep.from % i, dep.lag);
    return {
      id: `t${i}`,
      resource: `r${task.resource}`,
      duration: task.duration,
      release: task.release,
      priority: task.priority,
      deps: [...deps].map(([from, lag]) => ({ task: `t${from}`, lag })),
      memory: [{ device: `d${task.resource % 2}`, bytes: task.bytes, at: 'start' as const }],
    };
  });
  const freers = raw.map((task, i) => {
    const successors = tasks.flatMap((other, j) =>
      other.deps!.some((dep) => typeof dep !== 'string' && dep.task === `t${i}`) ? [j] : [],
    );
    const freer = task.freeAt >= 0 && successors.length > 0 ? successors[task.freeAt % successors.length] : i;
    (tasks[freer].memory as { device: string; bytes: number; at: 'start' | 'end' }[]).push({
      device: `d${task.resource % 2}`,
      bytes: -task.bytes,
      at: 'end',
    });
    return freer;
  });
  const resources = capacities.map((capacity, r) => ({ id: `r${r}`, capacity }));
  const order = ordered
    ? Object.fromEntries(
        resources.map((resource) => [
          resource.id,
          tasks.filter((task) => task.resource === resource.id).map((task) => task.id),
        ]),
      )
    : undefined;
  const input = { resources, tasks, order };
  freerOf.set(input, freers);
  return input;
}

function endOf(trace: Trace): Map<string, number> {
  return new Map(trace.tasks.map((task) => [task.id, task.end]));
}

describe('simulate: properties on random DAGs', () => {
  it('makespan >= the critical path and >= every resource busy time / capacity', () => {
    fc.assert(
      fc.property(dagInput, (input) => {
        const trace = simulate(input);
        expect(trace.makespan).toBeGreaterThanOrEqual(trace.criticalPath.length - EPS);
        for (const resource of trace.resources)
          expect(trace.makespan).toBeGreaterThanOrEqual(resource.busy / resource.capacity - EPS);
      }),
    );
  });

  it('starts every task after all its dependencies end plus lag, and after its release', () => {
    fc.assert(
      fc.property(dagInput, (input) => {
        const trace = simulate(input);
        const end = endOf(trace);
        trace.tasks.forEach((record, i) => {
          const task = input.tasks[i];
          expect(record.start).toBeGreaterThanOrEqual(task.release ?? 0);
          expect(record.end).toBeCloseTo(record.start + task.duration, 9);
          for (const dep of task.deps ?? []) {
            const { task: id, lag } = typeof dep === 'string' ? { task: dep, lag: 0 } : dep;
            expect(record.start).toBeGreaterThanOrEqual(end.get(id)! + (lag ?? 0) - EPS);
          }
        });
      }),
    );
  });

  it('never runs more tasks on a resource than its capacity, nor two at once on a lane', () => {
    fc.assert(
      fc.property(dagInput, (input) => {
        const trace = simulate(input);
        const capacity = new Map(trace.resources.map((resource) => [resource.id, resource.capacity]));
        for (const task of trace.tasks) {
          // Zero-length tasks occupy no time, so only tasks with a positive overlap count.
          const running = trace.tasks.filter(
            (other) =>
              other.resource === task.resource &&
              other.start <= task.start &&
              other.end > task.start &&
              other.end > other.start,
          );
          expect(running.length).toBeLessThanOrEqual(capacity.get(task.resource)!);
          expect(new Set(running.map((other) => other.lane)).size).toBe(running.length);
          expect(task.lane).toBeLessThan(capacity.get(task.resource)!);
        }
      }),
    );
  });

  it('honours the prescribed order of each resource', () => {
    fc.assert(
      fc.property(dagInput, (input) => {
        const trace = simulate(input);
        const start = new Map(trace.tasks.map((task) => [task.id, task.start]));
        for (const ids of Object.values(input.order ?? {})) {
          for (let k = 1; k < ids.length; k++)
            expect(start.get(ids[k])!).toBeGreaterThanOrEqual(start.get(ids[k - 1])!);
        }
      }),
    );
  });

  it('is deterministic: two runs give the same trace, byte for byte', () => {
    fc.assert(
      fc.property(dagInput, (input) => {
        expect(JSON.stringify(simulate(input))).toBe(JSON.stringify(simulate(structuredClone(input))));
      }),
    );
  });

  it('has a memory peak at least every set of allocations live at one instant', () => {
    fc.assert(
      fc.property(dagInput, (input) => {
        const trace = simulate(input);
        const record = new Map(trace.tasks.map((task) => [task.id, task]));
        const peak = new Map(trace.memory.map((device) => [device.device, device.peakBytes]));
        // Task i's allocation (its first memory event) lives from its start to the end of its freer.
        const freers = freerOf.get(input)!;
        const live = input.tasks.map((task, i) => ({
          device: task.memory![0].device,
          bytes: task.memory![0].bytes,
          from: record.get(task.id)!.start,
          to: record.get(input.tasks[freers[i]].id)!.end,
        }));
        for (const probe of live) {
          const total = live
            .filter((other) => other.device === probe.device && other.from <= probe.from && other.to > probe.from)
            .reduce((sum, other) => sum + other.bytes, 0);
          expect(peak.get(probe.device)!).toBeGreaterThanOrEqual(total - EPS);
        }
        for (const device of trace.memory) expect(device.finalBytes).toBeCloseTo(0, 6);
      }),
    );
  });

  it('explains each start by its binding constraint, and the binding path ends at the makespan', () => {
    fc.assert(
      fc.property(dagInput, (input) => {
        const trace = simulate(input);
        const byId = new Map(trace.tasks.map((task) => [task.id, task]));
        for (const task of trace.tasks) {
          if (task.boundBy?.kind === 'resource') expect(byId.get(task.boundBy.task!)!.end).toBe(task.start);
          if (task.boundBy?.kind === 'order') expect(byId.get(task.boundBy.task!)!.start).toBe(task.start);
        }
        expect(byId.get(trace.bindingPath.at(-1)!)!.end).toBe(trace.makespan);
      }),
    );
  });

  it('exports one X event per task with times in microseconds', () => {
    fc.assert(
      fc.property(dagInput, (input) => {
        const trace = simulate(input);
        const events = traceToChromeEvents(trace).traceEvents.filter((event) => event.ph === 'X');
        expect(events.length).toBe(trace.tasks.length);
        events.forEach((event, i) => {
          expect(event.ts).toBeCloseTo(trace.tasks[i].start * 1e6, 2);
          expect(event.dur).toBeCloseTo((trace.tasks[i].end - trace.tasks[i].start) * 1e6, 2);
        });
      }),
      { numRuns: 30 },
    );
  });
});

describe('simulate: random orders', () => {
  it('either honours a shuffled order or reports a deadlock, never hangs', () => {
    const shuffled = dagInput.chain((input) =>
      fc
        .array(fc.double({ min: 0, max: 1, noNaN: true }), {
          minLength: input.tasks.length,
          maxLength: input.tasks.length,
        })
        .map((keys) => {
          const order = Object.fromEntries(
            input.resources.map((resource) => [
              resource.id,
              input.tasks
                .map((task, i) => ({ id: task.id, key: keys[i], i }))
                .filter(({ i }) => input.tasks[i].resource === resource.id)
                .sort((a, b) => a.key - b.key || a.i - b.i)
                .map(({ id }) => id),
            ]),
          );
          return { ...input, order };
        }),
    );
    fc.assert(
      fc.property(shuffled, (input) => {
        let trace: Trace;
        try {
          trace = simulate(input);
        } catch (error) {
          expect((error as Error).message).toMatch(/^deadlock: .* is next in the order of /);
          return;
        }
        const start = new Map(trace.tasks.map((task) => [task.id, task.start]));
        for (const ids of Object.values(input.order)) {
          for (let k = 1; k < ids.length; k++)
            expect(start.get(ids[k])!).toBeGreaterThanOrEqual(start.get(ids[k - 1])!);
        }
      }),
    );
  });
});
