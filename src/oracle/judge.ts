/**
 * The family's verdict on what a candidate returned: its JSON text is parsed by the
 * family's solution parser (shape, unknown, missing or duplicated ids, each named by its
 * path) and only then scored by `Family.evaluate`, so the objective is the evaluator's,
 * never the candidate's claim. This runs in the host, outside the candidate's isolate.
 */
import { SchedlabError } from '../errors.js';
import type { AnyFamily } from '../family/contract.js';
import type { RawOutcome } from './sandbox.js';
import type { JudgedRun } from './types.js';

/** Violations kept per instance: enough to see what is wrong, small enough for a search loop's prompt. */
export const maxViolations = 10;

function describe(error: unknown): string {
  if (error instanceof SchedlabError) return error.describe();
  return error instanceof Error ? error.message : String(error);
}

/**
 * Judge one run.
 *
 * @example
 * ```ts
 * judge(family, instance, { kind: 'returned', text: '{"starts":{"a":0}}', console: '', timeMs: 1 }).status; // 'ok'
 * ```
 */
export function judge(family: AnyFamily, instance: unknown, outcome: RawOutcome): JudgedRun {
  const base = { console: outcome.console, timeMs: outcome.timeMs, objective: null, feasible: false, violations: [] };
  if (outcome.kind !== 'returned') return { ...base, status: outcome.kind, message: outcome.message };
  let solution: unknown;
  try {
    solution = family.parseSolution(instance, JSON.parse(outcome.text));
  } catch (error) {
    return { ...base, status: 'invalid-output', message: describe(error) };
  }
  try {
    const evaluation = family.evaluate(instance, solution);
    const objective = Number.isFinite(evaluation.objective) ? evaluation.objective : null;
    const violations = evaluation.violations.slice(0, maxViolations).map((v) => `${v.constraint}: ${v.message}`);
    if (evaluation.violations.length > maxViolations)
      violations.push(`... and ${evaluation.violations.length - maxViolations} more violations`);
    const feasible = evaluation.feasible && objective !== null;
    return { ...base, status: feasible ? 'ok' : 'infeasible', objective, feasible, violations };
  } catch (error) {
    return { ...base, status: 'error', message: `the evaluator failed on this solution: ${describe(error)}` };
  }
}
