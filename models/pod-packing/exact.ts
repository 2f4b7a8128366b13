/**
 * Exact methods of the pod-packing family beyond the one-MIP `formulate`.
 *
 * 'lexicographic': the lexicographic MIP by priority tier, highest first (lexicographic.ts,
 * its levels in levels.ts, solved by src/solve/lexicographic.ts). Its `proven` means the
 * evaluator's objective is optimal, because the evaluator encodes the same order; `bound`
 * is `lexicographicBound`. `report` has one line per tier (placed and disruption, each
 * proven or not), then which start won and how many solves ran, then each pod left
 * pending with kube-scheduler's FailedScheduling message (the first ten); the CLI prints it.
 */
import type { ExactMethod } from '../../src/family/contract.js';
import type { PodPackingInstance, PodPackingSolution } from './instance.js';
import { formatTierReport, lexicographicBound, solvePodPackingLexicographic } from './lexicographic.js';
import { pendingMessages } from './unschedulable.js';

/** How many pending pods the report names with the scheduler's message before it only counts the rest. */
const pendingLines = 10;

/** One line per pod the solution leaves pending, with kube-scheduler's FailedScheduling message. */
function pendingReport(instance: PodPackingInstance, solution: PodPackingSolution | undefined): string[] {
  if (solution === undefined) return [];
  const lines = Object.entries(pendingMessages(instance, solution.assignment)).map(
    ([pod, message]) => `pending ${pod}: ${message}`,
  );
  if (lines.length <= pendingLines) return lines;
  return [
    ...lines.slice(0, pendingLines),
    `pending: ${lines.length - pendingLines} more (see the solution's "pending")`,
  ];
}

/**
 * The family's exact methods (the `exact` entry of `models/pod-packing/index.ts`).
 *
 * @example
 * ```ts
 * const answer = await podPackingExact.lexicographic.solve(instance, { timeLimitSec: 10 });
 * answer.report; // e.g. ['tier p1000: placed 3 (proven), disruption 0 (proven)', ..., 'start: given; 1 solve(s)']
 * ```
 */
export const podPackingExact: Record<string, ExactMethod<PodPackingInstance, PodPackingSolution>> = {
  lexicographic: {
    async solve(instance, options) {
      const report = await solvePodPackingLexicographic(instance, options);
      const { tiers, start, solves } = report;
      return {
        solution: report.solution,
        proven: report.proven,
        bound: lexicographicBound(instance, report),
        report: [
          ...formatTierReport(tiers),
          ...(report.topology === undefined
            ? []
            : [
                `topology: gangs span ${report.topology.extraDomains} domain(s) beyond one each (${report.topology.proven ? 'proven' : 'not proven'} the fewest)`,
              ]),
          `start: ${start}; ${solves} solve(s)`,
          ...pendingReport(instance, report.solution),
        ],
      };
    },
  },
};
