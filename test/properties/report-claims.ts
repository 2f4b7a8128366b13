/**
 * What the CLI's JSON report of `solve` and `heuristic` claims, and what is wrong with those
 * claims against the family's evaluator: shared by `claims-agree.test.ts` and the hostile
 * sweep (`bench/hostile/judge.ts`), so both hold reports to one set of rules.
 */
import type { AnyFamily } from '../../src/family/contract.js';
import { relativeGap } from '../../src/solvers/contract.js';

/** The fields of the report that make claims; null stands for an unknown. */
export interface ReportClaims {
  status: string;
  feasible: boolean;
  objective: number | null;
  bound: number | null;
  gap: number | null;
  solution: unknown;
}

/** Slack for comparing a bound with an objective: solver tolerances, not a real gap. */
export function tolerance(objective: number): number {
  return 1e-6 * Math.max(1, Math.abs(objective));
}

/** The bound is on the optimistic side of the objective (below it for min, above for max). */
export function boundValid(family: AnyFamily, objective: number, bound: number): boolean {
  const slack = tolerance(objective);
  return family.sense === 'min' ? bound <= objective + slack : bound >= objective - slack;
}

/** The bound and gap against the objective, or what is wrong with them. */
function boundProblem(family: AnyFamily, report: ReportClaims): string | undefined {
  const { objective, bound, gap } = report;
  if (report.status === 'optimal' && (objective === null || bound === null || gap !== 0))
    return `'optimal' with objective ${objective}, bound ${bound} and gap ${gap}`;
  if (report.status === 'optimal' && Math.abs(Number(bound) - Number(objective)) > tolerance(Number(objective)))
    return `'optimal' with bound ${bound} apart from the objective ${objective}`;
  if (typeof bound !== 'number' || typeof objective !== 'number')
    return gap === null ? undefined : `gap ${gap} without an objective and a bound`;
  if (!boundValid(family, objective, bound)) return `bound ${bound} beyond the objective ${objective}`;
  return gap === relativeGap(objective, bound) ? undefined : `gap ${gap} is not the bound's`;
}

/**
 * What is wrong with a report on `instance`: feasibility or objective other than the
 * evaluator's, a status the solution does not back, a bound beyond the objective, a gap
 * other than the bound's. Undefined when nothing is.
 *
 * @example
 * ```ts
 * expect(reportProblem(family, instance, JSON.parse(run.stdout))).toBeUndefined();
 * ```
 */
export function reportProblem(family: AnyFamily, instance: unknown, report: ReportClaims): string | undefined {
  const evaluation =
    report.solution === null || report.solution === undefined
      ? undefined
      : family.evaluate(instance, family.parseSolution(instance, report.solution));
  const feasible = evaluation?.feasible ?? false;
  if (report.feasible !== feasible) return `feasible ${report.feasible}, the evaluator says ${feasible}`;
  const objective = feasible ? evaluation?.objective : null;
  if (report.objective !== objective) return `objective ${report.objective}, the evaluator says ${objective}`;
  if (report.status === 'infeasible' && feasible) return "'infeasible' with a feasible solution";
  return boundProblem(family, report);
}
