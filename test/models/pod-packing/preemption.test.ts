// Preemption as upstream does it: preemptionPolicy Never, PodDisruptionBudgets ranking the
// candidate nodes and ordering the reprieve (defaultpreemption: selectVictimsOnNode,
// pickOneNodeForPreemption), and the MIP and the evaluator counting or forbidding violations.
import { describe, expect, it } from 'vitest';
import { evaluatePodPacking } from '../../../models/pod-packing/evaluate.js';
import { kubeScheduler } from '../../../models/pod-packing/heuristics/kube-scheduler.js';
import { parsePodPacking } from '../../../models/pod-packing/instance.js';
import { solvePodPackingLexicographic } from '../../../models/pod-packing/lexicographic.js';
import { readManifests } from '../../../models/pod-packing/manifests.js';
import { inputErrorOf } from '../../support/errors.js';
import { node, pod, where } from './support.js';

type Json = Record<string, unknown>;
const build = (nodes: Json[], pods: Json[], budgets?: Json[]) =>
  parsePodPacking({ name: 't', nodes, pods, ...(budgets ? { budgets } : {}) });
const low = (name: string, at: string, extra: Json = {}) =>
  pod(name, { cpu: '2', priority: 1, node: at, owner: 'rs', ...extra });

describe('preemptionPolicy: Never', () => {
  const instance = (policy?: string) =>
    build(
      [node('a', { cpu: '2' })],
      [low('old', 'a'), pod('new', { cpu: '2', priority: 100, ...(policy ? { preemptionPolicy: policy } : {}) })],
    );

  // https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#non-preempting-priority-class
  // "Pods with preemptionPolicy: Never will be placed in the scheduling queue ahead of lower-priority
  // pods, but they cannot preempt other pods."
  it('the scheduler never preempts for such a pod', () => {
    expect(where(instance(), kubeScheduler(instance()).assignment)).toEqual({ old: '-', new: 'a' });
    expect(where(instance('Never'), kubeScheduler(instance('Never')).assignment)).toEqual({ old: 'a', new: '-' });
  });

  it('the MIP does not displace a lower-priority pod to place it, and the evaluator refuses a plan that does', async () => {
    const report = await solvePodPackingLexicographic(instance('Never'), { timeLimitSec: 10 });
    expect(where(instance('Never'), report.solution!.assignment)).toEqual({ old: 'a', new: '-' });
    expect(report.proven).toBe(true);
    const displaced = evaluatePodPacking(instance('Never'), { assignment: [-1, 0] });
    expect(displaced.violations.map((v) => v.constraint)).toEqual(['preemptionPolicy']);
  });

  it('manifests: a PriorityClass with preemptionPolicy Never gives it to its pods', () => {
    const text = `kind: PriorityClass\nmetadata: { name: high-nonpreempting }\nvalue: 1000000\npreemptionPolicy: Never\n---\nkind: Node\nmetadata: { name: n }\nstatus: { allocatable: { cpu: "1", memory: 1Gi } }\n---\nkind: Pod\nmetadata: { name: p }\nspec: { priorityClassName: high-nonpreempting, containers: [ { name: c } ] }\n`;
    expect(readManifests(text).pods[0]).toMatchObject({ priority: 1000000, preemptionPolicy: 'Never' });
  });
});

describe('PodDisruptionBudgets in preemption', () => {
  it('picks the node whose victims violate fewer budgets, before comparing priorities', () => {
    // On a the victim has priority 1 but its budget allows no disruption; on b the victim has
    // priority 5 and no budget: pickOneNodeForPreemption takes b. (The victim is not
    // recreated, else it would come back and preempt 'guarded' in turn.)
    const instance = build(
      [node('a', { cpu: '2' }), node('b', { cpu: '2' })],
      [
        low('guarded', 'a'),
        low('free', 'b', { priority: 5, movable: false }),
        pod('high', { cpu: '2', priority: 100 }),
      ],
      [{ name: 'guard', pods: ['guarded'], allowed: 0 }],
    );
    expect(where(instance, kubeScheduler(instance).assignment)).toMatchObject({ high: 'b', guarded: 'a', free: '-' });
  });

  it('reprieves the budget-violating victims first', () => {
    // Either low pod's eviction makes room; the one whose budget is exhausted is reprieved.
    const instance = build(
      [node('a', { cpu: '3' })],
      [low('guarded', 'a', { cpu: '1' }), low('free', 'a', { cpu: '1' }), pod('high', { cpu: '2', priority: 100 })],
      [{ name: 'guard', pods: ['guarded'], allowed: 0 }],
    );
    expect(where(instance, kubeScheduler(instance).assignment)).toEqual({ guarded: 'a', free: '-', high: 'a' });
  });

  it('counts a violation as disruption of its tier; a forbid budget is never violated', async () => {
    const nodes = [node('a', { cpu: '2' })];
    const pods = [low('guarded', 'a'), pod('high', { cpu: '2', priority: 100 })];
    const counted = build(nodes, pods, [{ name: 'guard', pods: ['guarded'], allowed: 0 }]);
    const evicted = evaluatePodPacking(counted, { assignment: [-1, 0] });
    expect(evicted.feasible).toBe(true);
    expect(evicted.metrics).toMatchObject({ budgetViolations: 1, 'disruption.p1': 2, evictions: 1 });
    const forbid = build(nodes, pods, [{ name: 'guard', pods: ['guarded'], allowed: 0, forbid: true }]);
    expect(evaluatePodPacking(forbid, { assignment: [-1, 0] }).violations.map((v) => v.constraint)).toEqual([
      'disruptionBudget',
    ]);
    const report = await solvePodPackingLexicographic(forbid, { timeLimitSec: 10 });
    expect(where(forbid, report.solution!.assignment)).toEqual({ guarded: 'a', high: '-' });
    expect(where(forbid, kubeScheduler(forbid).assignment)).toEqual({ guarded: 'a', high: '-' });
  });

  it('the MIP evicts where no budget is broken when both make room', async () => {
    const instance = build(
      [node('a', { cpu: '2' }), node('b', { cpu: '2' })],
      [low('guarded', 'a'), low('free', 'b'), pod('high', { cpu: '2', priority: 100 })],
      [{ name: 'guard', pods: ['guarded'], allowed: 0 }],
    );
    const report = await solvePodPackingLexicographic(instance, { timeLimitSec: 10, heuristicStarts: false });
    expect(where(instance, report.solution!.assignment)).toMatchObject({ high: 'b', guarded: 'a' });
    expect(report.proven).toBe(true);
  });
});

describe('PodDisruptionBudget manifests', () => {
  const nodeDoc = 'kind: Node\nmetadata: { name: n }\nstatus: { allocatable: { cpu: "8", memory: 8Gi } }\n';
  const podDoc = (name: string, labels: string, running: boolean) =>
    `kind: Pod\nmetadata: { name: ${name}, namespace: prod, labels: ${labels} }\nspec: { ${running ? 'nodeName: n, ' : ''}containers: [ { name: c } ] }\n`;
  const pods = [
    podDoc('a', '{ app: api }', true),
    podDoc('b', '{ app: api }', true),
    podDoc('c', '{ app: api }', true),
    podDoc('d', '{ app: api }', false),
    podDoc('e', '{ app: web }', true),
  ].join('---\n');
  const pdb = (spec: string, annotations = '') =>
    `${nodeDoc}---\n${pods}---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: api, namespace: prod${annotations} }\nspec: ${spec}\n`;

  it.each([
    ['minAvailable 2: 3 running, 1 allowed', '{ minAvailable: 2, selector: { matchLabels: { app: api } } }', 1],
    [
      'minAvailable 50% of 4 expected: 2 desired, 1 allowed',
      '{ minAvailable: "50%", selector: { matchLabels: { app: api } } }',
      1,
    ],
    [
      'maxUnavailable 1: 4 expected, 3 desired, 0 allowed',
      '{ maxUnavailable: 1, selector: { matchLabels: { app: api } } }',
      0,
    ],
    [
      'maxUnavailable 75% (3 of 4): 1 desired, 2 allowed',
      '{ maxUnavailable: "75%", selector: { matchExpressions: [ { key: app, operator: In, values: [api] } ] } }',
      2,
    ],
  ])('%s', (_, spec, allowed) => {
    const [budget] = readManifests(pdb(spec)).budgets!;
    expect(budget).toMatchObject({ name: 'prod/api', pods: [0, 1, 2, 3], allowed });
  });

  it('reads the forbid annotation, and refuses an empty selector', () => {
    const spec = '{ minAvailable: 2, selector: { matchLabels: { app: api } } }';
    expect(
      readManifests(pdb(spec, ', annotations: { schedlab.io/disruption-budget: forbid }')).budgets![0].forbid,
    ).toBe(true);
    expect(inputErrorOf(() => readManifests(pdb('{ minAvailable: 1, selector: {} }'))).location.path).toBe(
      'documents[6].spec.selector',
    );
  });
});
