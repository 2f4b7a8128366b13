import { readFileSync } from 'node:fs';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SchedlabError } from '../../../src/errors.js';
import { placementObjects, placementYaml, readManifests } from '../../../models/pod-packing/manifests.js';
import { family } from '../../../models/pod-packing/index.js';

const example = readFileSync(new URL('../../../instances/pod-packing/manifests/example.yaml', import.meta.url), 'utf8');

function failure(text: string): SchedlabError {
  try {
    readManifests(text);
  } catch (error) {
    if (error instanceof SchedlabError) return error;
    throw error;
  }
  throw new Error('expected the manifests to be rejected');
}

const nodeDoc = 'kind: Node\nmetadata: { name: n1 }\nstatus: { allocatable: { cpu: "2", memory: 4Gi } }\n';

describe('manifest reader', () => {
  it('reads the example: quantities, priority classes, owners, init containers, limits as requests', () => {
    const instance = readManifests(example, 'example');
    expect(instance.nodes.map((n) => [n.name, n.cpu, n.memory, n.pods])).toEqual([
      ['node-a', 2000, 4 * 2 ** 30, 110], ['node-b', 2000, 4 * 2 ** 30, 110], ['node-c', 4000, 8 * 2 ** 30, 110],
    ]);
    expect(instance.nodes[2].taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
    const byName = Object.fromEntries(instance.pods.map((p) => [p.name, p]));
    expect(byName['prod/api-1']).toMatchObject({ priority: 1000, owner: 'ReplicaSet/api-5c4b', cpu: 800, memory: 512 * 2 ** 20 });
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
    const list = { apiVersion: 'v1', kind: 'List', items: [
      { kind: 'Node', metadata: { name: 'n1' }, spec: { unschedulable: true }, status: { allocatable: { cpu: 2, memory: '1G', pods: '10' } } },
      { kind: 'Pod', metadata: { name: 'p', namespace: 'x' }, spec: { priority: 7, containers: [{ name: 'c' }, { name: 'd', resources: { requests: { cpu: '250m' } } }] } },
    ] };
    const instance = readManifests(JSON.stringify(list));
    expect(instance.nodes[0]).toMatchObject({ cpu: 2000, memory: 1e9, pods: 10, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] });
    expect(instance.pods[0]).toMatchObject({ name: 'x/p', priority: 7, cpu: 250, memory: 0 });
  });

  it.each([
    ['a node without allocatable cpu', 'kind: Node\nmetadata: { name: n1 }\nstatus: { allocatable: { memory: 1Gi } }\n', 'status.allocatable.cpu'],
    ['a node without a name', 'kind: Node\nmetadata: {}\nstatus: { allocatable: { cpu: "1", memory: 1Gi } }\n', 'metadata.name'],
    ['a pod without containers', `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec: {}\n`, 'documents[1].spec.containers'],
    ['a List item with a bad quantity', `kind: List\nitems:\n  - ${nodeDoc.trim().split('\n').join('\n    ')}\n  - kind: Pod\n    metadata: { name: p }\n    spec: { containers: [ { name: c, resources: { requests: { cpu: 1KB } } } ] }\n`, 'items[1].spec.containers[0].resources.requests.cpu'],
    ['a pod on an unknown node', `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec: { nodeName: n9, containers: [ { name: c } ] }\n`, 'documents[1].spec.nodeName'],
    ['an unknown priority class', `${nodeDoc}---\nkind: Pod\nmetadata: { name: p }\nspec: { priorityClassName: gold, containers: [ { name: c } ] }\n`, 'documents[1].spec.priorityClassName'],
    ['a document without kind', `${nodeDoc}---\nmetadata: { name: p }\n`, 'documents[1].kind'],
  ])('fails on %s with the path of the field', (_, text, path) => {
    const error = failure(text);
    expect(error.kind).toBe('input');
    expect(error.location.path).toBe(path);
  });

  it('writes evictions and bindings', () => {
    const instance = readManifests(example);
    const assignment = instance.pods.map((p) => p.node ?? -1);
    assignment[1] = -1; // evict batch-2
    assignment[0] = 1; // move batch-1 to node-b
    assignment[3] = 0; // bind prod/api-1 to node-a
    const objects = placementObjects(instance, { assignment });
    expect(objects.items).toEqual([
      { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'batch-1', namespace: 'default', annotations: { 'schedlab.io/reschedule-to': 'node-b' } } },
      { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'batch-2', namespace: 'default' } },
      { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'api-1', namespace: 'prod' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-a' } },
    ]);
    const documents = parseAllDocuments(placementYaml(instance, { assignment }));
    expect(Array.isArray(documents) && documents.map((d) => d.toJS())).toEqual(objects.items);
    expect(parseYaml('a: 1')).toEqual({ a: 1 });
  });

  it('is the family reader for .yaml and .yml', () => {
    expect(family.readers.manifests.extensions).toEqual(['yaml', 'yml']);
    expect(family.readers.manifests.read(example)[0].pods).toHaveLength(7);
  });
});
