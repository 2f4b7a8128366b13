/**
 * The dependency graph as a `Dag` (`src/util/dag.ts`, no copying), its topological order,
 * and a named cycle when there is none. Only dependencies count here: a prescribed order
 * that contradicts them is not a cycle of the DAG but a deadlock of the schedule, which the
 * event loop reports.
 */
import { SchedlabError } from '../../errors.js';
import { findCycle } from '../../util/cycles.js';
import { type Dag, topologicalOrder } from '../../util/dag.js';
import type { CompiledDag } from './compile.js';
import type { CycleInfo } from './types.js';

/** The dependencies of a compiled input as a `Dag` over task indices, sharing its arrays. */
export function dependencyDag(dag: CompiledDag): Dag {
  return {
    n: dag.tasks.length,
    successors: { start: dag.succStart, list: dag.succTask },
    predecessors: { start: dag.predStart, list: dag.predTask },
  };
}

/**
 * Task indices with every dependency first (Kahn's, ready tasks in index order, so the
 * result is deterministic). Throws a 'model' error naming the tasks of one cycle, from the
 * task listed first, when the dependencies have any.
 */
export function dependencyOrder(dag: CompiledDag): Int32Array {
  const graph = dependencyDag(dag);
  const order = topologicalOrder(graph);
  if (order !== undefined) return order;
  const cycle = Array.from(findCycle(graph)!, (i) => dag.tasks[i].id);
  const named = cycle.map((id) => `'${id}'`);
  throw new SchedlabError(
    'model',
    `the task dependencies form a cycle: ${named.join(' -> ')} -> ${named[0]}; remove one of these dependencies`,
    { cause: { cycle } satisfies CycleInfo },
  );
}
