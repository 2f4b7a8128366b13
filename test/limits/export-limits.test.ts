/**
 * `export` of a family MIP refuses, before building anything, what it cannot build within
 * memory or (with `--time-limit`) write in time, with the size; nothing is written.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { scratchDir } from '../support/scratch.js';

function pipelineFile(dir: string, devices: number, chunks: number, microbatches: number): string {
  const file = join(dir, `pipeline-${devices}x${chunks}x${microbatches}.json`);
  const data = { devices, chunks, microbatches, times: { F: 1, B: 1, W: 0.5 } };
  writeFileSync(file, JSON.stringify({ family: 'pipeline', name: 'p', data }));
  return file;
}

describe('export limits', () => {
  const dir = scratchDir('export-limits');

  it('refuses a pipeline ILP beyond the memory it may take, with its size, and writes nothing', async () => {
    const out = join(dir, 'big.lp');
    const file = pipelineFile(dir, 2, 16, 16);
    const run = await runCli('export', file, '--format', 'lp', '--out', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(/about [\d,]+ rows, [\d,]+ columns and [\d,]+ nonzeros \(about [\d.]+ GB to build\)/);
    expect(run.stderr).toContain('fewer microbatches');
    expect(existsSync(out)).toBe(false);
  });

  it('with --time-limit refuses a model whose build and writing would take longer', async () => {
    const out = join(dir, 'slow.lp');
    const file = pipelineFile(dir, 2, 64, 2);
    const run = await runCli('export', file, '--format', 'lp', '--out', out, '--time-limit', '1');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(/would take about \d+ s to build and write .* more than --time-limit 1/);
    expect(existsSync(out)).toBe(false);
  });

  it('writes a small model within its --time-limit', async () => {
    const out = join(dir, 'small.lp');
    const run = await runCli(
      'export',
      pipelineFile(dir, 2, 1, 4),
      '--format',
      'lp',
      '--out',
      out,
      '--time-limit',
      '60',
    );
    expect(run.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });
});
