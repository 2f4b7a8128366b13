/**
 * Bad expert-placement input at the command line: exit 2, the file, the path inside it and the
 * fix; never a stack trace. Also `solve` without a method on a small instance (the MIP).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExpertPlacement } from '../../models/expert-placement/index.js';
import { inputErrorPath } from '../support/errors.js';
import { scratchDir } from '../support/scratch.js';
import { runCli } from './run-cli.js';

const dir = scratchDir('expert-placement-input');
const row = [10, 20, 30, 40, 50, 60, 70, 80];
const base = { model: 'mixtral-8x7b', cluster: { gpu: 'h100', gpus: 4 }, routing: { n: [row, row, row, row] } };
const mixtralConfig = {
  architectures: ['MixtralForCausalLM'],
  model_type: 'mixtral',
  hidden_size: 4096,
  intermediate_size: 14336,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  vocab_size: 32000,
  num_local_experts: 8,
  num_experts_per_tok: 9,
};

async function refusal(name: string, data: unknown) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ family: 'expert-placement', data }));
  const run = await runCli('solve', file);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toContain(file);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return run.stderr;
}

describe('expert-placement bad input', () => {
  it('a negative count names data.routing.n[3][7]', async () => {
    const n = [row, row, row, [...row.slice(0, 7), -3]];
    expect(await refusal('negative', { ...base, routing: { n } })).toContain('data.routing.n[3][7]');
  });
  it('a row of the wrong length names the row and the expected count', async () => {
    const stderr = await refusal('short', { ...base, routing: { n: [row, row.slice(1)] } });
    expect(stderr).toContain('data.routing.n[1]');
    expect(stderr).toContain('expected 8 counts');
  });
  it('layer-to-layer counts of the wrong shape name A', async () => {
    const stderr = await refusal('pairs', { ...base, routing: { n: [row, row], A: [[row]] } });
    expect(stderr).toContain('data.routing.A[0]');
  });
  it('NaN counts are refused at their path', () => {
    expect(
      inputErrorPath(() => parseExpertPlacement({ ...base, routing: { n: [[...row.slice(0, 7), Number.NaN]] } })),
    ).toBe('data.routing.n[0][7]');
  });
  it('top-k above the expert count is refused at data.model with the fix', async () => {
    const stderr = await refusal('topk', { ...base, model: mixtralConfig });
    expect(stderr).toContain('data.model');
    expect(stderr).toContain('num_experts_per_tok');
  });
  it('a Hugging Face config.json object is a model (Mixtral: 8 experts, top-2)', () => {
    const instance = parseExpertPlacement({ ...base, model: { ...mixtralConfig, num_experts_per_tok: 2 } });
    expect([instance.experts, instance.topK, instance.slotsPerGpu]).toEqual([8, 2, 2]);
  });
  it('more experts per GPU than memory holds names the knob that helps', async () => {
    const stderr = await refusal('memory', { ...base, redundantSlots: 8, expertMemoryGb: 2 });
    expect(stderr).toContain('data.redundantSlots');
    expect(stderr).toContain('memory holds');
  });
  it('redundant slots that do not divide over the GPUs say how many would', async () => {
    expect(await refusal('slots', { ...base, redundantSlots: 3 })).toContain('use 4 redundant slots');
  });

  it('solve without --method runs the strongest method and reports a consistent answer', async () => {
    const file = join(dir, 'small.json');
    writeFileSync(
      file,
      JSON.stringify({
        family: 'expert-placement',
        data: { ...base, cluster: { gpu: 'h100', gpus: 2 }, routing: { n: [row] } },
      }),
    );
    const run = await runCli('solve', file, '--json', '--time-limit', '5');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.method).toContain('mip');
    expect(report.feasible).toBe(true);
    expect(report.bound).toBeLessThanOrEqual(report.objective + 1e-9);
  });
});
