/**
 * Kubernetes manifests in and out. Reads `Node`, `Pod` and `PriorityClass` objects from
 * YAML (one or more `---` documents) or JSON, alone or inside a `List` (`NodeList`,
 * `PodList`); writes a placement as `Binding` and `Eviction` objects.
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
import { parseAllDocuments, stringify } from 'yaml';
import { z } from 'zod';
import { inputError } from '../../src/errors.js';
import { failAt, parseWithSchema } from '../../src/family/schema.js';
import { checkRequirement, quantityAt, type Pod, type PodNode, type PodPackingInstance, type PodPackingSolution, type Taint } from './instance.js';
import { parseBytes, parseCount, parseMillicores } from './quantity.js';

const quantity = z.union([z.string(), z.number()]);
const stringMap = z.record(z.string(), z.string());
const effect = z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
const metadata = z.object({
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  creationTimestamp: z.string().optional(),
  ownerReferences: z.array(z.object({ kind: z.string(), name: z.string(), controller: z.boolean().optional() })).optional(),
});

const nodeSchema = z.object({
  metadata,
  spec: z.object({
    taints: z.array(z.object({ key: z.string().min(1), value: z.string().optional(), effect })).optional(),
    unschedulable: z.boolean().optional(),
  }).optional(),
  status: z.object({ allocatable: z.object({ cpu: quantity, memory: quantity, pods: quantity.optional() }) }),
});

const resources = z.object({ requests: z.record(z.string(), quantity).optional(), limits: z.record(z.string(), quantity).optional() }).optional();
const container = z.object({ name: z.string().optional(), resources });
const requirement = z.object({ key: z.string().min(1), operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']), values: z.array(z.string()).default([]) });

const podSchema = z.object({
  metadata,
  spec: z.object({
    nodeName: z.string().min(1).optional(),
    priority: z.number().int().optional(),
    priorityClassName: z.string().optional(),
    nodeSelector: stringMap.optional(),
    affinity: z.object({ nodeAffinity: z.object({ requiredDuringSchedulingIgnoredDuringExecution: z.object({
      nodeSelectorTerms: z.array(z.object({ matchExpressions: z.array(requirement).default([]) })),
    }).optional() }).optional() }).optional(),
    tolerations: z.array(z.object({ key: z.string().optional(), operator: z.enum(['Equal', 'Exists']).default('Equal'), value: z.string().optional(), effect: effect.optional() })).optional(),
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
    if (typeof object !== 'object' || Array.isArray(object)) return failAt(path || '(root)', 'expected a Kubernetes object with a "kind"');
    const kind = object.kind;
    if (typeof kind !== 'string') return failAt(at(path, 'kind'), 'missing "kind": expected Node, Pod, PriorityClass or List');
    if (!kind.endsWith('List')) return [{ object, path }];
    const items = object.items;
    if (!Array.isArray(items)) return failAt(at(path, 'items'), `a ${kind} needs an "items" array`);
    return flatten(items.map((item, i) => ({ object: item as Record<string, unknown>, path: at(path, `items[${i}]`) })));
  });
}

function readNode(item: Located): PodNode {
  const node = parseWithSchema(nodeSchema, item.object, item.path);
  const allocatable = at(item.path, 'status.allocatable');
  const taints: Taint[] = (node.spec?.taints ?? []).map((t) => ({ key: t.key, ...(t.value === undefined ? {} : { value: t.value }), effect: t.effect }));
  if (node.spec?.unschedulable) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  return {
    name: node.metadata.name,
    cpu: manifestQuantity(`${allocatable}.cpu`, node.status.allocatable.cpu, parseMillicores),
    memory: manifestQuantity(`${allocatable}.memory`, node.status.allocatable.memory, parseBytes),
    pods: node.status.allocatable.pods === undefined ? 110 : manifestQuantity(`${allocatable}.pods`, node.status.allocatable.pods, parseCount),
    labels: node.metadata.labels ?? {},
    taints,
  };
}

type PodJson = z.infer<typeof podSchema>;

/** One resource of a pod: max(sum over containers, largest init container) + overhead. */
function podRequest(spec: PodJson['spec'], path: string, resource: 'cpu' | 'memory', parse: (q: string | number) => number): number {
  const amount = (c: z.infer<typeof container>, where: string) => {
    const value = c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource];
    const field = c.resources?.requests?.[resource] === undefined ? 'limits' : 'requests';
    return value === undefined ? 0 : manifestQuantity(`${where}.resources.${field}.${resource}`, value, parse);
  };
  const containers = spec.containers.reduce((total, c, k) => total + amount(c, `${path}.spec.containers[${k}]`), 0);
  const init = Math.max(0, ...(spec.initContainers ?? []).map((c, k) => amount(c, `${path}.spec.initContainers[${k}]`)));
  const overhead = spec.overhead?.[resource] === undefined ? 0 : manifestQuantity(`${path}.spec.overhead.${resource}`, spec.overhead[resource], parse);
  return Math.max(containers, init) + overhead;
}

function flag(annotations: Record<string, string> | undefined, name: string, fallback: boolean): boolean {
  const value = annotations?.[`schedlab.io/${name}`];
  return value === undefined ? fallback : value !== 'false';
}

function readPod(item: Located, pod: PodJson, nodes: Map<string, number>, classes: Map<string, number>, fallbackPriority: number): Pod {
  const { metadata: meta, spec } = pod;
  const namespace = meta.namespace ?? 'default';
  const controller = meta.ownerReferences?.find((o) => o.controller) ?? meta.ownerReferences?.[0];
  let priority = spec.priority;
  if (priority === undefined && spec.priorityClassName !== undefined) {
    priority = classes.get(spec.priorityClassName);
    if (priority === undefined) failAt(at(item.path, 'spec.priorityClassName'), `unknown PriorityClass '${spec.priorityClassName}'; include it in the manifests or set spec.priority`);
  }
  let node: number | undefined;
  if (spec.nodeName !== undefined) {
    node = nodes.get(spec.nodeName);
    if (node === undefined) failAt(at(item.path, 'spec.nodeName'), `the pod runs on node '${spec.nodeName}', which the manifests do not define; add that Node`);
  }
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  terms.forEach((term, t) => term.matchExpressions.forEach((req, r) => checkRequirement(req, at(item.path, `spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${t}].matchExpressions[${r}]`))));
  return {
    name: namespace === 'default' ? meta.name : `${namespace}/${meta.name}`,
    cpu: podRequest(spec, item.path, 'cpu', parseMillicores),
    memory: podRequest(spec, item.path, 'memory', parseBytes),
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
  if (unknown) failAt(at(unknown.path, 'kind'), `kind '${String(unknown.object.kind)}' is not read here; use Node, Pod, PriorityClass or a List of them`);
  const nodes = byKind(items, 'Node').map(readNode);
  if (nodes.length === 0) failAt('(root)', 'the manifests define no Node; add the cluster\'s nodes');
  const nodeIndex = new Map(nodes.map((n, k) => [n.name, k]));
  const classes = byKind(items, 'PriorityClass').map((item) => parseWithSchema(priorityClassSchema, item.object, item.path));
  const classValue = new Map(classes.map((c) => [c.metadata.name, c.value]));
  const fallback = classes.find((c) => c.globalDefault)?.value ?? 0;
  const pods = byKind(items, 'Pod')
    .map((item) => ({ item, pod: parseWithSchema(podSchema, item.object, item.path) }))
    .filter(({ pod }) => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed')
    .map(({ item, pod }, order) => ({ order, created: pod.metadata.creationTimestamp ?? '', pod: readPod(item, pod, nodeIndex, classValue, fallback) }))
    .sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.order - b.order))
    .map(({ pod }) => pod);
  const seen = new Set<string>();
  for (const pod of pods) {
    if (seen.has(pod.name)) failAt('(root)', `pod '${pod.name}' is defined twice; pod names must be unique per namespace`);
    seen.add(pod.name);
  }
  return { name, nodes, pods };
}

function podRef(name: string): { name: string; namespace: string } {
  const slash = name.indexOf('/');
  return slash < 0 ? { name, namespace: 'default' } : { namespace: name.slice(0, slash), name: name.slice(slash + 1) };
}

/**
 * The decisions of a placement as Kubernetes objects: an `Eviction` per evicted or moved
 * running pod (a moved one is annotated with the node its replacement should go to), and
 * a `Binding` per pending pod that gets a node.
 *
 * @example
 * ```ts
 * const list = placementObjects(instance, solution); // { apiVersion: 'v1', kind: 'List', items: [...] }
 * ```
 */
export function placementObjects(instance: PodPackingInstance, solution: PodPackingSolution): { apiVersion: 'v1'; kind: 'List'; items: object[] } {
  const evictions: object[] = [];
  const bindings: object[] = [];
  instance.pods.forEach((pod, p) => {
    const n = solution.assignment[p] ?? -1;
    if (pod.node === undefined) {
      if (n >= 0) bindings.push({ apiVersion: 'v1', kind: 'Binding', metadata: podRef(pod.name), target: { apiVersion: 'v1', kind: 'Node', name: instance.nodes[n].name } });
    } else if (n !== pod.node) {
      const annotations = n >= 0 ? { annotations: { 'schedlab.io/reschedule-to': instance.nodes[n].name } } : {};
      evictions.push({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { ...podRef(pod.name), ...annotations } });
    }
  });
  return { apiVersion: 'v1', kind: 'List', items: [...evictions, ...bindings] };
}

/**
 * The decisions as multi-document YAML (evictions first, then bindings).
 *
 * @example
 * ```ts
 * writeFileSync('decisions.yaml', placementYaml(instance, solution));
 * ```
 */
export function placementYaml(instance: PodPackingInstance, solution: PodPackingSolution): string {
  return placementObjects(instance, solution).items.map((item) => stringify(item)).join('---\n');
}
