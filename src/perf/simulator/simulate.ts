/**
 * `simulate`: validate, order, run the event loop, read the figures off the schedule.
 */
import { bindingPath, criticalPath, makespanOf, resourceStats } from './analysis.js';
import { compileDag } from './compile.js';
import { BIND_DEPENDENCY, BIND_NONE, BIND_ORDER, runEngine, type Schedule } from './engine.js';
import { memoryTimelines } from './memory.js';
import { dependencyOrder } from './topology.js';
import type { BindingKind, SimulationInput, TaskRecord, Trace } from './types.js';
import type { CompiledDag } from './compile.js';

function bindingOf(dag: CompiledDag, schedule: Schedule, i: number): TaskRecord['boundBy'] {
  const kind = schedule.bindKind[i];
  if (kind === BIND_NONE) return null;
  const label: BindingKind = kind === BIND_DEPENDENCY ? 'dependency' : kind === BIND_ORDER ? 'order' : 'resource';
  const task = schedule.bindTask[i];
  return { kind: label, task: task < 0 ? null : dag.tasks[task].id };
}

function taskRecords(dag: CompiledDag, schedule: Schedule): TaskRecord[] {
  return dag.tasks.map((task, i) => {
    const record: TaskRecord = {
      id: task.id,
      resource: task.resource,
      lane: schedule.lane[i],
      start: schedule.start[i],
      end: schedule.end[i],
      boundBy: bindingOf(dag, schedule, i),
    };
    if (task.category !== undefined) record.category = task.category;
    return record;
  });
}

/**
 * Simulates a DAG of tasks on resources and returns its trace.
 *
 * Tasks start as soon as their dependencies (plus lags) and release time allow and a
 * slot of their resource is free. A resource with a prescribed `order` starts its tasks
 * in exactly that sequence; other resources dispatch the ready task with the earliest
 * ready time, then the largest `priority`, then the smallest id. The run is
 * deterministic: the same input gives the same trace, byte for byte.
 *
 * Throws a `SchedlabError` of kind 'model' for an invalid DAG (unknown resource or
 * dependency, negative duration, a dependency cycle, which it names), for orders that
 * deadlock (naming each blocked task and what it waits on), and for memory freed on a
 * device that never held it.
 *
 * @example
 * ```ts
 * // Two microbatches through a two-stage pipeline: F on stage 0, then F on stage 1.
 * const trace = simulate({
 *   resources: [{ id: 'gpu0' }, { id: 'gpu1' }],
 *   tasks: [
 *     { id: 'F0s0', resource: 'gpu0', duration: 1 },
 *     { id: 'F1s0', resource: 'gpu0', duration: 1 },
 *     { id: 'F0s1', resource: 'gpu1', duration: 1, deps: ['F0s0'] },
 *     { id: 'F1s1', resource: 'gpu1', duration: 1, deps: [{ task: 'F1s0', lag: 0.5 }] },
 *   ],
 * });
 * trace.makespan; // 3.5
 * ```
 */
export function simulate(input: SimulationInput): Trace {
  const dag = compileDag(input);
  const topo = dependencyOrder(dag);
  const schedule = runEngine(dag);
  const makespan = makespanOf(schedule);
  const groups = input.resources.map((resource) => resource.group);
  return {
    tasks: taskRecords(dag, schedule),
    makespan,
    resources: resourceStats(dag, schedule, makespan, groups),
    memory: memoryTimelines(dag, schedule, input.initialMemory),
    criticalPath: criticalPath(dag, topo),
    bindingPath: bindingPath(dag, schedule, makespan),
  };
}
