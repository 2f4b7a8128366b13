/**
 * Class 1 of issue 12: one deadline for the whole run, and a model that cannot be built
 * refused at once with its size. No wall times are asserted (those are in
 * `npm run bench -- limits`): a run returns the start's feasible answer with status
 * 'timeLimit' when the build would outlast the limit, and a refusal states the size.
 */
import { describe, expect, it } from 'vitest';
import { SchedlabError } from '../../../src/errors.js';
import { assertBuildable, maxModelNonzeros } from '../../../src/family/model-budget.js';
import { runMethod } from '../../../src/family/methods.js';
import { runHeuristic, solveWithMip } from '../../../src/family/run.js';
import { family as pipeline } from '../../../models/pipeline/index.js';
import { family as podPacking } from '../../../models/pod-packing/index.js';
import { family as rcpsp } from '../../../models/rcpsp/index.js';

/** n one-period activities on one resource of capacity 3, each taking 2 (so one at a time). */
function flatRcpsp(n: number) {
  return rcpsp.parse({
    resources: [{ id: 'r', capacity: 3 }],
    activities: Array.from({ length: n }, (_, i) => ({ id: `a${i}`, duration: 1, demand: { r: 2 } })),
  });
}

const pipelineData = (devices: number, microbatches: number) =>
  pipeline.parse({ devices, microbatches, times: { F: 1, B: 1, W: 0.5 } });

describe('model sizes are checked before a model is built', () => {
  it('refuses a model beyond the budget, stating its size and what helps', () => {
    const size = { rows: 1e6, columns: 1e9, nonzeros: 4e9, smaller: 'a smaller horizon' };
    expect(() => assertBuildable('rcpsp', size)).toThrow(/4\.0e\+9|4,000,000,000 nonzeros.*a smaller horizon/);
    expect(() => assertBuildable('rcpsp', { ...size, nonzeros: maxModelNonzeros })).not.toThrow();
  });

  it('pipeline: the ILP of 2 devices x 1,000 microbatches is refused as an input error with its size', async () => {
    const run = solveWithMip(pipeline, pipelineData(2, 1_000), { timeLimitSec: 5 });
    await expect(run).rejects.toMatchObject({ kind: 'input' });
    await expect(run).rejects.toThrow(/nonzeros.*fewer microbatches/);
  });

  it('rcpsp: a MIP whose build outlasts the limit is skipped; the answer is the start, status timeLimit', async () => {
    // 600 activities over a 600-period horizon: about 2.2 million nonzeros estimated, seconds to build.
    const instance = flatRcpsp(600);
    const result = await solveWithMip(rcpsp, instance, { timeLimitSec: 1 });
    expect(result).toMatchObject({ status: 'timeLimit', objective: 600, bound: 400, proven: false });
    expect(result.evaluation.feasible).toBe(true);
    expect(result.message).toMatch(/would take about .* s to build/);
  });

  it('pod packing: the model size counts a binary per pod and node', () => {
    const instance = podPacking.generate({ nodes: 8, podsPerNode: 4 }, 1);
    const size = podPacking.modelSize?.(instance);
    expect(size?.columns).toBe(instance.pods.length * instance.nodes.length);
  });
});

describe('instances beyond what can be scheduled are refused at once with their size', () => {
  it('pipeline: every method and the evaluator refuse 4 devices x 1,048,576 microbatches with the pass count', async () => {
    const instance = pipelineData(4, 1_048_576);
    expect(() => runHeuristic(pipeline, instance, 'default')).toThrow(/12,582,912 passes, more than the 100,000/);
    expect(() => pipeline.evaluate(instance, { orders: [[], [], [], []] })).toThrow(SchedlabError);
    await expect(runMethod(pipeline, instance, 'mip', { timeLimitSec: 1 })).rejects.toMatchObject({ kind: 'input' });
  });

  it('pipeline: the default heuristic answers under a deadline already past (closed forms first)', () => {
    const result = runHeuristic(pipeline, pipelineData(4, 500), 'default', { timeLimitSec: 0 });
    expect(result.evaluation.feasible).toBe(true);
  });
});

describe("a formulation's own tables count against the budget", () => {
  it('rcpsp: the pairwise tables of 30,000 activities are refused before they are built, stating their size', () => {
    const size = rcpsp.modelSize?.(flatRcpsp(30_000));
    expect(size?.preprocessing?.bytes).toBe(3 * 30_000 ** 2);
    expect(() => assertBuildable('rcpsp', size!)).toThrow(/30,000² activity pairs .* 2\.7 GB/);
  });
});
