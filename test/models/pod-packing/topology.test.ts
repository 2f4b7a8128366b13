// Topology of gangs: reported as a metric always; with compactGangs, a last objective level
// (below every tier's placement and disruption) keeps each gang within the fewest domains.
import { describe, expect, it } from 'vitest';
import { evaluatePodPacking } from '../../../models/pod-packing/evaluate.js';
import { formulatePodPacking } from '../../../models/pod-packing/formulation.js';
import { generatePodPacking } from '../../../models/pod-packing/generate.js';
import { kubeScheduler } from '../../../models/pod-packing/heuristics/kube-scheduler.js';
import { parsePodPacking } from '../../../models/pod-packing/instance.js';
import { solvePodPackingLexicographic } from '../../../models/pod-packing/lexicographic.js';
import { readManifests } from '../../../models/pod-packing/manifests.js';
import { solve } from '../../../src/solve/solve.js';
import { inputErrorOf } from '../../support/errors.js';

type Json = Record<string, unknown>;
const gpus = { resources: { 'nvidia.com/gpu': 4 } };
const rackNode = (name: string, rack: string) => ({ name, cpu: '64', memory: '512Gi', ...gpus, labels: { rack } });
const worker = (name: string, priority = 0) => ({ name, cpu: '1', memory: '1Gi', ...gpus, priority });

/** Four 4-GPU nodes in two racks; a gang of two 4-GPU workers, and a pod that comes first. */
function racks(extra: Json = {}) {
  return parsePodPacking({
    name: 'racks',
    // Racks alternate in name order, so the spreading scheduler's first-by-name ties cross racks.
    nodes: [rackNode('n1', 'r1'), rackNode('n2', 'r2'), rackNode('n3', 'r1'), rackNode('n4', 'r2')],
    pods: [worker('w0'), worker('w1')],
    groups: [{ name: 'train', minMember: 2, pods: ['w0', 'w1'] }],
    topologyKey: 'rack',
    ...extra,
  });
}

describe('gang topology', () => {
  it('is a metric either way: the spreading scheduler puts the gang in two racks', () => {
    const evaluation = evaluatePodPacking(racks(), kubeScheduler(racks()));
    expect(evaluation.metrics).toMatchObject({
      'topology.domains': 2,
      'topology.extraDomains': 1,
      'topology.spreadGangs': 1,
    });
    expect(evaluatePodPacking(racks(), { assignment: [0, 2] }).metrics['topology.extraDomains']).toBe(0);
  });

  it('without compactGangs the objective ignores it; with it, one rack scores higher', () => {
    const plain = racks();
    expect(evaluatePodPacking(plain, { assignment: [0, 1] }).objective).toBe(
      evaluatePodPacking(plain, { assignment: [0, 2] }).objective,
    );
    const compact = racks({ compactGangs: true });
    expect(evaluatePodPacking(compact, { assignment: [0, 2] }).objective).toBeGreaterThan(
      evaluatePodPacking(compact, { assignment: [0, 1] }).objective,
    );
  });

  it('the lexicographic method and the one MIP keep the gang in one rack, proven', async () => {
    const compact = racks({ compactGangs: true });
    const report = await solvePodPackingLexicographic(compact, { timeLimitSec: 10 });
    expect(report.topology).toEqual({ extraDomains: 0, proven: true });
    expect(evaluatePodPacking(compact, report.solution!).metrics['topology.extraDomains']).toBe(0);
    const mip = formulatePodPacking(compact);
    const result = await solve(mip.model, { timeLimitSec: 10, solverOptions: mip.solverOptions });
    expect(evaluatePodPacking(compact, mip.decode(result.values)).objective).toBeCloseTo(result.objective, 6);
  });

  it('compactness never costs a placement: it is the last level', async () => {
    // A high-priority pod takes one node of each rack's pair only if the gang spreads; the
    // tiers come first, so the gang spreads and both tiers are placed whole.
    const compact = parsePodPacking({
      name: 'tight',
      nodes: [rackNode('a1', 'r1'), rackNode('b1', 'r2')],
      pods: [worker('w0'), worker('w1')],
      groups: [{ name: 'train', minMember: 2, pods: ['w0', 'w1'] }],
      topologyKey: 'rack',
      compactGangs: true,
    });
    const report = await solvePodPackingLexicographic(compact, { timeLimitSec: 10 });
    expect(evaluatePodPacking(compact, report.solution!).metrics).toMatchObject({
      placed: 2,
      'topology.extraDomains': 1,
    });
    expect(report.proven).toBe(true);
  });

  it("manifests: Kueue's preferred-topology annotation on a gang's pods sets its key and the compactness level", () => {
    const node = (name: string, rack: string) =>
      `kind: Node\nmetadata: { name: ${name}, labels: { rack: ${rack} } }\nstatus: { allocatable: { cpu: "8", memory: 8Gi } }\n`;
    const pod = (name: string, annotation: string) =>
      `kind: Pod\nmetadata: { name: ${name}, labels: { scheduling.x-k8s.io/pod-group: g }, annotations: { ${annotation}: rack } }\nspec: { containers: [ { name: c } ] }\n`;
    const group = 'kind: PodGroup\nmetadata: { name: g }\nspec: { minMember: 2 }\n';
    const text = (annotation: string) =>
      [node('a', 'r1'), node('b', 'r2'), pod('p0', annotation), pod('p1', annotation), group].join('---\n');
    const instance = readManifests(text('kueue.x-k8s.io/podset-preferred-topology'));
    expect(instance).toMatchObject({ compactGangs: true, groups: [{ name: 'g', topologyKey: 'rack', minMember: 2 }] });
    expect(inputErrorOf(() => readManifests(text('kueue.x-k8s.io/podset-required-topology'))).message).toMatch(
      /required topology is not modeled/,
    );
  });
});

describe('GPU grid generator', () => {
  it('8-GPU nodes in racks, jobs of 1-64 GPUs (gangs of 8-GPU workers above 8), tiers, CPU-only pods', () => {
    const instance = generatePodPacking({ grid: 'gpu', nodes: 32, load: 1.1 }, 3);
    expect(instance.nodes).toHaveLength(32);
    expect(new Set(instance.nodes.map((n) => n.resources?.['nvidia.com/gpu']))).toEqual(new Set([8]));
    expect(new Set(instance.nodes.map((n) => n.labels['schedlab.io/rack'])).size).toBe(4);
    const gpusOf = (p: { resources?: Record<string, number> }) => p.resources?.['nvidia.com/gpu'] ?? 0;
    const requested = instance.pods.reduce((total, p) => total + gpusOf(p), 0);
    expect(requested).toBeGreaterThanOrEqual(1.1 * 32 * 8);
    for (const group of instance.groups ?? []) {
      expect(group.pods.every((p) => gpusOf(instance.pods[p]) === 8)).toBe(true);
      expect(group.minMember).toBe(group.pods.length);
      expect([2, 4, 8]).toContain(group.pods.length);
    }
    expect(instance.pods.some((p) => gpusOf(p) === 0)).toBe(true);
    expect(new Set(instance.pods.map((p) => p.priority))).toEqual(new Set([0, 1000, 2000]));
    // Half the jobs ran before: the snapshot keeps every rule (gangs whole, capacity).
    expect(instance.pods.some((p) => p.node !== undefined)).toBe(true);
    expect(evaluatePodPacking(instance, { assignment: instance.pods.map((p) => p.node ?? -1) }).violations).toEqual([]);
    expect(generatePodPacking({ grid: 'gpu', nodes: 32, load: 1.1 }, 3)).toEqual(instance);
  });

  it('refuses an unknown knob, naming the known ones', () => {
    expect(inputErrorOf(() => generatePodPacking({ grid: 'gpu', nodez: 4 }, 1)).message).toMatch(/nodez.*known ones/);
  });
});
