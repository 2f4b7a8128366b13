/**
 * A scripted backend for testing the layers above the backends (lexicographic solves,
 * the CLI, bench harness): it returns the results it is given, in order, and records
 * the models and options it was called with. It never solves anything.
 */
import type { CanonicalModel } from '../../canonical/canonical-model.js';
import { SchedlabError } from '../../errors.js';
import type { Capability, SolveOptions, SolveResult, SolverBackend } from '../contract.js';

/** A scripted answer: a fixed result, or a function of the model and options. */
export type ScriptedAnswer =
  | Partial<SolveResult>
  | ((model: CanonicalModel, options: SolveOptions) => Partial<SolveResult>);

export interface MockBackend extends SolverBackend {
  /** Every call so far, oldest first. */
  readonly calls: { model: CanonicalModel; options: SolveOptions }[];
}

function complete(partial: Partial<SolveResult>): SolveResult {
  return {
    solver: 'mock',
    termination: 'optimal',
    hasSolution: true,
    objective: Number.NaN,
    bestBound: Number.NaN,
    gap: Number.NaN,
    values: new Float64Array(0),
    timeMs: 0,
    ...partial,
  };
}

/**
 * A mock backend answering with `answers` in turn (the last one repeats).
 *
 * @example
 * ```ts
 * const mock = mockBackend([{ termination: 'infeasible', hasSolution: false }]);
 * const result = await mock.solve(model);   // result.termination === 'infeasible'
 * mock.calls.length;                        // 1
 * ```
 */
export function mockBackend(
  answers: readonly ScriptedAnswer[],
  capabilities: readonly Capability[] = ['integer', 'timeLimit', 'gap', 'absoluteGap', 'warmStart', 'dualBound'],
): MockBackend {
  const calls: { model: CanonicalModel; options: SolveOptions }[] = [];
  return {
    name: 'mock',
    capabilities: new Set(capabilities),
    calls,
    isAvailable: async () => true,
    async solve(model, options = {}) {
      const answer = answers[Math.min(calls.length, answers.length - 1)];
      calls.push({ model, options });
      if (answer === undefined) throw new SchedlabError('internal', 'mock backend was given no scripted answers');
      return complete(typeof answer === 'function' ? answer(model, options) : answer);
    },
  };
}
