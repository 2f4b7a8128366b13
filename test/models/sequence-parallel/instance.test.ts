/** Bad input is refused at its path with a fix: lengths, sequences too long for the cluster, degree sets; the CLI exits 2. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  family,
  formulateSequenceParallel,
  parseSequenceParallel,
  serializeSequenceParallel,
} from '../../../models/sequence-parallel/index.js';
import { runCli } from '../../cli/run-cli.js';
import { inputErrorOf } from '../../support/errors.js';
import { scratchDir } from '../../support/scratch.js';

const base = { lengths: [2048, 8192], model: 'llama3-8b', cluster: { gpu: 'h100', gpus: 8 } };

describe('sequence-parallel instances', () => {
  it('derives the default degrees and a token capacity from memory, and reads back what it writes', () => {
    const instance = parseSequenceParallel(base);
    expect(instance.degrees).toEqual([1, 2, 4, 8]);
    expect(instance.tokenCapacity).toBeGreaterThan(1000);
    expect(parseSequenceParallel(serializeSequenceParallel(instance))).toEqual(instance);
  });

  it('refuses lengths that are not positive whole numbers, at their index', () => {
    for (const bad of [0, -5, 12.5]) {
      const error = inputErrorOf(() => parseSequenceParallel({ ...base, lengths: [100, 200, bad] }));
      expect(error.location.path).toBe('data.lengths[2]');
      expect(error.message).toContain('whole number from 1');
    }
  });

  it('refuses a sequence longer than N GPUs hold, saying by how much and which knob helps', () => {
    const error = inputErrorOf(() => parseSequenceParallel({ ...base, lengths: [100, 200000], tokenCapacity: 20000 }));
    expect(error.location.path).toBe('data.lengths[1]');
    expect(error.message).toContain('40000 tokens too many');
    expect(error.message).toContain('data.tokenCapacity');
    const derived = inputErrorOf(() => parseSequenceParallel({ ...base, lengths: [100, 16_000_000] }));
    expect(derived.message).toContain('data.cluster.gpus');
  });

  it('refuses a degree set that does not divide N, or straddles nodes', () => {
    const error = inputErrorOf(() => parseSequenceParallel({ ...base, degrees: [1, 2, 3] }));
    expect(error.location.path).toBe('data.degrees[2]');
    expect(error.message).toContain('does not divide the 8 GPUs');
    const nodes = { ...base, cluster: { gpu: 'h100', gpus: 12, gpusPerNode: 6 } };
    expect(inputErrorOf(() => parseSequenceParallel({ ...nodes, degrees: [4] })).message).toContain('nodes');
    expect(inputErrorOf(() => parseSequenceParallel({ ...nodes, degrees: [2, 3] })).message).toContain(
      'does not divide the larger degree',
    );
  });

  it('names an unknown model or GPU at its path', () => {
    expect(inputErrorOf(() => parseSequenceParallel({ ...base, model: 'gpt-9' })).location.path).toBe('data.model');
    expect(
      inputErrorOf(() => parseSequenceParallel({ ...base, cluster: { gpu: 'tpu', gpus: 8 } })).location.path,
    ).toContain('data.cluster');
  });

  it('the CLI exits 2 with the file, the path and the fix', async () => {
    const file = join(scratchDir('sp-bad'), 'bad.json');
    writeFileSync(file, JSON.stringify({ family: 'sequence-parallel', data: { ...base, lengths: [100, -1] } }));
    const run = await runCli('solve', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('data.lengths[1]');
    expect(run.stderr).toContain('bad.json');
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('every generator knob is read, and a misspelt one is refused', () => {
    const step = family.generate({ size: 'small', distribution: 'code', batch: 5, maxContext: 4096, gpus: 4 }, 3);
    expect(step.lengths).toHaveLength(5);
    expect(Math.max(...step.lengths)).toBeLessThanOrEqual(4096);
    expect(inputErrorOf(() => family.generate({ batchsize: 3 }, 1)).message).toContain("'batchsize'");
  });

  it('refuses a MILP too large to build, naming its size and the methods that help', () => {
    const step = family.generate({ size: 'large', batch: 600, gpus: 1024 }, 1);
    const error = inputErrorOf(() => formulateSequenceParallel(step, { slots: 2 }));
    expect(error.message).toMatch(/would have \d+ assignment variables/);
    expect(error.message).toContain('flexsp-bucketed');
  });
});
