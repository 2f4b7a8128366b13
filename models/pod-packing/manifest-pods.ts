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
  }),
  status: z.object({ phase: z.string().optional() }).optional(),
});

export type PodJson = z.infer<typeof podSchema>;

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

function priorityOf(item: Located, pod: PodJson, classes: Map<string, number>, fallback: number): number {
  const { spec } = pod;
  if (spec.priority !== undefined || spec.priorityClassName === undefined) return spec.priority ?? fallback;
  const value = classes.get(spec.priorityClassName);
  if (value === undefined)
    failAt(
      at(item.path, 'spec.priorityClassName'),
      `unknown PriorityClass '${spec.priorityClassName}'; include it in the manifests or set spec.priority`,
    );
  return value;
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
 * const pod = readPod(item, parseWithSchema(podSchema, item.object, item.path), nodes, classes, 0);
 * ```
 */
export function readPod(
  item: Located,
  pod: PodJson,
  nodes: Map<string, number>,
  classes: Map<string, number>,
  fallbackPriority: number,
): Pod {
  const { metadata: meta, spec } = pod;
  const namespace = meta.namespace ?? 'default';
  const controller = meta.ownerReferences?.find((o) => o.controller) ?? meta.ownerReferences?.[0];
  const priority = priorityOf(item, pod, classes, fallbackPriority);
  const node = nodeOf(item, pod, nodes);
  rejectUnmodeled(item.object, item.path);
  const affinity = affinityOf(item, pod);
  return {
    name: namespace === 'default' ? meta.name : `${namespace}/${meta.name}`,
    ...podAmounts(spec, at(item.path, 'spec')),
    ...hostPortsOf(spec, item.path),
    priority,
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
