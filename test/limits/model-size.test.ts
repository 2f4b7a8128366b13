/**
 * `Family.modelSize` of serving-plan, sequence-parallel and expert-placement: an upper estimate
 * of the model `formulate` builds, so that `solve --method mip` and `export` refuse an oversized
 * MIP at once, with its size and the method that helps.
 */
import { describe, expect, it } from 'vitest';
import { nonzeroCount } from '../../src/canonical/canonical-model.js';
import { compile } from '../../src/dsl/compile.js';
import type { AnyFamily, GenerateParams } from '../../src/family/contract.js';
import { getFamily } from '../../src/family/registry.js';
import { runHeuristic, solveWithMip } from '../../src/family/run.js';
import { inputErrorOf, rejectionOf } from '../support/errors.js';

const sized: [string, GenerateParams][] = [
  ['serving-plan', { size: 'small' }],
  ['sequence-parallel', { size: 'small' }],
  ['sequence-parallel', { size: 'medium' }],
  ['expert-placement', { size: 'small' }],
  ['expert-placement', { size: 'medium' }],
];

/** The default heuristic's answer as the incumbent, as `solveWithMip` and `export` pass it. */
function incumbentOptions(family: AnyFamily, instance: unknown) {
  const start = runHeuristic(family, instance, 'default', { timeLimitSec: 1 });
  return start.evaluation.feasible ? { incumbent: start.solution } : {};
}

describe('modelSize of the newer families', () => {
  it.each(sized)('%s %o: the estimate is at least the model built', async (id, params) => {
    const family = await getFamily(id);
    const instance = family.generate(params, 1);
    const options = incumbentOptions(family, instance);
    const size = family.modelSize?.(instance, options);
    const model = compile(family.formulate(instance, options).model);
    expect(size?.rows).toBeGreaterThanOrEqual(model.numRows);
    expect(size?.columns).toBeGreaterThanOrEqual(model.numCols);
    expect(size?.nonzeros).toBeGreaterThanOrEqual(nonzeroCount(model));
  });

  it('sequence-parallel: a batch of 1,024 on 1,024 GPUs is refused with its size, naming flexsp', async () => {
    const family = await getFamily('sequence-parallel');
    const instance = family.generate({ size: 'large', batch: 1_024, gpus: 1_024 }, 1);
    const error = await rejectionOf(solveWithMip(family, instance, { timeLimitSec: 1 }));
    expect(error.kind).toBe('input');
    expect(error.message).toMatch(/rows, [\d,]+ columns and [\d,]+ nonzeros/);
    expect(error.message).toContain('--method flexsp');
  });

  it('expert-placement: DeepSeek-V3 on 64 GPUs, 2 layers, is refused with its size, naming two-stage', async () => {
    const family = await getFamily('expert-placement');
    const params = { size: 'large' as const, model: 'deepseek-v3', gpus: 64, gpusPerNode: 8, layers: 2 };
    const instance = family.generate(params, 1);
    const error = await rejectionOf(solveWithMip(family, instance, { timeLimitSec: 1 }));
    expect(error.kind).toBe('input');
    expect(error.message).toMatch(/[\d,]+ nonzeros/);
    expect(error.message).toContain('--method two-stage');
  });

  it('serving-plan: 8,192 one-GPU nodes are refused with the size and the nodes that fit', async () => {
    const family = await getFamily('serving-plan');
    const instance = family.parse({
      name: 'many-nodes',
      model: 'llama3-8b',
      cluster: { gpu: 'h100', gpus: 8_192, gpusPerNode: 1 },
      traffic: {
        kind: 'synthetic',
        rate: 1,
        prompt: { kind: 'fixed', tokens: 128 },
        output: { kind: 'fixed', tokens: 16 },
        requests: 10,
      },
      slo: { ttftS: 1, tpotS: 0.1, attainment: 0.9 },
    });
    const error = inputErrorOf(() => family.modelSize?.(instance, {}));
    expect(error.message).toMatch(/about [\d,]+ rows, [\d,]+ columns and [\d,]+ nonzeros/);
    expect(error.message).toMatch(/plan at most [\d,]+ nodes at a time/);
  });
});
