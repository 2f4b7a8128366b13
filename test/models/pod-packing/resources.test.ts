// Every resource kube-scheduler filters on, in the manifest reader (the API server's
// defaulting and validation), the scheduler's filters, the MIP and the evaluator.
import { describe, expect, it } from 'vitest';
import { evaluatePodPacking } from '../../../models/pod-packing/evaluate.js';
import { formulatePodPacking } from '../../../models/pod-packing/formulation.js';
import { kubeScheduler } from '../../../models/pod-packing/heuristics/kube-scheduler.js';
import { readManifests } from '../../../models/pod-packing/manifests.js';
import { solvePodPackingLexicographic } from '../../../models/pod-packing/lexicographic.js';
import { pendingMessages } from '../../../models/pod-packing/unschedulable.js';
import { inputErrorOf } from '../../support/errors.js';
import { cluster, node, pod, where } from './support.js';

const gpuNode =
  'kind: Node\nmetadata: { name: g }\nstatus: { allocatable: { cpu: "8", memory: 64Gi, nvidia.com/gpu: 8 } }\n';

/** A pod manifest with the given container resources (YAML flow text) after the GPU node. */
function withPod(resources: string, extra = ''): string {
  return `${gpuNode}---\nkind: Pod\nmetadata: { name: p }\nspec:\n${extra}  containers: [ { name: c, resources: ${resources} } ]\n`;
}

describe('manifest requests of named resources', () => {
  it('reads extended resources, ephemeral storage and huge pages from allocatable and requests', () => {
    const instance = readManifests(
      withPod(
        '{ limits: { nvidia.com/gpu: 2, hugepages-2Mi: 4Mi, memory: 1Gi }, requests: { ephemeral-storage: 10Gi } }',
      ),
    );
    expect(instance.nodes[0].resources).toEqual({ 'nvidia.com/gpu': 8 });
    expect(instance.pods[0]).toMatchObject({
      memory: 2 ** 30,
      resources: { 'ephemeral-storage': 10 * 2 ** 30, 'hugepages-2Mi': 4 * 2 ** 20, 'nvidia.com/gpu': 2 },
    });
  });

  it.each([
    ['a GPU request without a limit', '{ requests: { nvidia.com/gpu: 1 } }', 'requests.nvidia.com/gpu', /set limits/],
    [
      'a GPU request unequal to its limit',
      '{ requests: { nvidia.com/gpu: 1 }, limits: { nvidia.com/gpu: 2 } }',
      'requests.nvidia.com/gpu',
      /must equal its limit/,
    ],
    ['half a GPU', '{ limits: { nvidia.com/gpu: 500m } }', 'limits.nvidia.com/gpu', /whole number/],
    ['an unqualified name', '{ limits: { gpu: 1 } }', 'limits.gpu', /nvidia.com\/gpu/],
    ['a CPU request above its limit', '{ requests: { cpu: "2" }, limits: { cpu: "1" } }', 'requests.cpu', /above/],
  ])('refuses %s at its path, saying the fix', (_, resources, field, fix) => {
    const error = inputErrorOf(() => readManifests(withPod(resources)));
    expect(error.location.path).toBe(`documents[1].spec.containers[0].resources.${field}`);
    expect(error.message).toMatch(fix);
  });

  it('adds init containers as upstream: the largest init container against the sum of the others, plus overhead', () => {
    const text = `${gpuNode}---\nkind: Pod\nmetadata: { name: p }\nspec:\n  overhead: { cpu: 100m }\n  initContainers: [ { name: i, resources: { limits: { nvidia.com/gpu: 4 } } } ]\n  containers: [ { name: a, resources: { limits: { nvidia.com/gpu: 1 } } }, { name: b, resources: { limits: { nvidia.com/gpu: 2 } } } ]\n`;
    expect(readManifests(text).pods[0]).toMatchObject({ cpu: 100, resources: { 'nvidia.com/gpu': 4 } });
  });

  it('pod-level resources replace the containers sum for cpu and memory; a limit alone is the request', () => {
    const level = '  resources: { requests: { cpu: "2" }, limits: { memory: 4Gi } }\n';
    const instance = readManifests(withPod('{ requests: { cpu: 500m, memory: 1Gi } }', level));
    expect(instance.pods[0]).toMatchObject({ cpu: 2000, memory: 4 * 2 ** 30 });
    const below = inputErrorOf(() =>
      readManifests(withPod('{ requests: { cpu: "3" } }', '  resources: { requests: { cpu: "2" } }\n')),
    );
    expect(below.location.path).toBe('documents[1].spec.resources.requests.cpu');
    const gpu = inputErrorOf(() => readManifests(withPod('{}', '  resources: { limits: { nvidia.com/gpu: 1 } }\n')));
    expect(gpu.message).toMatch(/only cpu, memory and hugepages/);
  });

  it('host ports: containers and sidecars, hostNetwork makes every container port a host port', () => {
    const ports =
      '  hostNetwork: true\n  containers: [ { name: c, ports: [ { containerPort: 8080 }, { containerPort: 53, protocol: UDP, hostPort: 5353 } ] } ]\n';
    const text = `${gpuNode}---\nkind: Pod\nmetadata: { name: p }\nspec:\n${ports}`;
    expect(readManifests(text).pods[0].hostPorts).toEqual([
      { port: 8080, protocol: 'TCP', hostIP: '0.0.0.0' },
      { port: 5353, protocol: 'UDP', hostIP: '0.0.0.0' },
    ]);
  });

  it('two Nodes with one name are refused, naming both', () => {
    const error = inputErrorOf(() => readManifests(`${gpuNode}---\n${gpuNode}`));
    expect(error.location.path).toBe('documents[1].metadata.name');
    expect(error.message).toMatch(/documents\[0\] and documents\[1\]/);
  });
});

describe('named resources and host ports in every method', () => {
  const gpus = (count: number) => ({ resources: { 'nvidia.com/gpu': count } });
  const instance = () =>
    cluster(
      [node('g1', gpus(8)), node('g2', gpus(4)), node('cpu')],
      [
        pod('big', gpus(8)),
        pod('mid', gpus(4)),
        pod('small', gpus(2)),
        pod('web', { hostPorts: [{ port: 80 }] }),
        pod('web2', { hostPorts: [{ port: 80 }] }),
      ],
    );

  it('NodeResourcesFit counts GPUs (a node without them has none) and NodePorts keeps one port per node', () => {
    const placed = where(instance(), kubeScheduler(instance()).assignment);
    expect([placed.big, placed.mid]).toEqual(['g1', 'g2']);
    expect(placed.small).toBe('-');
    expect(placed.web).not.toBe(placed.web2);
  });

  it('the message names the resource, node by node', () => {
    const solution = kubeScheduler(instance());
    expect(pendingMessages(instance(), solution.assignment)).toEqual({
      small: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
    });
  });

  it('the MIP has a capacity row per GPU node and a port row per node, and proves the same optimum', async () => {
    const mip = formulatePodPacking(instance());
    const names = Array.from({ length: mip.model.numConstraints }, (_, r) => mip.model.constraintName(r));
    expect(names.filter((name) => name.includes('nvidia.com/gpu'))).toHaveLength(2);
    expect(names.filter((name) => name.startsWith('hostPort'))).toHaveLength(3);
    const report = await solvePodPackingLexicographic(instance(), { timeLimitSec: 10 });
    expect(report.proven).toBe(true);
    expect(evaluatePodPacking(instance(), report.solution!).metrics).toMatchObject({ placed: 4, pending: 1 });
  });

  it('the evaluator: a hostPort rule per clash, and capacity per named resource', () => {
    const evaluation = evaluatePodPacking(instance(), { assignment: [0, 0, -1, 2, 2] });
    expect(evaluation.violations.map((v) => [v.constraint, ...v.entities])).toEqual([
      ['capacity', 'g1', 'nvidia.com/gpu'],
      ['hostPort', 'cpu', 'web2', 'web'],
    ]);
  });
});
