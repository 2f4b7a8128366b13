/**
 * Every field of a training plan is reachable from the command line: each published
 * configuration of `src/perf/published.ts` is re-run through `schedlab estimate train` with
 * flags alone, and through `--plan` with the JSON plan it prints, and both give the library's
 * figures.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterGpus } from '../../src/perf/hardware.js';
import { publishedTrainingResults } from '../../src/perf/published.js';
import type { TrainPlan } from '../../src/perf/plan.js';
import { estimateTraining } from '../../src/perf/train-estimate.js';
import { scratchDir } from '../support/scratch.js';
import { runCli } from './run-cli.js';

/** The model flags: a preset by name, or a Megatron GPT by its shape. */
function modelFlags(plan: TrainPlan): string[] {
  const { model } = plan;
  if (!model.name.startsWith('gpt-')) return ['--model', model.name];
  const shape = ['--layers', model.layers, '--hidden-size', model.hiddenSize, '--heads', model.heads];
  return ['--model', 'gpt', ...shape.map(String), '--vocab-size', String(model.vocabSize)];
}

function clusterFlags(plan: TrainPlan): string[] {
  const { cluster } = plan;
  const where = cluster.name ? ['--cluster', cluster.name] : ['--gpu', cluster.gpu.name];
  return [...where, '--gpus', String(plan.gpus ?? clusterGpus(cluster))];
}

/** `estimate train` flags that say the whole plan (every field the row sets). */
function flagsOf(plan: TrainPlan): string[] {
  const flags = [...modelFlags(plan), ...clusterFlags(plan)];
  const pairs: [string, unknown][] = [
    ['--tp', plan.tp],
    ['--pp', plan.pp],
    ['--dp', plan.dp],
    ['--cp', plan.cp],
    ['--ep', plan.ep],
    ['--seq', plan.seqLength],
    ['--global-batch', plan.globalBatch],
    ['--micro-batch', plan.microBatch],
    ['--schedule', plan.schedule],
    ['--virtual-stages', plan.virtualStages],
    ['--recompute', plan.recompute],
    ['--zero', plan.zeroStage],
    ['--attention', plan.attention],
    ['--stage-layers', plan.stageLayers?.join(',')],
  ];
  for (const [flag, value] of pairs) if (value !== undefined) flags.push(flag, String(value));
  if (plan.sp !== undefined) flags.push(plan.sp ? '--sp' : '--no-sp');
  if (plan.distributedOptimizer) flags.push('--distributed-optimizer');
  if (plan.overlapGradReduce === false) flags.push('--no-overlap-grad-reduce');
  return flags;
}

async function estimateJson(args: string[]): Promise<{ stepTimeS: number; peakMemoryBytes: number; plan: object }> {
  const run = await runCli('estimate', 'train', ...args, '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

describe('estimate train reproduces every published row with flags alone', () => {
  for (const row of publishedTrainingResults()) {
    it(`${row.source}: ${row.label}`, async () => {
      const library = estimateTraining(row.plan);
      const cli = await estimateJson(flagsOf(row.plan));
      expect(cli.stepTimeS).toBe(library.stepTimeS);
      expect(cli.peakMemoryBytes).toBe(library.peakMemoryBytes);

      const file = join(scratchDir('estimate-plan'), 'plan.json');
      writeFileSync(file, JSON.stringify(cli.plan));
      const again = await estimateJson(['--plan', file]);
      expect(again).toEqual(cli);
    });
  }
});

describe('estimate train --plan', () => {
  const base = ['--model', 'llama3-8b', '--gpu', 'h100', '--gpus', '16', '--tp', '2', '--pp', '2', '--seq', '4096'];

  it('takes a whole report, lets the command line override a field, and reads flag names', async () => {
    const report = await estimateJson([...base, '--global-batch', '64', '--recompute', 'selective']);
    const file = join(scratchDir('estimate-plan'), 'report.json');
    writeFileSync(file, JSON.stringify(report));
    expect(await estimateJson(['--plan', file])).toEqual(report);
    const overridden = await estimateJson(['--plan', file, '--recompute', 'none']);
    expect(overridden.plan).toMatchObject({ recompute: 'none', tp: 2 });
    const byFlagNames = join(scratchDir('estimate-plan'), 'flags.json');
    writeFileSync(byFlagNames, JSON.stringify({ tp: 2, pp: 2, seq: 4096, globalBatch: 64, zero: 1 }));
    const mixed = await estimateJson(['--plan', byFlagNames, '--model', 'llama3-8b', '--gpu', 'h100', '--gpus', '16']);
    expect(mixed.plan).toMatchObject({ seqLength: 4096, zeroStage: 1, globalBatch: 64 });
  });

  it('refuses a bad plan file with its name, the field and a fix (exit 2)', async () => {
    const dir = scratchDir('estimate-plan');
    const cases: [object, RegExp][] = [
      [{ tp: 0 }, /bad\.json.*tp.*whole number from 1/],
      [{ tpp: 2 }, /bad\.json.*tpp/],
      [{ tp: 2, pp: 2, seq: 4096, globalBatch: 64, microbatches: 5 }, /microbatches 5.*= 16; drop the field/],
      [{ pp: 2 }, /--tp is required/],
    ];
    for (const [plan, message] of cases) {
      const file = join(dir, 'bad.json');
      writeFileSync(file, JSON.stringify(plan));
      const run = await runCli(
        'estimate',
        'train',
        '--plan',
        file,
        '--model',
        'llama3-8b',
        '--gpu',
        'h100',
        '--gpus',
        '16',
      );
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  it('builds a Megatron GPT from its shape, and only from --model gpt', async () => {
    const gpt = ['--model', 'gpt', '--layers', '24', '--hidden-size', '2304', '--heads', '24'];
    const run = await estimateJson([
      ...gpt,
      '--gpu',
      'a100-80gb',
      '--gpus',
      '8',
      '--tp',
      '1',
      '--pp',
      '1',
      '--seq',
      '2048',
      '--global-batch',
      '64',
    ]);
    expect(run.plan).toMatchObject({ model: 'gpt', layers: 24, hiddenSize: 2304, heads: 24 });
    const wrong = await runCli('estimate', 'train', ...base, '--global-batch', '64', '--layers', '12');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/go with --model gpt/);
  });
});
