import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { placementObjects, placementYaml, readManifests } from '../../../models/pod-packing/manifests.js';
import { family, kubeScheduler, writeDecisions } from '../../../models/pod-packing/index.js';
import { errorOf } from '../../support/errors.js';

const example = readFileSync(new URL('../../../instances/pod-packing/manifests/example.yaml', import.meta.url), 'utf8');

/** The error with which the manifests are refused. */
const failure = (text: string) => errorOf(() => readManifests(text));

const nodeDoc = 'kind: Node\nmetadata: { name: n1 }\nstatus: { allocatable: { cpu: "2", memory: 4Gi } }\n';

describe('manifest reader', () => {
  it('reads the example: quantities, priority classes, owners, init containers, limits as requests', () => {
    const instance = readManifests(example, 'example');
    expect(instance.nodes.map((n) => [n.name, n.cpu, n.memory, n.pods])).toEqual([
      ['node-a', 2000, 4 * 2 ** 30, 110],
      ['node-b', 2000, 4 * 2 ** 30, 110],
      ['node-c', 4000, 8 * 2 ** 30, 110],
    ]);
    expect(instance.nodes[2].taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
    const byName = Object.fromEntries(instance.pods.map((p) => [p.name, p]));
    expect(byName['prod/api-1']).toMatchObject({
      priority: 1000,
      owner: 'ReplicaSet/api-5c4b',
      cpu: 800,
      memory: 512 * 2 ** 20,
    });
    // https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ — a limit without a request is the request.
    expect(byName['prod/api-3']).toMatchObject({ cpu: 800, memory: 512 * 2 ** 20 });
    // https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers — the larger of
    // the sum of app containers and the largest init container.
    expect(byName.cache).toMatchObject({ cpu: 500, memory: 256 * 2 ** 20, priority: 100 });
    expect(byName['batch-1']).toMatchObject({ node: 0, movable: true, evictable: true });
    expect(byName.trainer).toMatchObject({ node: 2, movable: false, evictable: false });
    expect(instance.pods.map((p) => p.name).slice(0, 3)).toEqual(['batch-1', 'batch-2', 'trainer']);
  });

  it('reads a JSON List and spec.unschedulable as a taint', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          kind: 'Node',
          metadata: { name: 'n1' },
          spec: { unschedulable: true },
          status: { allocatable: { cpu: 2, memory: '1G', pods: '10' } },
        },
        {
          kind: 'Pod',
          metadata: { name: 'p', namespace: 'x' },
          spec: { priority: 7, containers: [{ name: 'c' }, { name: 'd', resources: { requests: { cpu: '250m' } } }] },
        },
      ],
    };
    const instance = readManifests(JSON.stringify(list));
    expect(instance.nodes[0]).toMatchObject({
      cpu: 2000,
      memory: 1e9,
      pods: 10,
      taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }],
    });
    expect(instance.pods[0]).toMatchObject({ name: 'x/p', priority: 7, cpu: 250, memory: 0 });
  });

  it.each([
    [
      'a node without allocatable cpu',
      'kind: Node\nmetadata: { name: n1 }\nstatus: { allocatable: { memory: 1Gi } }\n',
      'status.allocatable.cpu',
    ],
    [
      'a node without a name',
      'kind: Node\nmetadata: {}\nstatus: { allocatable: { cpu: "1", memory: 1Gi } }\n',
      'metadata.name',
    ],
    [
      'a pod without containers',
      `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec: {}\n`,
      'documents[1].spec.containers',
    ],
    [
      'a List item with a bad quantity',
      `kind: List\nitems:\n  - ${nodeDoc.trim().split('\n').join('\n    ')}\n  - kind: Pod\n    metadata: { name: p }\n    spec: { containers: [ { name: c, resources: { requests: { cpu: 1KB } } } ] }\n`,
      'items[1].spec.containers[0].resources.requests.cpu',
    ],
    [
      'a pod on an unknown node',
      `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec: { nodeName: n9, containers: [ { name: c } ] }\n`,
      'documents[1].spec.nodeName',
    ],
    [
      'an unknown priority class',
      `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec: { priorityClassName: gold, containers: [ { name: c } ] }\n`,
      'documents[1].spec.priorityClassName',
    ],
    ['a document without kind', `${nodeDoc}---\nmetadata: { name: p }\n`, 'documents[1].kind'],
    [
      'matchFields',
      `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [ { matchFields: [ { key: metadata.name, operator: In, values: [n1] } ] } ] } } }, containers: [ { name: c } ] }\n`,
      'documents[1].spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields',
    ],
    [
      'required pod anti-affinity',
      `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [ { topologyKey: zone } ] } }, containers: [ { name: c } ] }\n`,
      'documents[1].spec.affinity.podAntiAffinity',
    ],
    [
      'required pod affinity',
      `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [ { topologyKey: zone } ] } }, containers: [ { name: c } ] }\n`,
      'documents[1].spec.affinity.podAffinity',
    ],
    [
      'topologySpreadConstraints',
      `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec: { topologySpreadConstraints: [ { maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule } ], containers: [ { name: c } ] }\n`,
      'documents[1].spec.topologySpreadConstraints',
    ],
    [
      'preferred node affinity',
      `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [ { weight: 1, preference: {} } ] } }, containers: [ { name: c } ] }\n`,
      'documents[1].spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution',
    ],
  ])('fails on %s with the path of the field', (_, text, path) => {
    const error = failure(text);
    expect(error.kind).toBe('input');
    expect(error.location.path).toBe(path);
  });

  it('says that an unmodeled field is not modeled; an empty one changes nothing and is accepted', () => {
    const antiAffinity = (value: string) =>
      `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec: { affinity: { podAntiAffinity: ${value} }, containers: [ { name: c } ] }\n`;
    expect(
      failure(antiAffinity('{ requiredDuringSchedulingIgnoredDuringExecution: [ { topologyKey: zone } ] }')).message,
    ).toMatch(/inter-pod anti-affinity is not modeled/);
    expect(readManifests(antiAffinity('{}')).pods).toHaveLength(1);
  });

  it('counts sidecars (restartPolicy: Always) with the app containers, as KEP-753 does', () => {
    const sidecar = (order: string) =>
      `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec:\n  initContainers: ${order}\n  containers: [ { name: app, resources: { requests: { cpu: 200m, memory: 1Mi } } } ]\n`;
    const side = '{ name: s, restartPolicy: Always, resources: { requests: { cpu: 100m, memory: 1Mi } } }';
    const init = '{ name: i, resources: { requests: { cpu: "1", memory: 1Mi } } }';
    // Sidecar first: the init container runs beside it (1000 + 100), more than app + sidecar (300).
    expect(readManifests(sidecar(`[ ${side}, ${init} ]`)).pods[0].cpu).toBe(1100);
    // Sidecar after: the init container runs alone (1000); app + sidecar is 300.
    expect(readManifests(sidecar(`[ ${init}, ${side} ]`)).pods[0].cpu).toBe(1000);
    expect(readManifests(sidecar(`[ ${side} ]`)).pods[0]).toMatchObject({ cpu: 300, memory: 2 * 2 ** 20 });
  });

  it('keeps per-container non-zero requests for the scores (100m, 200Mi per container without a request)', () => {
    const text = `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec: { containers: [ { name: a, resources: { requests: { cpu: 250m } } }, { name: b } ] }\n`;
    expect(readManifests(text).pods[0]).toMatchObject({
      cpu: 250,
      memory: 0,
      nonZero: { cpu: 350, memory: 400 * 2 ** 20 },
    });
    expect(readManifests(example).pods[0].nonZero).toBeUndefined();
  });

  it('knows the built-in system PriorityClasses', () => {
    const text = (name: string) =>
      `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec: { priorityClassName: ${name}, containers: [ { name: c } ] }\n`;
    expect(readManifests(text('system-node-critical')).pods[0].priority).toBe(2000001000);
    expect(readManifests(text('system-cluster-critical')).pods[0].priority).toBe(2000000000);
  });

  it('writes evictions and bindings', () => {
    const instance = readManifests(example);
    const assignment = instance.pods.map((p) => p.node ?? -1);
    assignment[1] = -1; // evict batch-2
    assignment[0] = 1; // move batch-1 to node-b
    assignment[3] = 0; // bind prod/api-1 to node-a
    const objects = placementObjects(instance, { assignment });
    expect(objects.items).toEqual([
      {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: 'batch-1', namespace: 'default', annotations: { 'schedlab.io/reschedule-to': 'node-b' } },
      },
      { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'batch-2', namespace: 'default' } },
      {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: 'api-1', namespace: 'prod' },
        target: { apiVersion: 'v1', kind: 'Node', name: 'node-a' },
      },
    ]);
    const documents = parseAllDocuments(placementYaml(instance, { assignment }));
    expect(Array.isArray(documents) && documents.map((d) => d.toJS())).toEqual(objects.items);
    // Leaving every pod where it is decides nothing: no documents at all.
    expect(placementYaml(instance, { assignment: instance.pods.map((p) => p.node ?? -1) })).toBe('');
  });

  it("writeDecisions gives the default scheduler's decisions on the example as YAML", () => {
    const instance = readManifests(example);
    // Preemption evicts batch-2 for the critical ReplicaSet, whose three pods are bound.
    const binding = (name: string, node: string) =>
      `apiVersion: v1\nkind: Binding\nmetadata:\n  name: ${name}\n  namespace: prod\ntarget:\n  apiVersion: v1\n  kind: Node\n  name: ${node}\n`;
    expect(writeDecisions(instance, kubeScheduler(instance))).toBe(
      [
        'apiVersion: policy/v1\nkind: Eviction\nmetadata:\n  name: batch-2\n  namespace: default\n',
        binding('api-1', 'node-a'),
        binding('api-2', 'node-b'),
        binding('api-3', 'node-b'),
      ].join('---\n'),
    );
  });

  it('is the family reader for .yaml and .yml', () => {
    expect(family.readers.manifests.extensions).toEqual(['yaml', 'yml']);
    expect(family.readers.manifests.read(example)[0].pods).toHaveLength(7);
  });
});
