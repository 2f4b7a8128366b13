/**
 * Nothing in a manifest is silently ignored: every field of a Pod, Node,
 * PodDisruptionBudget, PodGroup, PriorityClass or List is either read by the model,
 * accepted because it cannot change where a pod may go (annotations, images, probes,
 * status), or refused with its path and what to do. A field this table does not know
 * (a typo, or a newer Kubernetes field) is refused too. The table follows k8s.io/api
 * (core/v1, policy/v1) and scheduler-plugins' scheduling.x-k8s.io/v1alpha1 PodGroup.
 */
import { failAt } from '../../src/family/schema.js';

/** A refused field: why, and what to do instead; `unless` accepts the values that change nothing. */
export interface Refusal {
  refuse: string;
  unless?: (value: unknown) => boolean;
}

/** An object whose keys are checked (`each`: a list of such objects). */
export interface Fields {
  fields: Record<string, FieldPolicy>;
  each?: boolean;
}

/** `read`: the model reads it; `accept`: it cannot change a placement, so it is accepted unread. */
export type FieldPolicy = 'read' | 'accept' | Refusal | Fields;

const refuse = (refusal: string, unless?: (value: unknown) => boolean): Refusal => ({ refuse: refusal, unless });
const fields = (table: Record<string, FieldPolicy>): Fields => ({ fields: table });
const each = (table: Record<string, FieldPolicy>): Fields => ({ fields: table, each: true });
const accepted = (...names: string[]): Record<string, FieldPolicy> =>
  Object.fromEntries(names.map((name) => [name, 'accept' as const]));
const read = (...names: string[]): Record<string, FieldPolicy> =>
  Object.fromEntries(names.map((name) => [name, 'read' as const]));

const ownerReference = each({
  ...accepted('apiVersion', 'uid', 'blockOwnerDeletion'),
  kind: 'read',
  name: 'read',
  controller: 'read',
});

/** ObjectMeta: what identifies, labels and orders an object is read; bookkeeping is accepted. */
const objectMeta = fields({
  ...accepted('generateName', 'selfLink', 'uid', 'resourceVersion', 'generation', 'deletionTimestamp'),
  ...accepted('deletionGracePeriodSeconds', 'finalizers', 'managedFields'),
  ...read('name', 'namespace', 'labels', 'annotations', 'creationTimestamp'),
  ownerReferences: ownerReference,
});

const claims = refuse(
  'Dynamic Resource Allocation (resource claims) is not modeled; request devices as extended resources (e.g. nvidia.com/gpu) instead',
);

const container = each({
  ...accepted('name', 'image', 'command', 'args', 'workingDir', 'env', 'envFrom', 'volumeMounts', 'volumeDevices'),
  ...accepted('livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath'),
  ...accepted('terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty'),
  ...accepted('resizePolicy', 'restartPolicyRules'),
  restartPolicy: 'read',
  ports: each({ name: 'accept', containerPort: 'read', hostPort: 'read', protocol: 'read', hostIP: 'read' }),
  resources: fields({ requests: 'read', limits: 'read', claims }),
});

const volumeRefusal = (source: string) =>
  refuse(
    `a ${source} volume can restrict where the pod goes (volume binding, zones, attach limits), which is not modeled; remove the volume to pack by requests alone`,
  );
/** Volume sources that no scheduler filter reads; every other source is refused. */
const harmlessVolumes = [
  'emptyDir',
  'configMap',
  'secret',
  'downwardAPI',
  'projected',
  'hostPath',
  'nfs',
  'image',
  'gitRepo',
];
const schedulingVolumes = [
  'persistentVolumeClaim',
  'ephemeral',
  'csi',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cinder',
  'rbd',
  'iscsi',
  'fc',
  'flexVolume',
  'cephfs',
  'glusterfs',
  'flocker',
  'vsphereVolume',
  'quobyte',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];
const volume = each({
  name: 'accept',
  ...accepted(...harmlessVolumes),
  ...Object.fromEntries(schedulingVolumes.map((source) => [source, volumeRefusal(source)])),
});

const nodeAffinity = fields({
  requiredDuringSchedulingIgnoredDuringExecution: fields({
    nodeSelectorTerms: each({
      matchExpressions: 'read',
      matchFields: refuse(
        'matchFields (a node selector on metadata.name) is not modeled; use matchExpressions on kubernetes.io/hostname',
      ),
    }),
  }),
  preferredDuringSchedulingIgnoredDuringExecution: refuse(
    'preferred node affinity is not modeled (it only scores nodes); remove it to schedule without it',
  ),
});

/** Schedulers whose pods this model places: the default one, and scheduler-plugins' (coscheduling). */
export const modeledSchedulers = ['default-scheduler', 'scheduler-plugins-scheduler'];

const podSpec = fields({
  ...accepted('restartPolicy', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'dnsPolicy'),
  ...accepted('serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'hostPID', 'hostIPC'),
  ...accepted('shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname', 'subdomain'),
  ...accepted('hostAliases', 'dnsConfig', 'readinessGates', 'enableServiceLinks', 'setHostnameAsFQDN', 'os'),
  ...accepted('hostUsers', 'hostnameOverride', 'ephemeralContainers', 'evictionResponders', 'runtimeClassName'),
  ...read('nodeSelector', 'nodeName', 'hostNetwork', 'priority', 'priorityClassName', 'overhead', 'preemptionPolicy'),
  volumes: volume,
  containers: container,
  initContainers: container,
  tolerations: each({ key: 'read', operator: 'read', value: 'read', effect: 'read', tolerationSeconds: 'accept' }),
  affinity: fields({
    nodeAffinity,
    podAffinity: refuse('inter-pod affinity is not modeled; remove it to schedule without it'),
    podAntiAffinity: refuse('inter-pod anti-affinity is not modeled; remove it to schedule without it'),
  }),
  resources: fields({ requests: 'read', limits: 'read', claims }),
  schedulerName: refuse(
    `pods of another scheduler are placed by that scheduler, not modeled here; use ${modeledSchedulers.join(' or ')}, or leave schedulerName out`,
    (value) => typeof value === 'string' && modeledSchedulers.includes(value),
  ),
  topologySpreadConstraints: refuse(
    "a pod's own topology spread constraints are not modeled; remove them to schedule without them",
  ),
  schedulingGates: refuse(
    'a gated pod is not scheduled until its gates are removed; remove the gates, or leave the pod out',
  ),
  resourceClaims: claims,
  schedulingGroup: refuse(
    'native Workload pod groups are not modeled; label the pods scheduling.x-k8s.io/pod-group and add a PodGroup',
  ),
});

const pod = fields({ ...accepted('apiVersion', 'kind', 'status'), metadata: objectMeta, spec: podSpec });

const node = fields({
  ...accepted('apiVersion', 'kind', 'status'),
  metadata: objectMeta,
  spec: fields({
    ...accepted('podCIDR', 'podCIDRs', 'providerID', 'configSource', 'externalID'),
    unschedulable: 'read',
    taints: each({ key: 'read', value: 'read', effect: 'read', timeAdded: 'accept' }),
    podPreemptionPolicy: refuse('node-level preemption policies are not modeled; remove podPreemptionPolicy'),
  }),
});

const disruptionBudget = fields({
  ...accepted('apiVersion', 'kind', 'status'),
  metadata: objectMeta,
  spec: fields({
    minAvailable: 'read',
    maxUnavailable: 'read',
    selector: fields({ matchLabels: 'read', matchExpressions: 'read' }),
    // Every running pod counts as healthy here, so the policy for unhealthy pods changes nothing.
    unhealthyPodEvictionPolicy: 'accept',
  }),
});

const podGroup = fields({
  ...accepted('apiVersion', 'kind', 'status'),
  metadata: objectMeta,
  spec: fields({
    minMember: 'read',
    // The permit wait time: a placement has no clock, a gang is placed whole or not at all.
    scheduleTimeoutSeconds: 'accept',
    minResources: refuse(
      "coscheduling's minResources pre-check is not modeled (minMember alone gates the group); remove minResources",
    ),
  }),
});

const priorityClass = fields({
  ...accepted('apiVersion', 'kind', 'description'),
  metadata: objectMeta,
  value: 'read',
  globalDefault: 'read',
  preemptionPolicy: 'read',
});

/** The field table of each kind the reader takes. */
export const kindPolicies: Record<string, Fields> = {
  Pod: pod,
  Node: node,
  PodDisruptionBudget: disruptionBudget,
  PodGroup: podGroup,
  PriorityClass: priorityClass,
};

function isUnset(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && value !== null && Object.keys(value).length === 0)
  );
}

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
}

function checkObject(value: Record<string, unknown>, policy: Fields, path: string, kind: string): void {
  for (const [key, child] of Object.entries(value)) {
    const rule = policy.fields[key];
    if (rule === undefined)
      failAt(
        join(path, key),
        `'${key}' is not a ${kind} field this model knows (Kubernetes API, scheduler-plugins PodGroup); remove it or correct its name`,
      );
    checkFields(child, rule, join(path, key), kind);
  }
}

/**
 * Check every field of `value` against `policy`; the first refused or unknown field is an
 * input error at its path. Values of the wrong type are left to the schema that reads them.
 *
 * @example
 * ```ts
 * checkFields(object, kindPolicies.Pod, 'documents[1]', 'Pod'); // throws at documents[1].spec.volumes[0].persistentVolumeClaim
 * ```
 */
export function checkFields(value: unknown, policy: FieldPolicy, path: string, kind: string): void {
  if (policy === 'read' || policy === 'accept') return;
  if ('refuse' in policy) {
    if (isUnset(value) || (policy.unless?.(value) ?? false)) return;
    failAt(path || '(root)', policy.refuse);
  }
  if (policy.each && Array.isArray(value)) {
    value.forEach((item, k) => {
      if (typeof item === 'object' && item !== null && !Array.isArray(item))
        checkObject(item as Record<string, unknown>, policy, join(path, k), kind);
    });
    return;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    checkObject(value as Record<string, unknown>, policy, path, kind);
}

/**
 * The policy that governs a field, by its dotted path in a kind (`spec.containers[].ports`,
 * `[]` for the items of a list); a field under one that is read or accepted whole gets that
 * policy; undefined for a field the table does not know.
 *
 * @example
 * ```ts
 * policyAt('Pod', 'spec.volumes[].persistentVolumeClaim'); // { refuse: 'a persistentVolumeClaim volume ...' }
 * ```
 */
export function policyAt(kind: string, path: string): FieldPolicy | undefined {
  let policy: FieldPolicy | undefined = kindPolicies[kind];
  for (const segment of path.split('.').filter((part) => part !== '')) {
    if (policy === undefined || typeof policy === 'string' || 'refuse' in policy) return policy;
    policy = policy.fields[segment.replace(/\[\]$/, '')];
  }
  return policy;
}
