/**
 * Validates a `SimulationInput` and turns it into flat typed arrays indexed by task
 * number, so that the event loop never looks up a string. Every error names the task
 * or resource at fault and the path inside the input.
 */
import { SchedlabError } from '../../errors.js';
import type { SimDependency, SimTask, SimulationInput } from './types.js';

/** The simulator's internal form of a DAG; task i is `input.tasks[i]`. */
export interface CompiledDag {
  readonly tasks: readonly SimTask[];
  readonly taskIndex: ReadonlyMap<string, number>;
  readonly resourceIds: readonly string[];
  readonly capacity: Int32Array;
  readonly resourceOf: Int32Array;
  readonly duration: Float64Array;
  readonly release: Float64Array;
  readonly priority: Float64Array;
  /** Rank of each task's id in code-unit order, the last tie-break everywhere. */
  readonly idRank: Int32Array;
  /** Predecessors in CSR form: task i waits for predTask[k] + predLag[k], predStart[i] <= k < predStart[i+1]. */
  readonly predStart: Int32Array;
  readonly predTask: Int32Array;
  readonly predLag: Float64Array;
  /** Successors in CSR form, the same edges reversed. */
  readonly succStart: Int32Array;
  readonly succTask: Int32Array;
  /** The prescribed start order of each resource, or null where dispatch is greedy. */
  readonly orders: (Int32Array | null)[];
}

function fail(message: string, path: string): never {
  throw new SchedlabError('model', message, { location: { path } });
}

function isNumberAtLeast(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min;
}

function notANumber(what: string, value: unknown, min: number, path: string): never {
  fail(`${what} must be a finite number${min === -Infinity ? '' : ` >= ${min}`}, got ${String(value)}`, path);
}

function compileResources(input: SimulationInput): { ids: string[]; index: Map<string, number>; capacity: Int32Array } {
  const index = new Map<string, number>();
  const capacity = new Int32Array(input.resources.length);
  input.resources.forEach((resource, r) => {
    const path = `resources[${r}]`;
    if (typeof resource?.id !== 'string') fail('a resource needs a string id', `${path}.id`);
    if (index.has(resource.id))
      fail(`resource '${resource.id}' is declared twice; give each resource a unique id`, `${path}.id`);
    const cap = resource.capacity ?? 1;
    if (!Number.isInteger(cap) || cap < 1)
      fail(`resource '${resource.id}' has capacity ${cap}; use a positive integer`, `${path}.capacity`);
    index.set(resource.id, r);
    capacity[r] = cap;
  });
  return { ids: input.resources.map((resource) => resource.id), index, capacity };
}

function indexTasks(tasks: readonly SimTask[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < tasks.length; i++) {
    if (typeof tasks[i] !== 'object' || tasks[i] === null)
      fail(`a task must be an object, got ${String(tasks[i])}`, `tasks[${i}]`);
    const id = tasks[i].id;
    if (typeof id !== 'string') fail('a task needs a string id', `tasks[${i}].id`);
    index.set(id, i);
    if (index.size === i) fail(`task '${id}' is declared twice; give each task a unique id`, `tasks[${i}].id`);
  }
  return index;
}

function checkMemory(task: SimTask, i: number): void {
  const events = task.memory ?? [];
  for (let k = 0; k < events.length; k++) {
    const event = events[k];
    if (typeof event.device !== 'string')
      fail(`task '${task.id}' has a memory event without a device`, `tasks[${i}].memory[${k}].device`);
    if (!isNumberAtLeast(event.bytes, -Infinity))
      fail(`task '${task.id}' has a non-finite memory amount ${String(event.bytes)}`, `tasks[${i}].memory[${k}].bytes`);
    if (event.at !== 'start' && event.at !== 'end')
      fail(
        `task '${task.id}' has a memory event at '${String(event.at)}'; use 'start' or 'end'`,
        `tasks[${i}].memory[${k}].at`,
      );
  }
}

function buildEdges(tasks: readonly SimTask[], taskIndex: Map<string, number>) {
  const n = tasks.length;
  const predStart = new Int32Array(n + 1);
  tasks.forEach((task, i) => (predStart[i + 1] = predStart[i] + (task.deps?.length ?? 0)));
  const predTask = new Int32Array(predStart[n]);
  const predLag = new Float64Array(predStart[n]);
  tasks.forEach((task, i) => {
    const deps = task.deps ?? [];
    for (let k = 0; k < deps.length; k++) {
      const dep: string | SimDependency = deps[k];
      const id = typeof dep === 'string' ? dep : dep?.task;
      const j = taskIndex.get(id);
      if (j === undefined) fail(`task '${task.id}' depends on unknown task '${String(id)}'`, `tasks[${i}].deps[${k}]`);
      if (j === i) fail(`task '${task.id}' depends on itself (a cycle of one task)`, `tasks[${i}].deps[${k}]`);
      predTask[predStart[i] + k] = j;
      const lag = typeof dep === 'string' ? 0 : (dep.lag ?? 0);
      if (!isNumberAtLeast(lag, 0))
        notANumber(`lag of '${task.id}' after '${id}'`, lag, 0, `tasks[${i}].deps[${k}].lag`);
      predLag[predStart[i] + k] = lag;
    }
  });
  const { start: succStart, items: succTask } = reverse(n, predStart, predTask);
  return { predStart, predTask, predLag, succStart, succTask };
}

/** Reverses a CSR adjacency: for each edge j -> i stored under i, stores i under j, in increasing i. */
function reverse(n: number, start: Int32Array, items: Int32Array): { start: Int32Array; items: Int32Array } {
  const outStart = new Int32Array(n + 1);
  for (let k = 0; k < items.length; k++) outStart[items[k] + 1]++;
  for (let j = 0; j < n; j++) outStart[j + 1] += outStart[j];
  const fill = outStart.slice(0, n);
  const out = new Int32Array(items.length);
  for (let i = 0; i < n; i++) for (let k = start[i]; k < start[i + 1]; k++) out[fill[items[k]]++] = i;
  return { start: outStart, items: out };
}

function compileOrders(
  input: SimulationInput,
  resources: Map<string, number>,
  taskIndex: Map<string, number>,
  resourceOf: Int32Array,
) {
  const orders: (Int32Array | null)[] = input.resources.map(() => null);
  const counts = new Int32Array(input.resources.length);
  const listed = new Uint8Array(resourceOf.length);
  for (let i = 0; i < resourceOf.length; i++) counts[resourceOf[i]]++;
  for (const [resourceId, ids] of Object.entries(input.order ?? {})) {
    const r = resources.get(resourceId);
    if (r === undefined) fail(`an order is given for unknown resource '${resourceId}'`, `order.${resourceId}`);
    const order = Int32Array.from(ids, (id, k) => {
      const i = taskIndex.get(id);
      if (i === undefined) fail(`the order of '${resourceId}' names unknown task '${id}'`, `order.${resourceId}[${k}]`);
      if (resourceOf[i] !== r)
        fail(
          `the order of '${resourceId}' names task '${id}', which runs on '${input.tasks[i].resource}'`,
          `order.${resourceId}[${k}]`,
        );
      if (listed[i]) fail(`the order of '${resourceId}' names task '${id}' twice`, `order.${resourceId}[${k}]`);
      listed[i] = 1;
      return i;
    });
    if (order.length !== counts[r]) {
      const missing = input.tasks.filter((_task, i) => resourceOf[i] === r && !listed[i]).map((task) => `'${task.id}'`);
      fail(
        `the order of '${resourceId}' must list every task of the resource; missing ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`,
        `order.${resourceId}`,
      );
    }
    orders[r] = order;
  }
  return orders;
}

/** The default sort compares UTF-16 code units natively, much faster than a comparator callback. */
function rankIds(tasks: readonly SimTask[], taskIndex: Map<string, number>): Int32Array {
  const sorted = tasks.map((task) => task.id).sort();
  const rank = new Int32Array(tasks.length);
  for (let position = 0; position < sorted.length; position++) rank[taskIndex.get(sorted[position])!] = position;
  return rank;
}

/**
 * Checks a simulation input and builds its indexed form; throws a `SchedlabError` of
 * kind 'model' for duplicate ids, unknown resources or dependencies, negative or
 * non-finite durations, lags and release times, bad capacities and incomplete orders.
 * Cycles are found later, by `dependencyOrder` (topology.ts).
 */
export function compileDag(input: SimulationInput): CompiledDag {
  if (!Array.isArray(input?.resources)) fail('the simulation input needs an array of resources', 'resources');
  if (!Array.isArray(input.tasks)) fail('the simulation input needs an array of tasks', 'tasks');
  const { ids, index: resources, capacity } = compileResources(input);
  const tasks = input.tasks;
  const taskIndex = indexTasks(tasks);
  const n = tasks.length;
  const resourceOf = new Int32Array(n);
  const duration = new Float64Array(n);
  const release = new Float64Array(n);
  const priority = new Float64Array(n);
  let lastResource: string | undefined;
  for (let i = 0; i < n; i++) {
    const task = tasks[i];
    // Tasks of one resource often come in runs; reusing the last lookup skips most hashing.
    const r = task.resource === lastResource ? resourceOf[i - 1] : resources.get(task.resource);
    lastResource = task.resource;
    if (r === undefined)
      fail(
        `task '${task.id}' runs on unknown resource '${String(task.resource)}'; declare it in resources`,
        `tasks[${i}].resource`,
      );
    resourceOf[i] = r;
    duration[i] = task.duration;
    release[i] = task.release ?? 0;
    priority[i] = task.priority ?? 0;
    if (!isNumberAtLeast(task.duration, 0))
      notANumber(`duration of task '${task.id}'`, task.duration, 0, `tasks[${i}].duration`);
    if (!isNumberAtLeast(release[i], 0))
      notANumber(`release time of task '${task.id}'`, task.release, 0, `tasks[${i}].release`);
    if (!isNumberAtLeast(priority[i], -Infinity))
      notANumber(`priority of task '${task.id}'`, task.priority, -Infinity, `tasks[${i}].priority`);
    if (task.memory !== undefined) checkMemory(task, i);
  }
  const edges = buildEdges(tasks, taskIndex);
  const orders = compileOrders(input, resources, taskIndex, resourceOf);
  return {
    tasks,
    taskIndex,
    resourceIds: ids,
    capacity,
    resourceOf,
    duration,
    release,
    priority,
    idRank: rankIds(tasks, taskIndex),
    ...edges,
    orders,
  };
}
