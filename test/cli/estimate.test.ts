import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { scratchDir } from '../support/scratch.js';
import { catalogGpu, catalogLink } from '../support/hardware-catalog.js';

const train = [
  'estimate',
  'train',
  '--model',
  'llama3-70b',
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
];
const serve = [
  'estimate',
  'serve',
  '--model',
  'llama3-70b',
  '--gpu',
  'H100',
  '--tp',
  '8',
  '--batch',
  '8',
  '--input-len',
  '1024',
  '--output-len',
  '256',
  '--json',
];

async function trainJson(...flags: string[]): Promise<Record<string, unknown> & { plan: Record<string, unknown> }> {
  const { code, stdout, stderr } = await runCli(...train, ...flags, '--json');
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

function tempFile(name: string, text: string): string {
  const file = join(scratchDir('schedlab-estimate-'), name);
  writeFileSync(file, text);
  return file;
}

describe('schedlab estimate (through the real entry point)', () => {
  it('train --json gives the figures named in the issue', async () => {
    const { code, stdout } = await runCli(
      'estimate',
      'train',
      '--model',
      'llama3-8b',
      '--gpu',
      'H100',
      '--gpus',
      '8',
      '--tp',
      '1',
      '--pp',
      '1',
      '--seq',
      '4096',
      '--global-batch',
      '64',
      '--micro-batch',
      '1',
      '--json',
    );
    expect(code).toBe(0);
    const estimate = JSON.parse(stdout);
    for (const key of ['stepTimeS', 'tflopsPerGpu', 'mfu', 'peakMemoryBytes'])
      expect(Number.isFinite(estimate[key])).toBe(true);
    expect(estimate.mfu).toBeGreaterThan(0);
    expect(estimate.mfu).toBeLessThan(1);
  });

  it('serve --json gives TTFT, TPOT and throughput', async () => {
    const { code, stdout } = await runCli(...serve);
    expect(code).toBe(0);
    const estimate = JSON.parse(stdout);
    expect(estimate.ttftS).toBeGreaterThan(0);
    expect(estimate.tpotS).toBeGreaterThan(0);
    expect(estimate.tokensPerS).toBeGreaterThan(0);
  });

  it('an unknown GPU is bad input (exit 2) and the message names the choices', async () => {
    const { code, stderr } = await runCli(
      'estimate',
      'train',
      '--model',
      'llama3-8b',
      '--gpu',
      'V100',
      '--gpus',
      '8',
      '--tp',
      '1',
      '--pp',
      '1',
      '--seq',
      '4096',
      '--global-batch',
      '64',
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/V100/);
    expect(stderr).toMatch(/h100-sxm/);
  });
});

describe('schedlab estimate train: flags for published plans', () => {
  it('takes the distributed optimizer, SP, virtual stages, the attention kernel and the inter-node link', async () => {
    const json = await trainJson(
      '--gpu',
      'h100',
      '--distributed-optimizer',
      '--no-sp',
      '--schedule',
      'interleaved',
      '--virtual-stages',
      '4',
      '--attention',
      'materialized',
      '--recompute',
      'selective',
      '--inter-link',
      'roce-400g',
    );
    expect(json.plan).toMatchObject({
      distributedOptimizer: true,
      sp: false,
      schedule: 'interleaved',
      virtualStages: 4,
      attention: 'materialized',
      interLink: 'roce-400g',
      intraLink: 'nvlink4',
    });
    for (const key of ['stepTimeS', 'tflopsPerGpu', 'mfu', 'peakMemoryBytes']) expect(typeof json[key]).toBe('number');
    expect((await trainJson('--gpu', 'h100', '--sp')).plan.sp).toBe(true);
    expect((await trainJson('--gpu', 'h100')).plan).toMatchObject({
      sp: true,
      attention: 'flash',
      distributedOptimizer: false,
    });
  });
  it('takes a cluster preset and a per-stage layer layout', async () => {
    const json = await trainJson('--cluster', 'meta-roce-h100', '--stage-layers', '19,21,21,19');
    expect(json.plan).toMatchObject({
      cluster: 'meta-roce-h100',
      gpu: 'h100-sxm',
      interLink: 'roce-400g',
      stageLayers: [19, 21, 21, 19],
    });
    const bad = await runCli(...train, '--gpu', 'h100', '--stage-layers', '20,20,20');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('one layer count per stage');
    const neither = await runCli(...train);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('--gpu NAME or --cluster NAME');
  });
  it('extends the catalog from --catalog FILE.json', async () => {
    const file = tempFile(
      'hw.json',
      JSON.stringify({ gpus: [catalogGpu('h100-nvl-test', 'ib-xdr')], links: [catalogLink('ib-xdr')] }),
    );
    const json = await trainJson('--catalog', file, '--gpu', 'h100-nvl-test');
    expect(json.plan).toMatchObject({ gpu: 'h100-nvl-test', interLink: 'ib-xdr' });
  });
  it('a bad catalog file is bad input (exit 2) naming the file and the path inside it', async () => {
    const invalid = tempFile(
      'bad.json',
      JSON.stringify({ links: [{ name: 'x', bytesPerS: -1, latencyS: 0, efficiency: 0.5 }] }),
    );
    const result = await runCli(...train, '--gpu', 'h100', '--catalog', invalid);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${invalid} (at links.0.bytesPerS)`);
    const broken = tempFile('broken.json', '{ "links": [');
    const parse = await runCli(...train, '--gpu', 'h100', '--catalog', broken);
    expect(parse.code).toBe(2);
    expect(parse.stderr).toContain(broken);
    expect(parse.stderr).toContain('not valid JSON');
    const missing = await runCli(...train, '--gpu', 'h100', '--catalog', join(tmpdir(), 'no-such-catalog.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-catalog.json');
    const unknownLink = await runCli(...train, '--gpu', 'h100', '--inter-link', 'ib-zzz');
    expect(unknownLink.code).toBe(2);
    expect(unknownLink.stderr).toContain("unknown link 'ib-zzz'");
  });
});

describe('schedlab estimate serve: --gpus-per-node', () => {
  it('a TP group split over two nodes pays the inter-node link', async () => {
    const oneNode = JSON.parse((await runCli(...serve)).stdout);
    const twoNodes = await runCli(...serve, '--gpus-per-node', '4');
    expect(twoNodes.code).toBe(0);
    const split = JSON.parse(twoNodes.stdout);
    for (const key of ['ttftS', 'tpotS', 'tokensPerS']) expect(typeof split[key]).toBe('number');
    expect(split.tpotS).toBeGreaterThan(oneNode.tpotS);
    const partial = await runCli(...serve, '--gpus-per-node', '3');
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('--gpus-per-node 3');
  });
});
