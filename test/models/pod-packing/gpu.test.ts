// Issue 13's target: two pods that each request all 8 GPUs of the only GPU node. Every
// method (the solve default, the MIP, each heuristic) places one and leaves the other
// pending with kube-scheduler's own message, through the CLI as a user runs it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { family } from '../../../models/pod-packing/index.js';
import { runCli } from '../../cli/run-cli.js';

const manifest = resolve('instances/pod-packing/manifests/gpu-two-pods.yaml');
const message =
  "0/3 nodes are available: 1 Insufficient nvidia.com/gpu, 2 node(s) didn't match Pod's node affinity/selector.";

async function run(...args: string[]) {
  const { code, stdout, stderr } = await runCli(...args, manifest, '--json');
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout);
}

function expectOnePending(report: {
  feasible: boolean;
  solution: { placement: Record<string, string | null>; pending: Record<string, string> };
  metrics: Record<string, number>;
}) {
  expect(report.feasible).toBe(true);
  expect(Object.values(report.solution.placement).sort()).toEqual(['gpu-node', null]);
  expect(Object.values(report.solution.pending)).toEqual([message]);
  expect(report.metrics).toMatchObject({ pending: 1, 'placed.nvidia.com/gpu': 8, 'requested.nvidia.com/gpu': 16 });
  expect(report.metrics['pending.reason.Insufficient nvidia.com/gpu']).toBe(1);
}

describe('two 8-GPU pods, one 8-GPU node', () => {
  it('schedlab solve (the lexicographic method) proves one pod the most and names why the other waits', async () => {
    const report = await run('solve', '--time-limit', '10');
    expect(report).toMatchObject({ method: 'lexicographic', status: 'optimal' });
    expectOnePending(report);
    expect(report.report).toContain(`pending train-b: ${message}`);
  });

  it('the one-MIP formulation agrees', async () => {
    const report = await run('solve', '--method', 'mip', '--time-limit', '10');
    expectOnePending(report);
  });

  it.each(Object.keys(family.heuristics))('schedlab heuristic --name %s leaves one pod pending', async (name) => {
    expectOnePending(await run('heuristic', '--name', name));
  });

  it('the evaluator refuses a placement of both pods on the GPU node, naming the resource', () => {
    const instance = family.readers.manifests.read(readFileSync(manifest, 'utf8'))[0];
    const evaluation = family.evaluate(instance, { assignment: [0, 0] });
    expect(evaluation.violations).toEqual([
      {
        constraint: 'capacity',
        entities: ['gpu-node', 'nvidia.com/gpu'],
        message: "node 'gpu-node' has 8 units of nvidia.com/gpu allocatable but its pods request 16",
      },
    ]);
  });
});
