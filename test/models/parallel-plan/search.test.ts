/** Top-k plans from code and from the CLI, the clock's stop with an honest bound, the reader and the generator's knobs. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  family,
  generateParallelPlan,
  parseParallelPlan,
  searchPlans,
  topPlans,
} from '../../../models/parallel-plan/index.js';
import { runCli } from '../../cli/run-cli.js';
import { scratchDir } from '../../support/scratch.js';
import { llama3_8bConfig } from '../../support/hf-configs.js';

const data = {
  model: 'llama3-8b',
  cluster: { gpu: 'h100-sxm', gpus: 8 },
  workload: { seqLength: 4096, globalBatch: 32 },
  top: 4,
};
const instance = parseParallelPlan(data);

describe('parallel-plan search', () => {
  it('topPlans: the k fastest plans that fit, fastest first, proven', () => {
    const { plans, proven } = topPlans(instance, 4);
    expect(proven).toBe(true);
    expect(plans).toHaveLength(4);
    const times = plans.map((p) => p.estimate.stepTimeS);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    for (const { plan } of plans) expect(family.evaluate(instance, plan).feasible).toBe(true);
  });

  it('stopped by the clock, the search says so and its bound stays below its answer', () => {
    const result = searchPlans(instance, { top: 1, deadline: Date.now() - 1 });
    expect(result.exhausted).toBe(false);
    expect(result.bound).toBeLessThanOrEqual(result.best[0]?.stepTimeS ?? Infinity);
  });

  it('solve --json reports the plan, its command and the alternatives (data.top)', async () => {
    const scratch = scratchDir('parallel-plan-top-');
    const file = join(scratch, 'llama.json');
    writeFileSync(file, JSON.stringify({ family: 'parallel-plan', name: 'llama', data }));
    const run = await runCli('solve', file, '--json', '--time-limit', '10');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.status).toBe('optimal');
    expect(report.solution.alternatives).toHaveLength(3);
    expect(report.solution.estimate).toMatch(/^schedlab estimate train --model llama3-8b .* --tp \d+ --pp \d+/);
    expect(report.objective).toBe(topPlans(instance, 1).plans[0]?.estimate.stepTimeS);
  });
});

describe('parallel-plan reader and generator', () => {
  it('reads a config.json with the stated defaults', () => {
    const [read] = family.readers.hf?.read(JSON.stringify(llama3_8bConfig)) ?? [];
    expect(read?.gpus).toBe(64);
    expect(read?.model.layers).toBe(32);
  });

  it('generates over the presets and sizes, knobs fixing any part', () => {
    const large = generateParallelPlan({ size: 'large' }, 3);
    expect(['llama3-405b', 'deepseek-v3']).toContain(large.modelRef);
    expect(large.gpus).toBeGreaterThanOrEqual(1024);
    const fixed = generateParallelPlan(
      { model: 'mixtral-8x7b', gpus: '64', seqLength: '2048', layouts: 'any', top: 2 },
      1,
    );
    expect([fixed.modelRef, fixed.gpus, fixed.seqLength, fixed.limits.layouts, fixed.top]).toEqual([
      'mixtral-8x7b',
      64,
      2048,
      'any',
      2,
    ]);
  });
});
