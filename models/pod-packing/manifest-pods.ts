/**
 * Pods from manifests: requests (pod-requests.ts), host ports, priority, owner, node
 * selector, required node affinity and tolerations; a pod with `spec.nodeName` runs there.
 */
import { z } from 'zod';
import { failAt, parseWithSchema } from '../../src/family/schema.js';
import { checkRequirement, readHostPorts } from './instance.js';
import { at, effect, metadata, quantity, stringMap, type Located } from './manifest-common.js';
import { podAmounts } from './pod-requests.js';
import type { HostPort, Pod } from './types.js';

const resources = z
  .object({ requests: z.record(z.string(), quantity).optional(), limits: z.record(z.string(), quantity).optional() })
  .optional();
const port = z.object({
  containerPort: z.number().int().min(1).max(65535),
  hostPort: z.number().int().min(0).max(65535).optional(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP'),
  hostIP: z.string().optional(),
});
const container = z.object({
  name: z.string().optional(),
  resources,
  restartPolicy: z.string().optional(),
  ports: z.array(port).optional(),
});
const requirement = z.object({
  key: z.string().min(1),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
  values: z.array(z.string()).default([]),
});
const nodeSelectorTerm = z.object({ matchExpressions: z.array(requirement).default([]) });
const toleration = z.object({
  key: z.string().optional(),
  operator: z.enum(['Equal', 'Exists']).default('Equal'),
  value: z.string().optional(),
  effect: effect.optional(),
});

export const podSchema = z.object({
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
              .object({ nodeSelectorTerms: z.array(nodeSelectorTerm) })
              .optional(),
          })
          .optional(),
      })
      .optional(),
    tolerations: z.array(toleration).optional(),
    containers: z.array(container).min(1, 'a pod needs at least one container'),
    initContainers: z.array(container).optional(),
    overhead: z.record(z.string(), quantity).optional(),
    resources,
    hostNetwork: z.boolean().optional(),
    preemptionPolicy: z.enum(['Never', 'PreemptLowerPriority']).optional(),
  }),
  status: z.object({ phase: z.string().optional() }).optional(),
});

export type PodJson = z.infer<typeof podSchema>;

/**
 * The host ports the pod binds (NodePorts reads app containers and sidecars: init
 * containers with `restartPolicy: Always`); with `hostNetwork` every container port is a
 * host port, as the API server defaults it.
 */
function hostPortsOf(spec: PodJson['spec'], path: string): { hostPorts?: HostPort[] } {
  const running = [
    ...spec.containers.map((c, k) => ({ c, where: `${path}.spec.containers[${k}]` })),
    ...(spec.initContainers ?? []).flatMap((c, k) =>
      c.restartPolicy === 'Always' ? [{ c, where: `${path}.spec.initContainers[${k}]` }] : [],
    ),
  ];
  const ports: HostPort[] = [];
  for (const { c } of running)
    for (const p of c.ports ?? []) {
      const hostPort = p.hostPort || (spec.hostNetwork ? p.containerPort : 0);
      if (hostPort > 0) ports.push({ port: hostPort, protocol: p.protocol, hostIP: p.hostIP || '0.0.0.0' });
    }
  return readHostPorts(ports, at(path, 'spec.containers[*].ports'));
}

function flag(annotations: Record<string, string> | undefined, name: string, fallback: boolean): boolean {
  const value = annotations?.[`schedlab.io/${name}`];
  return value === undefined ? fallback : value !== 'false';
}

/** A PriorityClass as admission applies it to a pod: its value and its preemption policy. */
export interface PriorityClassInfo {
  value: number;
  preemptionPolicy?: 'Never' | 'PreemptLowerPriority';
}

/** The pod's class (named, else the global default), refused when named but not defined. */
function classOf(item: Located, pod: PodJson, classes: Map<string, PriorityClassInfo>, fallback?: PriorityClassInfo) {
  const name = pod.spec.priorityClassName;
  if (name === undefined) return fallback;
  const found = classes.get(name);
  if (found === undefined)
    failAt(
      at(item.path, 'spec.priorityClassName'),
      `unknown PriorityClass '${name}'; include it in the manifests or set spec.priority`,
    );
  return found;
}

/** Priority and preemption policy: the pod's own, else its class's (as the Priority admission plugin sets them). */
function priorityOf(
  item: Located,
  pod: PodJson,
  classes: Map<string, PriorityClassInfo>,
  fallback?: PriorityClassInfo,
) {
  const found = classOf(item, pod, classes, fallback);
  const policy = pod.spec.preemptionPolicy ?? found?.preemptionPolicy;
  return {
    priority: pod.spec.priority ?? found?.value ?? 0,
    ...(policy === 'Never' ? { preemptionPolicy: 'Never' as const } : {}),
  };
}

function nodeOf(item: Located, pod: PodJson, nodes: Map<string, number>): number | undefined {
  const name = pod.spec.nodeName;
  if (name === undefined) return undefined;
  const node = nodes.get(name);
  if (node === undefined)
    failAt(
      at(item.path, 'spec.nodeName'),
      `the pod runs on node '${name}', which the manifests do not define; add that Node`,
    );
  return node;
}

function affinityOf(item: Located, pod: PodJson): Pod['affinity'] {
  const terms =
    pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const base = 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms';
  terms.forEach((term, t) =>
    term.matchExpressions.forEach((req, r) =>
      checkRequirement(req, at(item.path, `${base}[${t}].matchExpressions[${r}]`)),
    ),
  );
  return terms.map((term) => term.matchExpressions);
}

/**
 * One pod, checked and converted; errors name the field's path.
 *
 * @example
 * ```ts
 * const pod = readPod(item, parseWithSchema(podSchema, item.object, item.path), nodes, classes);
 * ```
 */
export function readPod(
  item: Located,
  pod: PodJson,
  nodes: Map<string, number>,
  classes: Map<string, PriorityClassInfo>,
  fallbackClass?: PriorityClassInfo,
): Pod {
  const { metadata: meta, spec } = pod;
  const namespace = meta.namespace ?? 'default';
  const controller = meta.ownerReferences?.find((o) => o.controller) ?? meta.ownerReferences?.[0];
  const priority = priorityOf(item, pod, classes, fallbackClass);
  const node = nodeOf(item, pod, nodes);
  const affinity = affinityOf(item, pod);
  return {
    name: namespace === 'default' ? meta.name : `${namespace}/${meta.name}`,
    ...podAmounts(spec, at(item.path, 'spec')),
    ...hostPortsOf(spec, item.path),
    ...priority,
    ...(controller ? { owner: `${controller.kind}/${controller.name}` } : {}),
    nodeSelector: spec.nodeSelector ?? {},
    affinity,
    tolerations: spec.tolerations ?? [],
    ...(node === undefined ? {} : { node }),
    movable: node !== undefined && flag(meta.annotations, 'movable', controller !== undefined),
    evictable: node !== undefined && flag(meta.annotations, 'evictable', true),
  };
}

/** Parse a Pod object with the schema (paths start at the object's place in the file). */
export function parsePodObject(item: Located): PodJson {
  return parseWithSchema(podSchema, item.object, item.path);
}
