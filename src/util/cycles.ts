/**
 * The cycle to name when a graph that must be acyclic is not: the check where graphs are
 * read and validated (the RCPSP parser and readers, the simulator's input). Kahn's order
 * (`dag.ts`) decides whether there is a cycle, on typed arrays; only then is the part it
 * could not place read into a graphlib graph, whose `alg.findCycles` gives the strongly
 * connected components, and `cycleAmong` walks one cycle inside the one with the lowest node.
 *
 * graphlib's Tarjan recurses once per node along a path, and Node's stack ends near 1,500
 * such frames (graphlib 4.0.8), so a larger blocked part is walked directly: the walk needs
 * only that each node has a predecessor in the set, which Kahn's remainder has too.
 */
import { alg, Graph } from '@dagrejs/graphlib';
import { blockedNodes, cycleAmong, type Dag } from './dag.js';

/** The largest blocked part read into graphlib; three times below where its recursion overflows. */
export const graphlibNodeLimit = 500;

/** The cyclic component of graphlib's `findCycles` with the lowest node, as a membership mask. */
function lowestCyclicComponent(dag: Dag, blocked: Uint8Array): Uint8Array {
  const { start, list } = dag.successors;
  const graph = new Graph();
  for (let i = 0; i < dag.n; i++) if (blocked[i]) graph.setNode(String(i));
  for (let i = 0; i < dag.n; i++) {
    if (!blocked[i]) continue;
    for (let k = start[i]; k < start[i + 1]; k++) if (blocked[list[k]]) graph.setEdge(String(i), String(list[k]));
  }
  const components = alg.findCycles(graph).map((component) => component.map(Number));
  const lowestNode = components.map((component) => Math.min(...component));
  const lowest = components[lowestNode.indexOf(Math.min(...lowestNode))];
  const member = new Uint8Array(dag.n);
  for (const i of lowest) member[i] = 1;
  return member;
}

/**
 * One cycle of the graph in edge order, starting at its lowest node and not repeated at the
 * end (`[a, b, c]` is a → b → c → a); undefined when the graph is acyclic. When there are
 * several, the cycle lies in the strongly connected component with the lowest node (up to
 * `graphlibNodeLimit` blocked nodes; beyond, somewhere among them).
 *
 * @example
 * ```ts
 * findCycle(dagOfSuccessors([[1], [2], [3], [1]])); // Int32Array [1, 2, 3]
 * ```
 */
export function findCycle(dag: Dag): Int32Array | undefined {
  const blocked = blockedNodes(dag);
  if (blocked === undefined) return undefined;
  let count = 0;
  for (let i = 0; i < dag.n; i++) count += blocked[i];
  return cycleAmong(dag, count <= graphlibNodeLimit ? lowestCyclicComponent(dag, blocked) : blocked);
}
