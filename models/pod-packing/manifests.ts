/**
 * Kubernetes manifests in and out. Reads `Node`, `Pod` and `PriorityClass` objects from
 * YAML (one or more `---` documents) or JSON, alone or inside a `List` (`NodeList`,
 * `PodList`); decisions.ts writes a placement as `Binding` and `Eviction` objects.
 *
 * A node gives `status.allocatable` (cpu, memory, pods: 110 when absent), labels, taints
 * and `spec.unschedulable` (the NodeUnschedulable taint). A pod's requests are the sum over
 * its containers (a container without requests but with limits requests its limits), or
 * the largest init container if that is more, plus `spec.overhead`; its priority is
 * `spec.priority`, else its PriorityClass's value, else the global default class's, else 0;
 * its owner is the controller in `ownerReferences`. A pod with `spec.nodeName` is running;
 * it may be moved when a controller owns it and evicted always, unless the annotations
 * `schedlab.io/movable` / `schedlab.io/evictable` say "false". Pods that have Succeeded or
 * Failed are skipped. Pods keep creation order (`creationTimestamp`, then document order).
 */
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { inputError } from '../../src/errors.js';
import { failAt, parseWithSchema } from '../../src/family/schema.js';
import {
  checkRequirement,
  quantityAt,
  type Pod,
  type PodNode,
  type PodPackingInstance,
  type Taint,
} from './instance.js';
import { parseBytes, parseCount, parseMillicores } from './quantity.js';
import { nonZeroCpu, nonZeroMemory } from './heuristics/scoring.js';

const quantity = z.union([z.string(), z.number()]);
const stringMap = z.record(z.string(), z.string());
const effect = z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
const metadata = z.object({
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  creationTimestamp: z.string().optional(),
  ownerReferences: z
    .array(z.object({ kind: z.string(), name: z.string(), controller: z.boolean().optional() }))
    .optional(),
});

const nodeSchema = z.object({
  metadata,
  spec: z
    .object({
      taints: z.array(z.object({ key: z.string().min(1), value: z.string().optional(), effect })).optional(),
      unschedulable: z.boolean().optional(),
    })
    .optional(),
  status: z.object({ allocatable: z.object({ cpu: quantity, memory: quantity, pods: quantity.optional() }) }),
});

const resources = z
  .object({ requests: z.record(z.string(), quantity).optional(), limits: z.record(z.string(), quantity).optional() })
  .optional();
const container = z.object({ name: z.string().optional(), resources, restartPolicy: z.string().optional() });
const requirement = z.object({
  key: z.string().min(1),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
  values: z.array(z.string()).default([]),
});

const podSchema = z.object({
  metadata,
  spec: z.object({
    nodeName: z.string().min(1).optional(),
    priority: z.number().int().optional(),
    priorityClassName: z.string().optional(),
    nodeSelector: stringMap.optional(),
    affinity: z
      .object({
        nodeAffinity: z
          .object({
            requiredDuringSchedulingIgnoredDuringExecution: z
              .object({
                nodeSelectorTerms: z.array(z.object({ matchExpressions: z.array(requirement).default([]) })),
              })
              .optional(),
          })
          .optional(),
      })
      .optional(),
    tolerations: z
      .array(
        z.object({
          key: z.string().optional(),
          operator: z.enum(['Equal', 'Exists']).default('Equal'),
          value: z.string().optional(),
          effect: effect.optional(),
        }),
      )
      .optional(),
    containers: z.array(container).min(1, 'a pod needs at least one container'),
    initContainers: z.array(container).optional(),
    overhead: z.record(z.string(), quantity).optional(),
  }),
  status: z.object({ phase: z.string().optional() }).optional(),
});

const priorityClassSchema = z.object({ metadata, value: z.number().int(), globalDefault: z.boolean().optional() });

/** In a manifest a bare number is in whole units (`cpu: 2` is two cores), unlike schedlab JSON. */
function manifestQuantity(path: string, value: string | number, parse: (value: string | number) => number): number {
  return quantityAt(path, String(value), parse);
}

interface Located {
  object: Record<string, unknown>;
  path: string;
}

function documentsOf(text: string): Located[] {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return [];
  const objects: Located[] = [];
  documents.forEach((document, d) => {
    const error = document.errors[0];
    if (error) throw inputError(`not valid YAML or JSON: ${error.message}`, { line: error.linePos?.[0].line ?? 1 });
    const value = document.toJS() as unknown;
    if (value === null || value === undefined) return;
    objects.push({ object: value as Record<string, unknown>, path: documents.length > 1 ? `documents[${d}]` : '' });
  });
  return objects;
}

function at(prefix: string, rest: string): string {
  return prefix === '' ? rest : `${prefix}.${rest}`;
}

/** Every object, with `List` items unpacked. */
function flatten(located: Located[]): Located[] {
  return located.flatMap(({ object, path }) => {
    if (typeof object !== 'object' || Array.isArray(object))
      return failAt(path || '(root)', 'expected a Kubernetes object with a "kind"');
    const kind = object.kind;
    if (typeof kind !== 'string')
      return failAt(at(path, 'kind'), 'missing "kind": expected Node, Pod, PriorityClass or List');
    if (!kind.endsWith('List')) return [{ object, path }];
    const items = object.items;
    if (!Array.isArray(items)) return failAt(at(path, 'items'), `a ${kind} needs an "items" array`);
    return flatten(
      items.map((item, i) => ({ object: item as Record<string, unknown>, path: at(path, `items[${i}]`) })),
    );
  });
}

function readNode(item: Located): PodNode {
  const node = parseWithSchema(nodeSchema, item.object, item.path);
  const allocatable = at(item.path, 'status.allocatable');
  const taints: Taint[] = (node.spec?.taints ?? []).map((t) => ({
    key: t.key,
    ...(t.value === undefined ? {} : { value: t.value }),
    effect: t.effect,
  }));
  if (node.spec?.unschedulable) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  return {
    name: node.metadata.name,
    cpu: manifestQuantity(`${allocatable}.cpu`, node.status.allocatable.cpu, parseMillicores),
    memory: manifestQuantity(`${allocatable}.memory`, node.status.allocatable.memory, parseBytes),
    pods:
      node.status.allocatable.pods === undefined
        ? 110
        : manifestQuantity(`${allocatable}.pods`, node.status.allocatable.pods, parseCount),
    labels: node.metadata.labels ?? {},
    taints,
  };
}

type PodJson = z.infer<typeof podSchema>;

/**
 * One resource of a pod, as `resourcehelper.PodRequests` computes it (KEP-753): app
 * containers and sidecars (init containers with `restartPolicy: Always`) add up; each
 * other init container needs its own request plus the sidecars started before it; the
 * pod requests the larger, plus overhead. With `missing`, a container without a request
 * for the resource counts that much (the scheduler's "non-zero" requests).
 */
function podRequest(
  spec: PodJson['spec'],
  path: string,
  resource: 'cpu' | 'memory',
  parse: (q: string | number) => number,
  missing?: number,
): number {
  const amount = (c: z.infer<typeof container>, where: string) => {
    const value = c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource];
    const field = c.resources?.requests?.[resource] === undefined ? 'limits' : 'requests';
    return value === undefined
      ? (missing ?? 0)
      : manifestQuantity(`${where}.resources.${field}.${resource}`, value, parse);
  };
  let total = spec.containers.reduce((sum, c, k) => sum + amount(c, `${path}.spec.containers[${k}]`), 0);
  let sidecars = 0;
  let init = 0;
  (spec.initContainers ?? []).forEach((c, k) => {
    const own = amount(c, `${path}.spec.initContainers[${k}]`);
    if (c.restartPolicy === 'Always') [total, sidecars] = [total + own, sidecars + own];
    init = Math.max(init, c.restartPolicy === 'Always' ? sidecars : own + sidecars);
  });
  const overhead =
    spec.overhead?.[resource] === undefined
      ? 0
      : manifestQuantity(`${path}.spec.overhead.${resource}`, spec.overhead[resource], parse);
  return Math.max(total, init) + overhead;
}

/** The scheduler's requests when they differ from the actual ones (schedutil.DefaultMilliCPURequest, DefaultMemoryRequest). */
function nonZeroRequests(
  spec: PodJson['spec'],
  path: string,
  actual: { cpu: number; memory: number },
): { nonZero?: { cpu: number; memory: number } } {
  const cpu = podRequest(spec, path, 'cpu', parseMillicores, nonZeroCpu);
  const memory = podRequest(spec, path, 'memory', parseBytes, nonZeroMemory);
  return cpu === actual.cpu && memory === actual.memory ? {} : { nonZero: { cpu, memory } };
}

/**
 * Fields that change where the scheduler puts a pod but are not modeled: an input error
 * naming the first one, rather than a silently different placement.
 */
function rejectUnmodeled(object: Record<string, unknown>, path: string): void {
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const affinity = (spec.affinity ?? {}) as Record<string, unknown>;
  const nodeAffinity = (affinity.nodeAffinity ?? {}) as Record<string, unknown>;
  const unmodeled: [unknown, string, string][] = [
    [spec.topologySpreadConstraints, 'spec.topologySpreadConstraints', "a pod's own topology spread constraints"],
    [affinity.podAffinity, 'spec.affinity.podAffinity', 'inter-pod affinity'],
    [affinity.podAntiAffinity, 'spec.affinity.podAntiAffinity', 'inter-pod anti-affinity'],
    [
      nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution,
      'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution',
      'preferred node affinity',
    ],
  ];
  for (const [value, field, what] of unmodeled) {
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0))
      failAt(at(path, field), `${what} is not modeled; remove it to schedule without it`);
  }
  const required = (nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? {}) as {
    nodeSelectorTerms?: unknown;
  };
  if (!Array.isArray(required.nodeSelectorTerms)) return;
  required.nodeSelectorTerms.forEach((term: unknown, t) => {
    const fields = (term as { matchFields?: unknown } | null)?.matchFields;
    if (Array.isArray(fields) && fields.length > 0) {
      failAt(
        at(
          path,
          `spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${t}].matchFields`,
        ),
        'matchFields (a node selector on metadata.name) is not modeled; use matchExpressions on kubernetes.io/hostname',
      );
    }
  });
}

function flag(annotations: Record<string, string> | undefined, name: string, fallback: boolean): boolean {
  const value = annotations?.[`schedlab.io/${name}`];
  return value === undefined ? fallback : value !== 'false';
}

function readPod(
  item: Located,
  pod: PodJson,
  nodes: Map<string, number>,
  classes: Map<string, number>,
  fallbackPriority: number,
): Pod {
  const { metadata: meta, spec } = pod;
  const namespace = meta.namespace ?? 'default';
  const controller = meta.ownerReferences?.find((o) => o.controller) ?? meta.ownerReferences?.[0];
  let priority = spec.priority;
  if (priority === undefined && spec.priorityClassName !== undefined) {
    priority = classes.get(spec.priorityClassName);
    if (priority === undefined)
      failAt(
        at(item.path, 'spec.priorityClassName'),
        `unknown PriorityClass '${spec.priorityClassName}'; include it in the manifests or set spec.priority`,
      );
  }
  let node: number | undefined;
  if (spec.nodeName !== undefined) {
    node = nodes.get(spec.nodeName);
    if (node === undefined)
      failAt(
        at(item.path, 'spec.nodeName'),
        `the pod runs on node '${spec.nodeName}', which the manifests do not define; add that Node`,
      );
  }
  rejectUnmodeled(item.object, item.path);
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  terms.forEach((term, t) =>
    term.matchExpressions.forEach((req, r) =>
      checkRequirement(
        req,
        at(
          item.path,
          `spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${t}].matchExpressions[${r}]`,
        ),
      ),
    ),
  );
  const requests = {
    cpu: podRequest(spec, item.path, 'cpu', parseMillicores),
    memory: podRequest(spec, item.path, 'memory', parseBytes),
  };
  return {
    name: namespace === 'default' ? meta.name : `${namespace}/${meta.name}`,
    ...requests,
    ...nonZeroRequests(spec, item.path, requests),
    priority: priority ?? fallbackPriority,
    ...(controller ? { owner: `${controller.kind}/${controller.name}` } : {}),
    nodeSelector: spec.nodeSelector ?? {},
    affinity: terms.map((term) => term.matchExpressions),
    tolerations: spec.tolerations ?? [],
    ...(node === undefined ? {} : { node }),
    movable: node !== undefined && flag(meta.annotations, 'movable', controller !== undefined),
    evictable: node !== undefined && flag(meta.annotations, 'evictable', true),
  };
}

/** The PriorityClasses every cluster has without a manifest (scheduling.SystemPriorityClasses). */
const builtInClasses: [string, number][] = [
  ['system-node-critical', 2000001000],
  ['system-cluster-critical', 2000000000],
];

function byKind(items: Located[], kind: string): Located[] {
  return items.filter((item) => item.object.kind === kind);
}

/**
 * Read Kubernetes manifests (YAML documents or JSON) into one instance; errors name the
 * path of the field (`documents[2].spec.containers`, `items[0].status.allocatable.cpu`).
 *
 * @example
 * ```ts
 * const instance = readManifests(readFileSync('cluster.yaml', 'utf8'), 'cluster');
 * ```
 */
export function readManifests(text: string, name = 'manifests'): PodPackingInstance {
  const items = flatten(documentsOf(text));
  const unknown = items.find((item) => !['Node', 'Pod', 'PriorityClass'].includes(String(item.object.kind)));
  if (unknown)
    failAt(
      at(unknown.path, 'kind'),
      `kind '${String(unknown.object.kind)}' is not read here; use Node, Pod, PriorityClass or a List of them`,
    );
  const nodes = byKind(items, 'Node').map(readNode);
  if (nodes.length === 0) failAt('(root)', "the manifests define no Node; add the cluster's nodes");
  const nodeIndex = new Map(nodes.map((n, k) => [n.name, k]));
  const classes = byKind(items, 'PriorityClass').map((item) =>
    parseWithSchema(priorityClassSchema, item.object, item.path),
  );
  const classValue = new Map([
    ...builtInClasses,
    ...classes.map((c) => [c.metadata.name, c.value] as [string, number]),
  ]);
  const fallback = classes.find((c) => c.globalDefault)?.value ?? 0;
  const pods = byKind(items, 'Pod')
    .map((item) => ({ item, pod: parseWithSchema(podSchema, item.object, item.path) }))
    .filter(({ pod }) => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed')
    .map(({ item, pod }, order) => ({
      order,
      created: pod.metadata.creationTimestamp ?? '',
      pod: readPod(item, pod, nodeIndex, classValue, fallback),
    }))
    .sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.order - b.order))
    .map(({ pod }) => pod);
  const seen = new Set<string>();
  for (const pod of pods) {
    if (seen.has(pod.name))
      failAt('(root)', `pod '${pod.name}' is defined twice; pod names must be unique per namespace`);
    seen.add(pod.name);
  }
  return { name, nodes, pods };
}

export { placementObjects, placementYaml } from './decisions.js';
