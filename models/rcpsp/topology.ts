/**
 * The precedence network as a `Dag` (`src/util/dag.ts`), its topological order, and the
 * precedence cycle that prevents one, named as an input error. The one place that decides
 * "is this a DAG": the instance parser and the file readers report a cycle as an input error
 * at its source, so the bounds, the heuristics and the formulation only meet cycles in
 * instances built in code.
 */
import { inputError } from '../../src/errors.js';
import { findCycle } from '../../src/util/cycles.js';
import { type Dag, dagOfSuccessors, topologicalOrder as orderOf } from '../../src/util/dag.js';
import type { RcpspInstance } from './instance.js';

/** Successor lists by activity index: `successors[i]` are the activities after i. */
type Successors = readonly (readonly number[])[];

/**
 * The precedence network: node j is activity j, an edge j → s for each successor.
 *
 * @example
 * ```ts
 * const dag = precedenceDag(instance);
 * ```
 */
export function precedenceDag(instance: Pick<RcpspInstance, 'activities'>): Dag {
  return dagOfSuccessors(instance.activities.map((a) => a.successors));
}

/**
 * One precedence cycle as the indices along it, starting at its lowest index (the arc back
 * to the first is implied: [a, b, c] is a → b → c → a); undefined when there is none.
 *
 * @example
 * ```ts
 * precedenceCycle([[1], [2], [3], [1]]); // [1, 2, 3]
 * ```
 */
export function precedenceCycle(successors: Successors): number[] | undefined {
  const cycle = findCycle(dagOfSuccessors(successors));
  return cycle === undefined ? undefined : Array.from(cycle);
}

/**
 * "A → B → A", naming activities by `nameOf`; long cycles are shortened in the middle.
 *
 * @example
 * ```ts
 * describeCycle([1, 2], (j) => `job ${j + 1}`); // 'job 2 → job 3 → job 2'
 * ```
 */
export function describeCycle(cycle: readonly number[], nameOf: (j: number) => string): string {
  const names = [...cycle, cycle[0]].map(nameOf);
  const shown = names.length <= 12 ? names : [...names.slice(0, 6), '…', ...names.slice(-5)];
  return shown.join(' → ');
}

/** The message of a precedence-cycle error, shared by the parser and the readers. */
export function cycleMessage(instance: Pick<RcpspInstance, 'name' | 'activities'>, cycle: readonly number[]): string {
  const route = describeCycle(cycle, (j) => instance.activities[j].id);
  return `instance '${instance.name}': the precedence relations have a cycle ${route}; remove one of its arcs`;
}

/**
 * The durations as the node lengths of the passes in `src/util/dag-paths.ts`.
 *
 * @example
 * ```ts
 * heads(dag, order, earliest, { length: activityDurations(instance) });
 * ```
 */
export function activityDurations(instance: Pick<RcpspInstance, 'activities'>): Float64Array {
  const { activities } = instance;
  const duration = new Float64Array(activities.length);
  for (let j = 0; j < activities.length; j++) duration[j] = activities[j].duration;
  return duration;
}

/**
 * Activity indices in an order where every predecessor comes first (Kahn's: the activities
 * without predecessors in index order, then each as its last predecessor is placed), for the
 * passes of `src/util/dag-paths.ts`. A cycle is an input error naming it and the path of its
 * first activity (`data.activities[4].successors`), as the schema errors do.
 *
 * @example
 * ```ts
 * const dag = precedenceDag(instance);
 * const order = precedenceOrder(instance, dag); // e.g. Int32Array [0, 1, 3, 2, ...]
 * ```
 */
export function precedenceOrder(instance: RcpspInstance, dag = precedenceDag(instance)): Int32Array {
  const order = orderOf(dag);
  if (order !== undefined) return order;
  const cycle = Array.from(findCycle(dag)!);
  throw inputError(cycleMessage(instance, cycle), { path: `data.activities[${cycle[0]}].successors` });
}

/**
 * `precedenceOrder` as a plain array: the same order, and the same input error on a cycle.
 *
 * @example
 * ```ts
 * const order = topologicalOrder(instance); // e.g. [0, 1, 3, 2, ...]
 * ```
 */
export function topologicalOrder(instance: RcpspInstance): number[] {
  return Array.from(precedenceOrder(instance));
}
