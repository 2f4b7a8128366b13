import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerEstimate } from '../../src/cli/commands/estimate.js';
import { SchedlabError } from '../../src/errors.js';
import { scratchDir } from '../support/scratch.js';
import { llama3_8bConfig } from '../support/hf-configs.js';

async function run(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const program = new Command().exitOverride().configureOutput({
    writeOut: (t) => {
      out.stdout += t;
    },
    writeErr: (t) => {
      out.stderr += t;
    },
  });
  registerEstimate(program, {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    isTty: false,
  });
  await program.parseAsync(args, { from: 'user' });
  return out;
}

const train = [
  'estimate',
  'train',
  '--model',
  'llama3-70b',
  '--gpu',
  'h100',
  '--gpus',
  '64',
  '--tp',
  '8',
  '--pp',
  '4',
  '--seq',
  '4096',
  '--global-batch',
  '256',
  '--recompute',
  'selective',
  '--zero',
  '1',
];
const serve = [
  'estimate',
  'serve',
  '--model',
  'llama3-8b',
  '--gpu',
  'h100',
  '--tp',
  '1',
  '--batch',
  '8',
  '--input-len',
  '1024',
  '--output-len',
  '128',
];

describe('schedlab estimate train', () => {
  it('prints one JSON object with the documented fields', async () => {
    const { stdout } = await run([...train, '--json']);
    const json = JSON.parse(stdout) as Record<string, unknown> & {
      breakdown: { time: Record<string, number>; memory: Record<string, number> };
    };
    for (const key of ['stepTimeS', 'tflopsPerGpu', 'mfu', 'peakMemoryBytes']) expect(typeof json[key]).toBe('number');
    expect(Object.keys(json.breakdown.time)).toEqual([
      'computeS',
      'communicationS',
      'bubbleS',
      'dataParallelS',
      'optimizerS',
    ]);
    expect(json.breakdown.memory.activationBytes).toBeGreaterThan(0);
    expect(json.fits).toBe(true);
  });
  it('prints a table with the breakdown', async () => {
    const { stdout } = await run(train);
    for (const word of ['step time', 'MFU', 'bubble', 'communication', 'optimizer', 'activations', 'fits'])
      expect(stdout).toContain(word);
  });
  it('says which memory is over when the plan does not fit', async () => {
    const { stdout } = await run([
      'estimate',
      'train',
      '--model',
      'llama3-70b',
      '--gpu',
      'a100',
      '--gpus',
      '8',
      '--tp',
      '8',
      '--pp',
      '1',
      '--seq',
      '4096',
      '--global-batch',
      '8',
      '--json',
    ]);
    const json = JSON.parse(stdout) as { fits: boolean; overflow: string };
    expect(json.fits).toBe(false);
    expect(json.overflow).toContain('over by');
  });
  it('reads a Hugging Face config.json for --model', async () => {
    const dir = scratchDir('schedlab-cli-');
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(llama3_8bConfig));
    const { stdout } = await run([
      'estimate',
      'train',
      '--model',
      file,
      '--gpu',
      'h100',
      '--gpus',
      '8',
      '--tp',
      '1',
      '--pp',
      '1',
      '--seq',
      '8192',
      '--global-batch',
      '64',
      '--recompute',
      'full',
      '--zero',
      '3',
      '--json',
    ]);
    // The JSON plan keeps the model as given, so that `estimate train --plan` can read it back.
    expect((JSON.parse(stdout) as { plan: { model: string } }).plan.model).toBe(file);
  });
  it('turns an unknown GPU or an indivisible plan into an input error', async () => {
    await expect(run([...train.map((a) => (a === 'h100' ? 'v100' : a))])).rejects.toSatisfy(
      (e) => e instanceof SchedlabError && e.kind === 'input',
    );
    await expect(run([...train.map((a) => (a === '64' ? '48' : a))])).rejects.toSatisfy(
      (e) => e instanceof SchedlabError && /does not divide/.test(e.message),
    );
  });
  it('refuses interleaved chunks that the fullest stage does not split into equally, with the fix', async () => {
    await expect(run([...train, '--schedule', 'interleaved', '--virtual-stages', '3'])).rejects.toSatisfy(
      (e) =>
        e instanceof SchedlabError &&
        e.kind === 'input' &&
        e.message.startsWith('--virtual-stages 3 does not divide the 20 layers of stage 0, the fullest') &&
        e.message.includes('use --virtual-stages 2 or 4 or 5 or 10 or 20, --stage-layers'),
    );
    await expect(run([...train, '--schedule', 'interleaved', '--virtual-stages', '4'])).resolves.toBeDefined();
  });
  it('rejects malformed flags as usage errors', async () => {
    await expect(run([...train, '--zero', '5'])).rejects.toBeInstanceOf(CommanderError);
    await expect(run([...train, '--recompute', 'some'])).rejects.toBeInstanceOf(CommanderError);
    await expect(run(['estimate', 'train', '--model', 'llama3-8b'])).rejects.toSatisfy(
      (e) => e instanceof SchedlabError && e.kind === 'input' && /--gpus is required/.test(e.message),
    );
  });
});

describe('schedlab estimate serve', () => {
  it('prints ttftS, tpotS and tokensPerS', async () => {
    const { stdout } = await run([...serve, '--json']);
    const json = JSON.parse(stdout) as Record<string, number>;
    for (const key of ['ttftS', 'tpotS', 'tokensPerS']) expect(json[key]).toBeGreaterThan(0);
    expect(json.ttftS).toBeGreaterThan(json.tpotS);
  });
  it('prints a table', async () => {
    const { stdout } = await run(serve);
    for (const word of ['TTFT', 'TPOT', 'KV cache', 'fits']) expect(stdout).toContain(word);
  });
});
