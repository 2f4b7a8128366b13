/**
 * Kubernetes pod packing instances: nodes with allocatable CPU (millicores), memory
 * (bytes) and pod slots, labels and taints; pods with requests, priority, owner
 * (ReplicaSet), node selector, required node affinity and tolerations, and for running
 * pods their current node and whether they may be moved or evicted.
 *
 * In memory nodes are referred to by index; in JSON by name. Pods are in creation order
 * (the order of the `pods` array), which the default scheduler's queue uses for ties.
 */
import { z } from 'zod';
import { failAt, parseWithSchema } from '../../src/family/schema.js';
import { SchedlabError } from '../../src/errors.js';
import { parseBytes, parseCount, parseMillicores } from './quantity.js';

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
}

/** A toleration; `operator: 'Exists'` with no key tolerates every taint. */
export interface Toleration {
  key?: string;
  operator: 'Equal' | 'Exists';
  value?: string;
  /** Absent: tolerates every effect. */
  effect?: TaintEffect;
}

/** One `matchExpressions` entry of a node selector term. */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values: string[];
}

export interface PodNode {
  name: string;
  /** Allocatable CPU in millicores. */
  cpu: number;
  /** Allocatable memory in bytes. */
  memory: number;
  /** Allocatable pod slots. */
  pods: number;
  labels: Record<string, string>;
  taints: Taint[];
}

export interface Pod {
  /** Unique: `name` in the default namespace, else `namespace/name`. */
  name: string;
  /** CPU request in millicores (sum over containers, or the largest init container). */
  cpu: number;
  /** Memory request in bytes. */
  memory: number;
  /**
   * The "non-zero" requests of the scheduler's scores, when they differ from cpu/memory:
   * each container without a request counts 100m CPU / 200Mi (manifests set this).
   */
  nonZero?: { cpu: number; memory: number };
  priority: number;
  /** The owning ReplicaSet, if any. */
  owner?: string;
  nodeSelector: Record<string, string>;
  /** Required node affinity: the terms are ORed, each term's requirements ANDed; empty means none. */
  affinity: NodeSelectorRequirement[][];
  tolerations: Toleration[];
  /** Index of the node a running pod is bound to; undefined for a pending pod. */
  node?: number;
  /** A running pod that may be recreated on another node. */
  movable: boolean;
  /** A running pod that may be evicted (left unplaced). */
  evictable: boolean;
}

export interface PodPackingInstance {
  name: string;
  nodes: PodNode[];
  pods: Pod[];
}

/** The node index of every pod, -1 for a pod left pending (or evicted). */
export interface PodPackingSolution {
  assignment: number[];
}

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

const nodeSchema = z.object({
  name: z.string().min(1),
  cpu: millicores,
  memory: millicores,
  pods: z.union([z.number().int().nonnegative(), z.string()]).default(110),
  labels,
  taints: z.array(taintSchema).default([]),
});

const podSchema = z.object({
  name: z.string().min(1),
  cpu: millicores.default(0),
  memory: millicores.default(0),
  nonZero: z.object({ cpu: z.number().int().nonnegative(), memory: z.number().int().nonnegative() }).optional(),
  priority: z.number().int().default(0),
  owner: z.string().min(1).optional(),
  nodeSelector: labels,
  affinity: z.array(z.array(requirementSchema)).default([]),
  tolerations: z.array(tolerationSchema).default([]),
  node: z.string().min(1).optional(),
  movable: z.boolean().optional(),
  evictable: z.boolean().optional(),
});

const instanceSchema = z.object({
  name: z.string().default('pod-packing'),
  nodes: z.array(nodeSchema).min(1, 'expected at least one node'),
  pods: z.array(podSchema),
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
    ...(json.nonZero === undefined ? {} : { nonZero: json.nonZero }),
    priority: json.priority,
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
 * CPU and memory are numbers (millicores, bytes) or Kubernetes quantities ("500m", "1Gi").
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
  uniqueNames(
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
      labels: n.labels,
      taints: n.taints,
    })),
    pods: data.pods.map((p, k) => toPod(p, k, nodes)),
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
      labels: n.labels,
      taints: n.taints,
    })),
    pods: instance.pods.map((p) => ({
      name: p.name,
      cpu: p.cpu,
      memory: p.memory,
      ...(p.nonZero === undefined ? {} : { nonZero: p.nonZero }),
      priority: p.priority,
      ...(p.owner === undefined ? {} : { owner: p.owner }),
      ...(Object.keys(p.nodeSelector).length > 0 ? { nodeSelector: p.nodeSelector } : {}),
      ...(p.affinity.length > 0 ? { affinity: p.affinity } : {}),
      ...(p.tolerations.length > 0 ? { tolerations: p.tolerations } : {}),
      ...(p.node === undefined
        ? {}
        : { node: instance.nodes[p.node].name, movable: p.movable, evictable: p.evictable }),
    })),
  };
}

const solutionSchema = z.object({ placement: z.record(z.string(), z.string().nullable()) });

/** `{ placement: { pod: node | null } }` → node index per pod; a pod not listed is pending. */
export function parsePodPackingSolution(instance: PodPackingInstance, json: unknown): PodPackingSolution {
  const data = parseWithSchema(solutionSchema, json, 'solution');
  const nodes = new Map(instance.nodes.map((n, k) => [n.name, k]));
  const pods = new Set(instance.pods.map((p) => p.name));
  for (const name of Object.keys(data.placement)) {
    if (!pods.has(name)) failAt(`solution.placement.${name}`, `unknown pod '${name}'; list only the instance's pods`);
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

/** Node index per pod → `{ placement: { pod: node | null } }`. */
export function serializePodPackingSolution(
  instance: PodPackingInstance,
  solution: PodPackingSolution,
): { placement: Record<string, string | null> } {
  return {
    placement: Object.fromEntries(
      instance.pods.map((p, k) => {
        const node = solution.assignment[k];
        return [p.name, node >= 0 ? (instance.nodes[node]?.name ?? null) : null];
      }),
    ),
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
