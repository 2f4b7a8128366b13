/**
 * Topological order of the dependency graph, and a named cycle when there is none.
 * Only dependencies count here: a prescribed order that contradicts them is not a
 * cycle of the DAG but a deadlock of the schedule, which the event loop reports.
 */
import { SchedlabError } from '../../errors.js';
import type { CompiledDag } from './compile.js';
import type { CycleInfo } from './types.js';

/**
 * Kahn's algorithm, taking ready tasks in index order so the result is deterministic.
 * Throws a 'model' error naming the tasks of one cycle when the graph has any.
 */
export function topologicalOrder(dag: CompiledDag): Int32Array {
  const n = dag.tasks.length;
  const waiting = new Int32Array(n);
  for (let i = 0; i < n; i++) waiting[i] = dag.predStart[i + 1] - dag.predStart[i];
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (waiting[i] === 0) order[tail++] = i;
  while (head < tail) {
    const j = order[head++];
    for (let k = dag.succStart[j]; k < dag.succStart[j + 1]; k++) {
      if (--waiting[dag.succTask[k]] === 0) order[tail++] = dag.succTask[k];
    }
  }
  if (tail < n) throw cycleError(dag, waiting);
  return order;
}

/**
 * Every task Kahn could not place still waits on another such task, so walking
 * backwards from one of them along unplaced predecessors must revisit a task: the
 * walk's loop is a cycle.
 */
function cycleError(dag: CompiledDag, waiting: Int32Array): SchedlabError {
  const stuck = (i: number) => waiting[i] > 0;
  const visitedAt = new Map<number, number>();
  const walk: number[] = [];
  let current = waiting.findIndex((count) => count > 0);
  while (!visitedAt.has(current)) {
    visitedAt.set(current, walk.length);
    walk.push(current);
    let next = -1;
    for (let k = dag.predStart[current]; k < dag.predStart[current + 1] && next < 0; k++) {
      if (stuck(dag.predTask[k])) next = dag.predTask[k];
    }
    current = next;
  }
  // The walk goes from a task to its predecessor; reverse it to read in execution order.
  // It starts at the task listed first in the input, so the message does not depend on where the walk began.
  const loop = walk.slice(visitedAt.get(current)).reverse();
  const first = loop.indexOf(loop.reduce((a, b) => Math.min(a, b)));
  const cycle = [...loop.slice(first), ...loop.slice(0, first)].map((i) => dag.tasks[i].id);
  const named = cycle.map((id) => `'${id}'`);
  return new SchedlabError(
    'model',
    `the task dependencies form a cycle: ${named.join(' -> ')} -> ${named[0]}; remove one of these dependencies`,
    { cause: { cycle } satisfies CycleInfo },
  );
}
