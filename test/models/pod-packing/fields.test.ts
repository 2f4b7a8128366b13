// Nothing in a manifest is silently ignored: every field of every kind the reader takes
// (as the Kubernetes API defines it, k8s-fields.ts) is read, accepted as harmless, or
// refused at its path with what to do; a field the API does not have is refused too.
import { describe, expect, it } from 'vitest';
import { checkFields, kindPolicies, policyAt } from '../../../models/pod-packing/manifest-fields.js';
import { readManifests } from '../../../models/pod-packing/manifests.js';
import { inputErrorOf } from '../../support/errors.js';
import { kubernetesFields } from './k8s-fields.js';

/** An object with `value` at the dotted path (one-element lists for `[]` segments). */
function objectWith(path: string, value: unknown): Record<string, unknown> {
  const segments = path.split('.').filter((part) => part !== '');
  let inner: unknown = value;
  for (const segment of [...segments].reverse()) {
    const key = segment.replace(/\[\]$/, '');
    inner = segment.endsWith('[]') ? { [key]: [inner] } : { [key]: inner };
  }
  return inner as Record<string, unknown>;
}

/** The concrete path of the first item at each `[]` (`spec.containers[0].ports[0]`). */
const concrete = (path: string) => path.replace(/\[\]/g, '[0]');

const cases = Object.entries(kubernetesFields).flatMap(([kind, groups]) =>
  groups.flatMap(([parent, names]) => names.map((name) => [kind, parent === '' ? name : `${parent}.${name}`] as const)),
);

describe('every field of Pod, Node, PodDisruptionBudget, PodGroup and PriorityClass', () => {
  it.each(cases)('%s %s is read, accepted or refused', (kind, path) => {
    const policy = policyAt(kind, path);
    expect(policy, `${kind}.${path} has no policy`).toBeDefined();
    if (typeof policy === 'object' && 'refuse' in policy) {
      // Set to something that is not empty, the refusal names the field and a way out.
      const error = inputErrorOf(() => checkFields(objectWith(path, ['set']), kindPolicies[kind], 'item', kind));
      expect(error.location.path).toBe(`item.${concrete(path)}`);
      expect(error.message).toMatch(/remove|use |instead|label|leave/);
    } else {
      // Read or accepted (or an object whose own fields are listed separately): an empty value passes.
      expect(() => checkFields(objectWith(path, {}), kindPolicies[kind], 'item', kind)).not.toThrow();
    }
  });

  it('refuses a field the API does not have, at its path', () => {
    const text =
      'kind: Node\nmetadata: { name: n }\nstatus: { allocatable: { cpu: "1", memory: 1Gi } }\n---\nkind: Pod\nmetadata: { name: p }\nspec: { containers: [ { name: c, resource: { limits: { nvidia.com/gpu: 1 } } } ] }\n';
    const error = inputErrorOf(() => readManifests(text));
    expect(error.location.path).toBe('documents[1].spec.containers[0].resource');
    expect(error.message).toMatch(/not a Pod field/);
  });

  it('a List holds only apiVersion, kind, metadata and items', () => {
    const list = (extra: string) =>
      `apiVersion: v1\nkind: List\nmetadata: { resourceVersion: "1" }\n${extra}items:\n  - { kind: Node, metadata: { name: n }, status: { allocatable: { cpu: "1", memory: 1Gi } } }\n`;
    expect(readManifests(list('')).nodes).toHaveLength(1);
    const error = inputErrorOf(() => readManifests(list('selector: { app: x }\n')));
    expect(error.location.path).toBe('selector');
    expect(error.message).toMatch(/remove 'selector'/);
  });

  it('refuses a volume that constrains scheduling, and accepts the ones no filter reads', () => {
    const pod = (volume: string) =>
      `kind: Node\nmetadata: { name: n }\nstatus: { allocatable: { cpu: "1", memory: 1Gi } }\n---\nkind: Pod\nmetadata: { name: p }\nspec: { volumes: [ ${volume} ], containers: [ { name: c } ] }\n`;
    const error = inputErrorOf(() => readManifests(pod('{ name: data, persistentVolumeClaim: { claimName: d } }')));
    expect(error.location.path).toBe('documents[1].spec.volumes[0].persistentVolumeClaim');
    expect(error.message).toMatch(/remove the volume/);
    expect(readManifests(pod('{ name: tmp, emptyDir: {} }, { name: cfg, configMap: { name: x } }')).pods).toHaveLength(
      1,
    );
  });

  it('reads a pod as `kubectl get pod -o yaml` prints it: metadata bookkeeping, probes and status accepted', () => {
    const text = `apiVersion: v1
kind: Node
metadata: { name: n, uid: 1, resourceVersion: "9", labels: { kubernetes.io/hostname: n } }
spec: { podCIDR: 10.0.0.0/24, providerID: "aws:///i-1" }
status:
  capacity: { cpu: "8", memory: 32Gi, pods: "110" }
  allocatable: { cpu: "8", memory: 32Gi, pods: "110" }
  conditions: [ { type: Ready, status: "True" } ]
  nodeInfo: { kubeletVersion: v1.30.0 }
---
apiVersion: v1
kind: Pod
metadata:
  name: web-7d9f-abcde
  generateName: web-7d9f-
  namespace: prod
  uid: 1234
  resourceVersion: "42"
  labels: { app: web, pod-template-hash: 7d9f }
  annotations: { kubectl.kubernetes.io/restartedAt: "2024-05-01" }
  ownerReferences: [ { apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f, uid: 77, controller: true, blockOwnerDeletion: true } ]
  managedFields: [ { manager: kube-controller-manager, operation: Update } ]
spec:
  schedulerName: default-scheduler
  serviceAccountName: default
  restartPolicy: Always
  dnsPolicy: ClusterFirst
  terminationGracePeriodSeconds: 30
  securityContext: {}
  volumes: [ { name: kube-api-access, projected: { sources: [ { serviceAccountToken: { path: token } } ] } } ]
  tolerations: [ { key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300 } ]
  containers:
    - name: web
      image: nginx:1.25
      imagePullPolicy: IfNotPresent
      ports: [ { containerPort: 80, protocol: TCP } ]
      env: [ { name: MODE, value: prod } ]
      readinessProbe: { httpGet: { path: /, port: 80 } }
      resources: { requests: { cpu: 250m, memory: 128Mi } }
      volumeMounts: [ { name: kube-api-access, mountPath: /var/run/secrets } ]
status:
  phase: Pending
  conditions: [ { type: PodScheduled, status: "False", reason: Unschedulable } ]
  qosClass: Burstable
`;
    const instance = readManifests(text);
    expect(instance.pods[0]).toMatchObject({ name: 'prod/web-7d9f-abcde', cpu: 250, owner: 'ReplicaSet/web-7d9f' });
  });
});
