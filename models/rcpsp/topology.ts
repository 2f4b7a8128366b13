/**
 * Topological order of the precedence network, the cycle that prevents one, and the
 * critical-path passes along the order. The
 * one place that decides "is this a DAG": the instance parser and the file readers
 * report a cycle as an input error at its source, so the bounds, the heuristics and
 * the formulation only meet cycles in instances built in code.
 */
import { inputError } from '../../src/errors.js';
import type { RcpspInstance } from './instance.js';

/** Successor lists by activity index: `successors[i]` are the activities after i. */
type Successors = readonly (readonly number[])[];

/** Kahn's algorithm: indices with every predecessor first; undefined when precedence has a cycle. */
export function orderOfSuccessors(successors: Successors): number[] | undefined {
  const n = successors.length;
  const indegree = new Int32Array(n);
  for (const list of successors) for (const s of list) indegree[s]++;
  const order: number[] = [];
  for (let j = 0; j < n; j++) if (indegree[j] === 0) order.push(j);
  for (let k = 0; k < order.length; k++) {
    for (const s of successors[order[k]]) if (--indegree[s] === 0) order.push(s);
  }
  return order.length === n ? order : undefined;
}

/**
 * One precedence cycle as the indices along it (the first is repeated at the end:
 * [a, b, c, a]); undefined when there is none. Iterative DFS, so long chains cannot
 * overflow the stack.
 */
export function findCycle(successors: Successors): number[] | undefined {
  const n = successors.length;
  // 0 unvisited, 1 on the current path, 2 done.
  const state = new Uint8Array(n);
  const next = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    const path = [root];
    state[root] = 1;
    while (path.length > 0) {
      const i = path[path.length - 1];
      if (next[i] === successors[i].length) {
        state[i] = 2;
        path.pop();
        continue;
      }
      const s = successors[i][next[i]++];
      if (state[s] === 1) return [...path.slice(path.indexOf(s)), s];
      if (state[s] === 0) {
        state[s] = 1;
        path.push(s);
      }
    }
  }
  return undefined;
}

/** "A → B → A", naming activities by `nameOf`; long cycles are shortened in the middle. */
export function describeCycle(cycle: number[], nameOf: (j: number) => string): string {
  const names = cycle.map(nameOf);
  const shown = names.length <= 12 ? names : [...names.slice(0, 6), '…', ...names.slice(-5)];
  return shown.join(' → ');
}

/** Activity indices in an order where every predecessor comes first; undefined when precedence has a cycle. */
export function topologicalOrder(instance: RcpspInstance): number[] | undefined {
  return orderOfSuccessors(instance.activities.map((a) => a.successors));
}

/**
 * The topological order, or an input error naming the cycle and the path of an
 * activity on it (`data.activities[4].successors`), as the schema errors do.
 */
export function requireTopologicalOrder(instance: RcpspInstance): number[] {
  const order = topologicalOrder(instance);
  if (order !== undefined) return order;
  const cycle = findCycle(instance.activities.map((a) => a.successors))!;
  throw inputError(cycleMessage(instance, cycle), { path: `data.activities[${cycle[0]}].successors` });
}

/** The message of a precedence-cycle error, shared by the parser and the readers. */
export function cycleMessage(instance: Pick<RcpspInstance, 'name' | 'activities'>, cycle: number[]): string {
  const route = describeCycle(cycle, (j) => instance.activities[j].id);
  return `instance '${instance.name}': the precedence relations have a cycle ${route}; remove one of its arcs`;
}

/**
 * Critical-path passes in place along `order`: heads forward (`earliest` starts, seeded with
 * the release dates), then latest finishes backward (`latestFinish`, seeded with the deadlines).
 *
 * @example
 * ```ts
 * const earliest = instance.activities.map((a) => a.release);
 * const latestFinish = instance.activities.map((a) => a.deadline);
 * criticalPathPasses(instance, requireTopologicalOrder(instance), earliest, latestFinish);
 * ```
 */
export function criticalPathPasses(
  instance: RcpspInstance,
  order: number[],
  earliest: number[],
  latestFinish: number[],
): void {
  const { activities } = instance;
  for (const j of order)
    for (const s of activities[j].successors) earliest[s] = Math.max(earliest[s], earliest[j] + activities[j].duration);
  for (let k = order.length - 1; k >= 0; k--) {
    const j = order[k];
    for (const s of activities[j].successors)
      latestFinish[j] = Math.min(latestFinish[j], latestFinish[s] - activities[s].duration);
  }
}
