// Gang jobs: PodGroups placed all or none, by the coscheduling baseline, the MIP (one binary
// per group) and the evaluator (a partly placed gang is a violation).
import { describe, expect, it } from 'vitest';
import { evaluatePodPacking } from '../../../models/pod-packing/evaluate.js';
import { firstFitDecreasing, repackDecreasing } from '../../../models/pod-packing/heuristics/first-fit.js';
import { kubeScheduler } from '../../../models/pod-packing/heuristics/kube-scheduler.js';
import { parsePodPacking } from '../../../models/pod-packing/instance.js';
import { solvePodPackingLexicographic } from '../../../models/pod-packing/lexicographic.js';
import { readManifests } from '../../../models/pod-packing/manifests.js';
import { pendingMessages } from '../../../models/pod-packing/unschedulable.js';
import { inputErrorOf } from '../../support/errors.js';
import { node, pod, where } from './support.js';

type Json = Record<string, unknown>;
const gpus = (count: number) => ({ resources: { 'nvidia.com/gpu': count } });
const gpuNode = (name: string) => node(name, { cpu: '64', memory: '512Gi', ...gpus(8) });
const worker = (name: string, extra: Json = {}) => pod(name, { ...gpus(8), owner: 'Job/train', ...extra });
const build = (nodes: Json[], pods: Json[], groups: Json[]) => parsePodPacking({ name: 'g', nodes, pods, groups });

describe('gangs', () => {
  // Three 8-GPU workers for two 8-GPU nodes: all or none means none, leaving room for the
  // single-GPU pods that come after; a plain scheduler would place two of the three.
  const tooBig = () =>
    build(
      [gpuNode('a'), gpuNode('b')],
      [worker('w0'), worker('w1'), worker('w2'), pod('solo', gpus(1))],
      [{ name: 'train', minMember: 3, pods: ['w0', 'w1', 'w2'] }],
    );

  it('the coscheduling baseline places a gang that does not fit nowhere, and the room goes to others', () => {
    const placed = where(tooBig(), kubeScheduler(tooBig()).assignment);
    expect([placed.w0, placed.w1, placed.w2]).toEqual(['-', '-', '-']);
    expect(placed.solo).not.toBe('-');
    expect(evaluatePodPacking(tooBig(), kubeScheduler(tooBig())).metrics).toMatchObject({ 'gangs.placed': 0 });
  });

  it('every baseline and the MIP keep the gang whole', async () => {
    for (const solution of [firstFitDecreasing(tooBig()), repackDecreasing(tooBig())])
      expect(evaluatePodPacking(tooBig(), solution).violations).toEqual([]);
    const report = await solvePodPackingLexicographic(tooBig(), { timeLimitSec: 10 });
    expect(evaluatePodPacking(tooBig(), report.solution!).metrics).toMatchObject({ 'gangs.partial': 0, placed: 1 });
    expect(report.proven).toBe(true);
  });

  it('minMember below the group size: placing minMember suffices', async () => {
    const instance = build(
      [gpuNode('a'), gpuNode('b')],
      [worker('w0'), worker('w1'), worker('w2')],
      [{ name: 'train', minMember: 2, pods: ['w0', 'w1', 'w2'] }],
    );
    const report = await solvePodPackingLexicographic(instance, { timeLimitSec: 10 });
    expect(evaluatePodPacking(instance, report.solution!).metrics).toMatchObject({ placed: 2, 'gangs.placed': 1 });
    expect(evaluatePodPacking(instance, kubeScheduler(instance)).metrics).toMatchObject({ placed: 2 });
  });

  it('the evaluator flags a partly placed gang, and the message says the gang holds the pod back', () => {
    const evaluation = evaluatePodPacking(tooBig(), { assignment: [0, 1, -1, -1] });
    expect(evaluation.violations.map((v) => [v.constraint, ...v.entities])).toEqual([['gang', 'train']]);
    expect(pendingMessages(tooBig(), [-1, -1, -1, 0]).w0).toBe(
      "1/2 nodes could take the pod alone, but its gang 'train' needs 3 pods placed together and is left pending.",
    );
  });

  it('a preemption victim from a running gang takes the whole gang down', () => {
    const running = (name: string, at: string) => worker(name, { priority: 1, node: at });
    const instance = build(
      [gpuNode('a'), gpuNode('b')],
      [running('r0', 'a'), running('r1', 'b'), pod('urgent', { ...gpus(8), priority: 1000 })],
      [{ name: 'old', minMember: 2, pods: ['r0', 'r1'] }],
    );
    const solution = kubeScheduler(instance);
    expect(evaluatePodPacking(instance, solution).metrics).toMatchObject({ 'placed.p1000': 1, 'gangs.partial': 0 });
    // The gang's pods are recreated by their Job, but one node is taken: they stay pending together.
    expect(where(instance, solution.assignment)).toMatchObject({ r0: '-', r1: '-' });
  });

  it('a gang that fits is placed whole by the baseline', () => {
    const instance = build(
      [gpuNode('a'), gpuNode('b')],
      [worker('w0'), worker('w1')],
      [{ name: 'train', minMember: 2, pods: ['w0', 'w1'] }],
    );
    expect(evaluatePodPacking(instance, kubeScheduler(instance)).metrics).toMatchObject({
      placed: 2,
      'gangs.placed': 1,
    });
  });
});

describe('PodGroup manifests', () => {
  const nodeDoc =
    'kind: Node\nmetadata: { name: n }\nstatus: { allocatable: { cpu: "8", memory: 8Gi, nvidia.com/gpu: 8 } }\n';
  const podDoc = (name: string, label: string) =>
    `kind: Pod\nmetadata: { name: ${name}, namespace: ml, labels: { ${label} } }\nspec: { containers: [ { name: c, resources: { limits: { nvidia.com/gpu: 4 } } } ] }\n`;
  const group =
    'apiVersion: scheduling.x-k8s.io/v1alpha1\nkind: PodGroup\nmetadata: { name: train, namespace: ml }\nspec: { minMember: 2, scheduleTimeoutSeconds: 60 }\n';

  it('reads the pod-group label and the PodGroup minMember', () => {
    const text = [
      nodeDoc,
      podDoc('a', 'scheduling.x-k8s.io/pod-group: train'),
      podDoc('b', 'scheduling.x-k8s.io/pod-group: train'),
      group,
    ].join('---\n');
    expect(readManifests(text).groups).toEqual([{ name: 'ml/train', minMember: 2, pods: [0, 1] }]);
  });

  it('refuses a labeled pod without its PodGroup, and the old lightweight-coscheduling labels', () => {
    const missing = inputErrorOf(() =>
      readManifests([nodeDoc, podDoc('a', 'scheduling.x-k8s.io/pod-group: train')].join('---\n')),
    );
    expect(missing.location.path).toBe('documents[1].metadata.labels.scheduling.x-k8s.io/pod-group');
    expect(missing.message).toMatch(/add the PodGroup/);
    const legacy = inputErrorOf(() =>
      readManifests([nodeDoc, podDoc('a', 'pod-group.scheduling.sigs.k8s.io: train'), group].join('---\n')),
    );
    expect(legacy.message).toMatch(/no longer read/);
  });
});
