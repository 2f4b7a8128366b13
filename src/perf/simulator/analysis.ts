/**
 * Figures read off a simulated schedule: per-resource busy and idle time, the
 * resource-free critical path of the DAG, and the chain of binding constraints.
 */
import { heads } from '../../util/dag-paths.js';
import type { CompiledDag } from './compile.js';
import { BIND_NONE, type Schedule } from './engine.js';
import { dependencyDag } from './topology.js';
import type { CriticalPath, ResourceStats } from './types.js';

/** Latest end of all tasks; 0 for an empty DAG. */
export function makespanOf(schedule: Schedule): number {
  let makespan = 0;
  for (let i = 0; i < schedule.end.length; i++) if (schedule.end[i] > makespan) makespan = schedule.end[i];
  return makespan;
}

/** Busy, span and idle time of every resource, in input order. */
export function resourceStats(
  dag: CompiledDag,
  schedule: Schedule,
  makespan: number,
  groups: readonly (string | undefined)[],
): ResourceStats[] {
  const m = dag.resourceIds.length;
  const busy = new Float64Array(m);
  const first = new Float64Array(m).fill(Infinity);
  const last = new Float64Array(m).fill(-Infinity);
  const count = new Int32Array(m);
  for (let i = 0; i < dag.tasks.length; i++) {
    const r = dag.resourceOf[i];
    busy[r] += dag.duration[i];
    first[r] = Math.min(first[r], schedule.start[i]);
    last[r] = Math.max(last[r], schedule.end[i]);
    count[r]++;
  }
  return dag.resourceIds.map((id, r) => {
    const capacity = dag.capacity[r];
    const used = count[r] > 0;
    const stats: ResourceStats = {
      id,
      capacity,
      busy: busy[r],
      firstStart: used ? first[r] : NaN,
      lastEnd: used ? last[r] : NaN,
      idleInSpan: used ? capacity * (last[r] - first[r]) - busy[r] : 0,
      idle: capacity * makespan - busy[r],
      utilization: makespan > 0 ? busy[r] / (capacity * makespan) : 0,
      tasks: count[r],
    };
    if (groups[r] !== undefined) stats.group = groups[r];
    return stats;
  });
}

/**
 * The longest path through dependencies (durations plus lags, from release times),
 * found by one pass in topological order; ties go to the earlier predecessor in the
 * task's dependency list, and to the lower task index for the path's end.
 */
export function criticalPath(dag: CompiledDag, topo: Int32Array): CriticalPath {
  const n = dag.tasks.length;
  const begin = dag.release.slice();
  const via = new Int32Array(n);
  heads(dependencyDag(dag), topo, begin, { length: dag.duration, lag: dag.predLag }, via);
  let last = -1;
  let lastFinish = 0;
  for (const i of topo) {
    const finish = begin[i] + dag.duration[i];
    if (last < 0 || finish > lastFinish || (finish === lastFinish && i < last)) {
      last = i;
      lastFinish = finish;
    }
  }
  return { tasks: walkBack(dag, last, via), length: last < 0 ? 0 : lastFinish };
}

/**
 * Follows the binding constraint of each task back from the task that ends last
 * (the lowest-id one among ties) to a task that started unconstrained.
 */
export function bindingPath(dag: CompiledDag, schedule: Schedule, makespan: number): string[] {
  let last = -1;
  for (let i = 0; i < dag.tasks.length; i++) {
    if (schedule.end[i] === makespan && (last < 0 || dag.idRank[i] < dag.idRank[last])) last = i;
  }
  const via = schedule.bindTask.slice();
  for (let i = 0; i < via.length; i++) if (schedule.bindKind[i] === BIND_NONE) via[i] = -1;
  return walkBack(dag, last, via);
}

function walkBack(dag: CompiledDag, last: number, via: Int32Array): string[] {
  const path: string[] = [];
  for (let i = last; i >= 0; i = via[i]) path.push(dag.tasks[i].id);
  return path.reverse();
}
