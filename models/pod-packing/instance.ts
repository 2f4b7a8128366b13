/**
 * Kubernetes pod packing instances as JSON: nodes with allocatable CPU (millicores), memory
 * (bytes), pod slots and named resources (GPUs, ephemeral storage, huge pages), labels and
 * taints; pods with requests, host ports, priority, owner (ReplicaSet), node selector,
 * required node affinity and tolerations, and for running pods their current node and
 * whether they may be moved or evicted. The types are in types.ts; solutions in solution.ts.
 */
import { z } from 'zod';
import { failAt, parseWithSchema } from '../../src/family/schema.js';
import { SchedlabError } from '../../src/errors.js';
import { parseBytes, parseCount, parseMillicores } from './quantity.js';
import { portsClash } from './evaluate-checks.js';
import { readBudgets, readGroups, writeBudgets, writeGroups } from './instance-groups.js';
import { resourceKind } from './resources.js';
import type { HostPort, NodeSelectorRequirement, Pod, PodPackingInstance } from './types.js';

export type * from './types.js';
export { parsePodPackingSolution, serializePodPackingSolution } from './solution.js';

const effect = z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
const millicores = z.union([z.number().int().nonnegative(), z.string()]);
const labels = z.record(z.string(), z.string()).default({});

const taintSchema = z.object({ key: z.string().min(1), value: z.string().optional(), effect });
const tolerationSchema = z.object({
  key: z.string().optional(),
  operator: z.enum(['Equal', 'Exists']).default('Equal'),
  value: z.string().optional(),
  effect: effect.optional(),
});
const requirementSchema = z.object({
  key: z.string().min(1),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
  values: z.array(z.string()).default([]),
});

/** Named resources: a number in the resource's unit (whole units, bytes) or a Kubernetes quantity. */
const namedResources = z.record(z.string(), z.union([z.number().int().nonnegative(), z.string()])).optional();
const hostPortSchema = z.strictObject({
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP'),
  hostIP: z.string().min(1).default('0.0.0.0'),
});

// Strict objects: a field this model does not read is refused at its path, never dropped.
const nodeSchema = z.strictObject({
  name: z.string().min(1),
  cpu: millicores,
  memory: millicores,
  pods: z.union([z.number().int().nonnegative(), z.string()]).default(110),
  resources: namedResources,
  labels,
  taints: z.array(taintSchema).default([]),
});

const podSchema = z.strictObject({
  name: z.string().min(1),
  cpu: millicores.default(0),
  memory: millicores.default(0),
  resources: namedResources,
  hostPorts: z.array(hostPortSchema).optional(),
  nonZero: z.object({ cpu: z.number().int().nonnegative(), memory: z.number().int().nonnegative() }).optional(),
  priority: z.number().int().default(0),
  preemptionPolicy: z.enum(['Never', 'PreemptLowerPriority']).optional(),
  owner: z.string().min(1).optional(),
  nodeSelector: labels,
  affinity: z.array(z.array(requirementSchema)).default([]),
  tolerations: z.array(tolerationSchema).default([]),
  node: z.string().min(1).optional(),
  movable: z.boolean().optional(),
  evictable: z.boolean().optional(),
});

const budgetSchema = z.strictObject({
  name: z.string().min(1),
  pods: z.array(z.string().min(1)),
  allowed: z.number().int().nonnegative(),
  forbid: z.boolean().optional(),
});

const instanceSchema = z.strictObject({
  name: z.string().default('pod-packing'),
  nodes: z.array(nodeSchema).min(1, 'expected at least one node'),
  pods: z.array(podSchema),
  budgets: z.array(budgetSchema).optional(),
  groups: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        minMember: z.number().int().min(1),
        pods: z.array(z.string().min(1)),
        topologyKey: z.string().min(1).optional(),
      }),
    )
    .optional(),
  topologyKey: z.string().min(1).optional(),
  compactGangs: z.boolean().optional(),
});

type InstanceJson = z.input<typeof instanceSchema>;

/** Run a quantity parser, re-throwing its error at a JSON path. */
export function quantityAt(path: string, value: string | number, parse: (value: string | number) => number): number {
  if (typeof value === 'number') return value;
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof SchedlabError) failAt(path, error.message);
    throw error;
  }
}

/**
 * Named resources at a JSON path: each name one Kubernetes schedules (resources.ts), each
 * amount in its unit; absent (not `{}`) when there are none, so a round trip is exact.
 */
export function readResources(
  json: Record<string, string | number> | undefined,
  path: string,
): { resources?: Record<string, number> } {
  if (json === undefined || Object.keys(json).length === 0) return {};
  const resources: Record<string, number> = {};
  for (const [name, value] of Object.entries(json)) {
    const kind = resourceKind(name);
    if (kind === undefined)
      failAt(
        `${path}.${name}`,
        ['cpu', 'memory', 'pods'].includes(name)
          ? `give ${name} in the '${name}' field, not among the named resources`
          : `'${name}' is not a resource the scheduler counts; use ephemeral-storage, hugepages-<size> or a domain-qualified extended resource such as nvidia.com/gpu`,
      );
    resources[name] = quantityAt(`${path}.${name}`, value, kind === 'extended' ? parseCount : parseBytes);
  }
  return { resources };
}

/**
 * Host ports; a pod may not bind one protocol and port twice on clashing IPs (the API
 * server refuses such a pod). Absent when there are none.
 */
export function readHostPorts(json: HostPort[] | undefined, path: string): { hostPorts?: HostPort[] } {
  if (json === undefined || json.length === 0) return {};
  json.forEach((port, k) => {
    const twin = json.findIndex((other, j) => j < k && portsClash(other, port));
    if (twin >= 0)
      failAt(
        `${path}[${k}]`,
        `host port ${port.protocol}/${port.port} on ${port.hostIP} clashes with entry ${twin} of the same pod; bind each port once`,
      );
  });
  return { hostPorts: json };
}

function toPod(json: z.output<typeof podSchema>, k: number, nodes: Map<string, number>): Pod {
  const path = `data.pods[${k}]`;
  let node: number | undefined;
  if (json.node !== undefined) {
    node = nodes.get(json.node);
    if (node === undefined)
      failAt(`${path}.node`, `unknown node '${json.node}'; a running pod's node must be one of the instance's nodes`);
  }
  json.affinity.forEach((term, t) => term.forEach((req, r) => checkRequirement(req, `${path}.affinity[${t}][${r}]`)));
  return {
    name: json.name,
    cpu: quantityAt(`${path}.cpu`, json.cpu, parseMillicores),
    memory: quantityAt(`${path}.memory`, json.memory, parseBytes),
    ...readResources(json.resources, `${path}.resources`),
    ...readHostPorts(json.hostPorts, `${path}.hostPorts`),
    ...(json.nonZero === undefined ? {} : { nonZero: json.nonZero }),
    priority: json.priority,
    ...(json.preemptionPolicy === 'Never' ? { preemptionPolicy: 'Never' as const } : {}),
    ...(json.owner === undefined ? {} : { owner: json.owner }),
    nodeSelector: json.nodeSelector,
    affinity: json.affinity,
    tolerations: json.tolerations,
    ...(node === undefined ? {} : { node }),
    movable: json.movable ?? (node !== undefined && json.owner !== undefined),
    evictable: json.evictable ?? node !== undefined,
  };
}

/** In, NotIn need values; Exists, DoesNotExist take none; Gt, Lt take one integer. */
export function checkRequirement(req: NodeSelectorRequirement, path: string): void {
  const needs = { In: 'some', NotIn: 'some', Exists: 'none', DoesNotExist: 'none', Gt: 'one', Lt: 'one' }[req.operator];
  const ok =
    needs === 'some'
      ? req.values.length > 0
      : needs === 'none'
        ? req.values.length === 0
        : req.values.length === 1 && /^-?\d+$/.test(req.values[0]);
  if (!ok)
    failAt(
      `${path}.values`,
      `operator ${req.operator} takes ${needs === 'some' ? 'one or more values' : needs === 'none' ? 'no values' : 'exactly one integer value'}`,
    );
}

function uniqueNames(names: string[], what: string, path: string): Map<string, number> {
  const index = new Map<string, number>();
  names.forEach((name, k) => {
    if (index.has(name)) failAt(`${path}[${k}].name`, `${what} name '${name}' is used twice; names must be unique`);
    index.set(name, k);
  });
  return index;
}

/**
 * Validate the `data` of a pod-packing instance file; errors name the path.
 * CPU and memory are numbers (millicores, bytes) or Kubernetes quantities ("500m", "1Gi");
 * `resources` holds the other resources (`{ "nvidia.com/gpu": 8, "ephemeral-storage": "100Gi" }`).
 *
 * @example
 * ```ts
 * const instance = parsePodPacking({ nodes: [{ name: 'n1', cpu: '2', memory: '4Gi' }],
 *   pods: [{ name: 'web-1', cpu: '500m', memory: '512Mi', priority: 100 }] });
 * ```
 */
export function parsePodPacking(json: unknown): PodPackingInstance {
  const data = parseWithSchema(instanceSchema, json, 'data');
  const nodes = uniqueNames(
    data.nodes.map((n) => n.name),
    'node',
    'data.nodes',
  );
  const podIndex = uniqueNames(
    data.pods.map((p) => p.name),
    'pod',
    'data.pods',
  );
  return {
    name: data.name,
    nodes: data.nodes.map((n, k) => ({
      name: n.name,
      cpu: quantityAt(`data.nodes[${k}].cpu`, n.cpu, parseMillicores),
      memory: quantityAt(`data.nodes[${k}].memory`, n.memory, parseBytes),
      pods: quantityAt(`data.nodes[${k}].pods`, n.pods, parseCount),
      ...readResources(n.resources, `data.nodes[${k}].resources`),
      labels: n.labels,
      taints: n.taints,
    })),
    pods: data.pods.map((p, k) => toPod(p, k, nodes)),
    ...readBudgets(data.budgets, podIndex),
    ...readGroups(data.groups, podIndex),
    ...(data.topologyKey === undefined ? {} : { topologyKey: data.topologyKey }),
    ...(data.compactGangs ? { compactGangs: true } : {}),
  };
}

/** The instance as the JSON `data` that `parsePodPacking` reads back (quantities as numbers). */
export function serializePodPacking(instance: PodPackingInstance): InstanceJson {
  return {
    name: instance.name,
    nodes: instance.nodes.map((n) => ({
      name: n.name,
      cpu: n.cpu,
      memory: n.memory,
      pods: n.pods,
      ...(n.resources === undefined ? {} : { resources: n.resources }),
      labels: n.labels,
      taints: n.taints,
    })),
    pods: instance.pods.map((p) => ({
      name: p.name,
      cpu: p.cpu,
      memory: p.memory,
      ...(p.resources === undefined ? {} : { resources: p.resources }),
      ...(p.hostPorts === undefined ? {} : { hostPorts: p.hostPorts }),
      ...(p.nonZero === undefined ? {} : { nonZero: p.nonZero }),
      priority: p.priority,
      ...(p.preemptionPolicy === undefined ? {} : { preemptionPolicy: p.preemptionPolicy }),
      ...(p.owner === undefined ? {} : { owner: p.owner }),
      ...(Object.keys(p.nodeSelector).length > 0 ? { nodeSelector: p.nodeSelector } : {}),
      ...(p.affinity.length > 0 ? { affinity: p.affinity } : {}),
      ...(p.tolerations.length > 0 ? { tolerations: p.tolerations } : {}),
      ...(p.node === undefined
        ? {}
        : { node: instance.nodes[p.node].name, movable: p.movable, evictable: p.evictable }),
    })),
    ...writeBudgets(instance),
    ...writeGroups(instance),
    ...(instance.topologyKey === undefined ? {} : { topologyKey: instance.topologyKey }),
    ...(instance.compactGangs ? { compactGangs: true } : {}),
  };
}

/**
 * The distinct priorities of an instance's pods, highest first: its tiers.
 *
 * @example
 * ```ts
 * priorityTiers(instance); // e.g. [1000, 100, 0]
 * ```
 */
export function priorityTiers(instance: PodPackingInstance): number[] {
  return [...new Set(instance.pods.map((p) => p.priority))].sort((a, b) => b - a);
}
