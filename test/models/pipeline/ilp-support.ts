/**
 * What the pipeline ILP tests share: the default heuristic's answer as incumbent and warm
 * start, the ILP solved to a proven optimum, and the check that no baseline beats it.
 */
import { expect } from 'vitest';
import { family } from '../../../models/pipeline/index.js';
import { formulatePipeline } from '../../../models/pipeline/formulation.js';
import type { PipelineInstance, PipelineSolution } from '../../../models/pipeline/instance.js';
import { SchedlabError } from '../../../src/errors.js';
import { solve } from '../../../src/solve/solve.js';
import { heuristicContext } from '../../support/heuristics.js';

/** Seed 1, 10 s: the heuristics finish long before on these instances. */
export const ctx = () => heuristicContext(1, 10);

/** The ILP warm-started from the default heuristic, solved to optimality (60 s at most), and its schedule evaluated. */
export async function provenOptimum(instance: PipelineInstance, horizon?: number) {
  const incumbent = family.heuristics.default(instance, ctx());
  const ilp = formulatePipeline(instance, { incumbent, ...(horizon === undefined ? {} : { horizon }) });
  const warmStart = ilp.encode(incumbent);
  const result = await solve(ilp.model, { solver: 'highs', timeLimitSec: 60, ...(warmStart ? { warmStart } : {}) });
  expect(result.termination).toBe('optimal');
  const schedule = ilp.decode(result.values);
  return { result, schedule, warmStart, evaluation: family.evaluate(instance, schedule), horizon: ilp.horizon };
}

/** A heuristic's schedule, or undefined when it refuses the layout with an input error (V-Half on a loop, ...). */
function scheduleOf(name: string, instance: PipelineInstance): PipelineSolution | undefined {
  try {
    return family.heuristics[name](instance, ctx());
  } catch (error) {
    expect(error, name).toBeInstanceOf(SchedlabError);
    expect((error as SchedlabError).kind, name).toBe('input');
    return undefined;
  }
}

/** No heuristic's feasible schedule beats `optimum` (by more than 1e-6). */
export function noHeuristicBeats(instance: PipelineInstance, optimum: number): void {
  for (const name of Object.keys(family.heuristics)) {
    const schedule = scheduleOf(name, instance);
    const evaluation = schedule === undefined ? undefined : family.evaluate(instance, schedule);
    if (evaluation?.feasible) expect(evaluation.objective, name).toBeGreaterThanOrEqual(optimum - 1e-6);
  }
}
