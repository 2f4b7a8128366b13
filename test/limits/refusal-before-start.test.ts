/**
 * Issue 12, class 1: `solve` refuses a MIP too large to build before the start heuristic runs
 * its search, when the size decided from the instance alone (and with one pass of the default
 * heuristic as the start) is already too large; a family whose model a start shrinks still
 * gets its start and its MIP. Generic: the families below differ only in `modelSize`.
 */
import { describe, expect, it } from 'vitest';
import type { AnyFamily, HeuristicContext } from '../../src/family/contract.js';
import type { ModelSize } from '../../src/family/model-budget.js';
import { getFamily } from '../../src/family/registry.js';
import { solveWithMip } from '../../src/family/run.js';
import { rejectionOf } from '../support/errors.js';

/** The family with its default heuristic counting its calls and whether each came with its deadline already past. */
function counted(family: AnyFamily): { family: AnyFamily; calls: { late: boolean }[] } {
  const calls: { late: boolean }[] = [];
  const heuristic = family.heuristics.default;
  const counting = (instance: unknown, context: HeuristicContext) => {
    calls.push({ late: context.deadline <= Date.now() });
    return heuristic(instance, context);
  };
  return { family: { ...family, heuristics: { ...family.heuristics, default: counting } }, calls };
}

const huge: ModelSize = { rows: 1e9, columns: 1e9, nonzeros: 4e9 };

describe('solve refuses an unbuildable MIP before the start search', () => {
  it('pipeline, 8 devices x 4,096 microbatches: refused with its size after at most one late heuristic pass', async () => {
    const { family, calls } = counted(await getFamily('pipeline'));
    const instance = family.parse({ devices: 8, microbatches: 4_096, times: { F: 1, B: 1, W: 0.5 } });
    const error = await rejectionOf(solveWithMip(family, instance, { timeLimitSec: 5 }));
    expect(error.kind).toBe('input');
    expect(error.message).toMatch(/4,026,793,984 nonzeros/);
    expect(calls.length).toBeLessThanOrEqual(1);
    expect(calls.every((call) => call.late)).toBe(true);
  });

  it('a size that ignores the start: one late pass, then the refusal', async () => {
    const pipeline = await getFamily('pipeline');
    const { family, calls } = counted({ ...pipeline, modelSize: () => huge });
    const instance = family.generate({ size: 'small' }, 1);
    const error = await rejectionOf(solveWithMip(family, instance, { timeLimitSec: 5 }));
    expect(error.message).toMatch(/4,000,000,000 nonzeros/);
    expect(calls).toEqual([{ late: true }]);
  });

  it('a size the start shrinks: the MIP still runs, warm-started by the full start search', async () => {
    const pipeline = await getFamily('pipeline');
    const sizeOf = pipeline.modelSize;
    if (sizeOf === undefined) throw new Error('pipeline states its model size');
    const shrinking: AnyFamily['modelSize'] = (instance, options) =>
      options?.incumbent === undefined ? huge : sizeOf(instance, options);
    const { family, calls } = counted({ ...pipeline, modelSize: shrinking });
    const instance = family.generate({ size: 'small' }, 1);
    const result = await solveWithMip(family, instance, { timeLimitSec: 5 });
    expect(result.evaluation.feasible).toBe(true);
    expect(calls.map((call) => call.late)).toEqual([true, false]);
  });
});
