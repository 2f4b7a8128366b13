/**
 * Solutions as JSON: `{ placement: { pod: node | null } }`, and, written but not read
 * back, `pending: { pod: message }` with kube-scheduler's `FailedScheduling` message for
 * each pod left without a node (unschedulable.ts), so a user sees why in the report.
 */
import { z } from 'zod';
import { failAt, parseWithSchema } from '../../src/family/schema.js';
import type { PodPackingInstance, PodPackingSolution } from './types.js';
import { pendingMessages } from './unschedulable.js';

// `pending` is derived from the placement (the messages are recomputed), so it is accepted and not read.
const solutionSchema = z.strictObject({
  placement: z.record(z.string(), z.string().nullable()),
  pending: z.record(z.string(), z.string()).optional(),
});

/**
 * `{ placement: { pod: node | null } }` → node index per pod; a pod not listed is pending.
 *
 * @example
 * ```ts
 * parsePodPackingSolution(instance, { placement: { 'web-1': 'n1' } }); // { assignment: [0] }
 * ```
 */
export function parsePodPackingSolution(instance: PodPackingInstance, json: unknown): PodPackingSolution {
  const data = parseWithSchema(solutionSchema, json, 'solution');
  const nodes = new Map(instance.nodes.map((n, k) => [n.name, k]));
  const pods = new Set(instance.pods.map((p) => p.name));
  for (const [field, names] of [
    ['placement', Object.keys(data.placement)],
    ['pending', Object.keys(data.pending ?? {})],
  ] as const) {
    for (const name of names)
      if (!pods.has(name)) failAt(`solution.${field}.${name}`, `unknown pod '${name}'; list only the instance's pods`);
  }
  return {
    assignment: instance.pods.map((pod) => {
      const node = data.placement[pod.name];
      if (node === null || node === undefined) return -1;
      const index = nodes.get(node);
      if (index === undefined)
        failAt(
          `solution.placement.${pod.name}`,
          `unknown node '${node}'; use one of the instance's node names or null`,
        );
      return index;
    }),
  };
}

/**
 * Node index per pod → `{ placement: { pod: node | null }, pending: { pod: message } }`
 * (`pending` only when some pod is left without a node).
 *
 * @example
 * ```ts
 * serializePodPackingSolution(instance, { assignment: [0, -1] });
 * // { placement: { a: 'n1', b: null }, pending: { b: '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.' } }
 * ```
 */
export function serializePodPackingSolution(
  instance: PodPackingInstance,
  solution: PodPackingSolution,
): { placement: Record<string, string | null>; pending?: Record<string, string> } {
  const placement = Object.fromEntries(
    instance.pods.map((p, k) => {
      const node = solution.assignment[k];
      return [p.name, node >= 0 ? (instance.nodes[node]?.name ?? null) : null];
    }),
  );
  const pending = pendingMessages(instance, solution.assignment);
  return Object.keys(pending).length === 0 ? { placement } : { placement, pending };
}
