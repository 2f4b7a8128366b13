/**
 * Kubernetes manifests in and out. Reads `Node`, `Pod` and `PriorityClass` objects from
 * YAML (one or more `---` documents) or JSON, alone or inside a `List` (`NodeList`,
 * `PodList`); decisions.ts writes a placement as `Binding` and `Eviction` objects.
 *
 * A node gives `status.allocatable` (cpu, memory, pods: 110 when absent, and every named
 * resource: GPUs, ephemeral storage, huge pages), labels, taints and `spec.unschedulable`
 * (the NodeUnschedulable taint). A pod's requests are read by pod-requests.ts (containers,
 * sidecars, init containers, pod-level resources, overhead), its host ports and the rest
 * by manifest-pods.ts; its priority is
 * `spec.priority`, else its PriorityClass's value, else the global default class's, else 0;
 * its owner is the controller in `ownerReferences`. A pod with `spec.nodeName` is running;
 * it may be moved when a controller owns it and evicted always, unless the annotations
 * `schedlab.io/movable` / `schedlab.io/evictable` say "false". Pods that have Succeeded or
 * Failed are skipped. Pods keep creation order (`creationTimestamp`, then document order).
 */
import { Composer, type Document, LineCounter, Parser } from 'yaml';

type ParsedDocument = Document.Parsed;
import { z } from 'zod';
import { inputError } from '../../src/errors.js';
import { failAt, parseWithSchema } from '../../src/family/schema.js';
import { quantityAt } from './instance.js';
import { at, effect, metadata, quantity, type Located } from './manifest-common.js';
import { readBudget } from './manifest-budgets.js';
import { checkFields, kindPolicies } from './manifest-fields.js';
import { readGroups } from './manifest-groups.js';
import { parsePodObject, readPod, type PriorityClassInfo } from './manifest-pods.js';
import { parseBytes, parseCount, parseMillicores } from './quantity.js';
import { resourceKind } from './resources.js';
import type { Pod, PodNode, PodPackingInstance, Taint } from './types.js';

const nodeSchema = z.object({
  metadata,
  spec: z
    .object({
      taints: z.array(z.object({ key: z.string().min(1), value: z.string().optional(), effect })).optional(),
      unschedulable: z.boolean().optional(),
    })
    .optional(),
  status: z.object({
    allocatable: z.object({ cpu: quantity, memory: quantity, pods: quantity.optional() }).catchall(quantity),
  }),
});

const priorityClassSchema = z.object({
  metadata,
  value: z.number().int(),
  globalDefault: z.boolean().optional(),
  preemptionPolicy: z.enum(['Never', 'PreemptLowerPriority']).optional(),
});

/** In a manifest a bare number is in whole units (`cpu: 2` is two cores), unlike schedlab JSON. */
function manifestQuantity(path: string, value: string | number, parse: (value: string | number) => number): number {
  return quantityAt(path, String(value), parse);
}

/**
 * A document as plain data. The yaml library refuses a document whose aliases would expand
 * past its limit (a "billion laughs" file): that is bad input, said as such.
 */
function plainValue(document: ParsedDocument, index: number): unknown {
  try {
    return document.toJS();
  } catch (error) {
    if (error instanceof ReferenceError || /alias/i.test(String(error)))
      throw inputError(
        `YAML document ${index} expands its aliases (*name) too far to read safely (${String((error as Error).message)}); write the objects out without aliases`,
        { path: `documents[${index}]` },
      );
    throw error;
  }
}

/**
 * The documents of a YAML stream, composed one by one so that the first bad one is refused
 * at once (an 8 MB file with a duplicate key near its top took 45 s to refuse when the whole
 * stream was parsed first).
 */
function parsedDocuments(text: string): ParsedDocument[] {
  const lines = new LineCounter();
  const documents: ParsedDocument[] = [];
  for (const document of new Composer().compose(new Parser(lines.addNewLine).parse(text))) {
    const error = document.errors[0];
    if (error) {
      const { line, col } = lines.linePos(error.pos[0]);
      throw inputError(`not valid YAML or JSON: ${error.message} (line ${line}, column ${col})`, { line });
    }
    documents.push(document);
  }
  return documents;
}

function documentsOf(text: string): Located[] {
  const documents = parsedDocuments(text);
  const objects: Located[] = [];
  documents.forEach((document, d) => {
    const value = plainValue(document, d);
    if (value === null || value === undefined) return;
    objects.push({ object: value as Record<string, unknown>, path: documents.length > 1 ? `documents[${d}]` : '' });
  });
  return objects;
}

/** The kinds read here; a List (any `...List` kind) holds them in `items`. */
const kinds = ['Node', 'Pod', 'PriorityClass', 'PodDisruptionBudget', 'PodGroup'];
const listFields = new Set(['apiVersion', 'kind', 'metadata', 'items']);

/** Every object, with `List` items unpacked; a List with other fields is refused at the field. */
function flatten(located: Located[]): Located[] {
  return located.flatMap(({ object, path }) => {
    if (typeof object !== 'object' || object === null || Array.isArray(object))
      return failAt(path || '(root)', 'expected a Kubernetes object with a "kind"');
    const kind = object.kind;
    if (typeof kind !== 'string')
      return failAt(at(path, 'kind'), `missing "kind": expected ${kinds.join(', ')} or List`);
    if (!kind.endsWith('List')) return [{ object, path }];
    const extra = Object.keys(object).find((key) => !listFields.has(key));
    if (extra !== undefined)
      failAt(at(path, extra), `a ${kind} holds only apiVersion, kind, metadata and items; remove '${extra}'`);
    const items = object.items;
    if (!Array.isArray(items)) return failAt(at(path, 'items'), `a ${kind} needs an "items" array`);
    return flatten(
      items.map((item, i) => ({ object: item as Record<string, unknown>, path: at(path, `items[${i}]`) })),
    );
  });
}

/** Every object is of a kind read here, and every field of it is read, harmless, or refused (manifest-fields.ts). */
function checkObjects(items: Located[]): void {
  for (const item of items) {
    const kind = String(item.object.kind);
    if (!kinds.includes(kind))
      failAt(at(item.path, 'kind'), `kind '${kind}' is not read here; use ${kinds.join(', ')} or a List of them`);
    checkFields(item.object, kindPolicies[kind], item.path, kind);
  }
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
    ...namedAllocatable(node.status.allocatable, allocatable),
    labels: node.metadata.labels ?? {},
    taints,
  };
}

/**
 * The allocatable amounts of the resources pods can request besides cpu and memory: extended
 * resources (whole units), ephemeral storage and huge pages (bytes). Entries no pod can
 * request (`attachable-volumes-*`, `kubernetes.io/...`) constrain nothing here.
 */
function namedAllocatable(
  allocatable: Record<string, string | number>,
  path: string,
): { resources?: Record<string, number> } {
  const resources: Record<string, number> = {};
  for (const [name, value] of Object.entries(allocatable)) {
    const kind = resourceKind(name);
    if (kind === undefined) continue;
    resources[name] = manifestQuantity(`${path}.${name}`, value, kind === 'extended' ? parseCount : parseBytes);
  }
  return Object.keys(resources).length === 0 ? {} : { resources };
}

/** Two Nodes with one name would make a placement ambiguous: refused, naming both. */
function uniqueNodes(items: Located[], nodes: PodNode[]): Map<string, number> {
  const index = new Map<string, number>();
  nodes.forEach((node, k) => {
    const first = index.get(node.name);
    if (first !== undefined)
      failAt(
        at(items[k].path, 'metadata.name'),
        `Node '${node.name}' is defined twice (${items[first].path || 'the first document'} and ${items[k].path || 'this document'}); node names must be unique, remove or rename one`,
      );
    index.set(node.name, k);
  });
  return index;
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
  checkObjects(items);
  const nodeItems = byKind(items, 'Node');
  const nodes = nodeItems.map(readNode);
  if (nodes.length === 0) failAt('(root)', "the manifests define no Node; add the cluster's nodes");
  const nodeIndex = uniqueNodes(nodeItems, nodes);
  const { classes, fallback } = priorityClasses(items);
  const read = byKind(items, 'Pod')
    .map((item) => ({ item, json: parsePodObject(item) }))
    .filter(({ json }) => json.status?.phase !== 'Succeeded' && json.status?.phase !== 'Failed')
    .map(({ item, json }, order) => ({ item, order, json, pod: readPod(item, json, nodeIndex, classes, fallback) }))
    .sort((a, b) => {
      const [x, y] = [a.json.metadata.creationTimestamp ?? '', b.json.metadata.creationTimestamp ?? ''];
      return x < y ? -1 : x > y ? 1 : a.order - b.order;
    });
  const pods = read.map(({ pod }) => pod);
  uniquePods(pods);
  const selectable = read.map(({ json, pod }) => ({
    namespace: json.metadata.namespace ?? 'default',
    labels: json.metadata.labels ?? {},
    running: pod.node !== undefined,
  }));
  const budgets = byKind(items, 'PodDisruptionBudget').map((item) => readBudget(item, selectable));
  const { groups, compactGangs } = readGroups(
    byKind(items, 'PodGroup'),
    read.map(({ item, json }) => ({
      item,
      namespace: json.metadata.namespace ?? 'default',
      labels: json.metadata.labels ?? {},
      annotations: json.metadata.annotations ?? {},
    })),
  );
  return {
    name,
    nodes,
    pods,
    ...(budgets.length === 0 ? {} : { budgets }),
    ...(groups.length === 0 ? {} : { groups }),
    ...(compactGangs ? { compactGangs } : {}),
  };
}

/** The PriorityClasses by name (the built-in system ones included) and the global default, if any. */
function priorityClasses(items: Located[]): { classes: Map<string, PriorityClassInfo>; fallback?: PriorityClassInfo } {
  const read = byKind(items, 'PriorityClass').map((item) =>
    parseWithSchema(priorityClassSchema, item.object, item.path),
  );
  const info = (c: (typeof read)[number]): PriorityClassInfo => ({
    value: c.value,
    ...(c.preemptionPolicy === undefined ? {} : { preemptionPolicy: c.preemptionPolicy }),
  });
  const classes = new Map<string, PriorityClassInfo>([
    ...builtInClasses.map(([className, value]) => [className, { value }] as [string, PriorityClassInfo]),
    ...read.map((c) => [c.metadata.name, info(c)] as [string, PriorityClassInfo]),
  ]);
  const global = read.find((c) => c.globalDefault);
  return { classes, ...(global === undefined ? {} : { fallback: info(global) }) };
}

function uniquePods(pods: Pod[]): void {
  const seen = new Set<string>();
  for (const pod of pods) {
    if (seen.has(pod.name))
      failAt('(root)', `pod '${pod.name}' is defined twice; pod names must be unique per namespace`);
    seen.add(pod.name);
  }
}

export { placementObjects, placementYaml } from './decisions.js';
