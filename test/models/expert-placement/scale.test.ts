/**
 * The single-stage MIP is refused, with its size, before it is built when its assignment
 * variables alone are beyond what builds within a time limit, and `solve` without a method then
 * runs `two-stage` (DeepSeek-V3 on 64 GPUs had taken 76 s and 6.9 GB at `--time-limit 5`).
 */
import { describe, expect, it } from 'vitest';
import { family, singleStageApplies } from '../../../models/expert-placement/index.js';
import { errorOf } from '../../support/errors.js';

describe('expert placement at DeepSeek-V3 scale', () => {
  const instance = family.generate({ size: 'large', model: 'deepseek-v3', gpus: 64, gpusPerNode: 8, layers: 58 }, 1);

  it('runs two-stage by default and refuses the single-stage MIP with its size', () => {
    expect(singleStageApplies(instance)).toBe(false);
    expect(family.strongestMethod?.(instance)).toBe('two-stage');
    const error = errorOf(() => family.formulate(instance));
    expect(error.kind).toBe('unsupported');
    expect(error.message).toMatch(
      /950272 assignment variables \(limit 100000: 58 layers x 256 experts x 64 GPUs\); use --method two-stage/,
    );
  });
});
