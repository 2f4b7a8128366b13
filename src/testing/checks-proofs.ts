/**
 * The check that ties every method together: on each fixture instance, the optima that
 * the MIP and the exact methods prove agree, and no feasible answer of any method beats a
 * proven optimum or a proven bound.
 */
import type { AnyFamily } from '../family/contract.js';
import { optimizesObjective } from '../family/run.js';
import { corpusOf, feasibleRuns, settings, type Case, type Corpus } from './corpus.js';
import { exactRuns, mipRuns, type ExactRun, type MipRun } from './optimality-runs.js';
import { beats, Problems, slack } from './support.js';
import type { FamilyCheck } from './types.js';

/** A proven value and who proved it; `tolerance` is the prover's own (a MIP's gap). */
interface Claim {
  by: string;
  value: number;
  tolerance: number;
}

/** The solvers' default relative gap: a MIP's 'optimal' is that close to the optimum. */
const solverGap = 1e-4;

function mipClaims(run: MipRun | undefined, tolerance: number): { optima: Claim[]; bounds: Claim[] } {
  if (!run?.result || run.untrusted) return { optima: [], bounds: [] };
  const tol = Math.max(tolerance, solverGap);
  const optimal = run.result.termination === 'optimal' && run.evaluation?.feasible;
  const bounded = Number.isFinite(run.result.bestBound);
  return {
    optima: optimal && run.evaluation ? [{ by: 'the MIP', value: run.evaluation.objective, tolerance: tol }] : [],
    bounds: bounded ? [{ by: "the MIP's bound", value: run.result.bestBound, tolerance: tol }] : [],
  };
}

function exactClaims(runs: ExactRun[], tolerance: number): { optima: Claim[]; bounds: Claim[] } {
  const optima = runs.flatMap((run) =>
    run.answer?.proven && run.evaluation?.feasible
      ? [{ by: run.method, value: run.evaluation.objective, tolerance }]
      : [],
  );
  const bounds = runs.flatMap((run) =>
    typeof run.answer?.bound === 'number' && Number.isFinite(run.answer.bound)
      ? [{ by: `${run.method}'s bound`, value: run.answer.bound, tolerance }]
      : [],
  );
  return { optima, bounds };
}

/** Every feasible objective reached on the case, by whom. */
function reached(corpus: Corpus, item: Case, mip: MipRun | undefined, exact: ExactRun[]): Claim[] {
  const heuristics = feasibleRuns(corpus, item).map((run) => ({
    by: run.heuristic,
    value: run.evaluation.objective,
    tolerance: 0,
  }));
  const fromMip = mip?.evaluation?.feasible ? [{ by: 'the MIP', value: mip.evaluation.objective, tolerance: 0 }] : [];
  const fromExact = exact.flatMap((run) =>
    run.evaluation?.feasible ? [{ by: run.method, value: run.evaluation.objective, tolerance: 0 }] : [],
  );
  return [...heuristics, ...fromMip, ...fromExact];
}

function judgeCase(
  family: AnyFamily,
  item: Case,
  claims: { optima: Claim[]; bounds: Claim[] },
  answers: Claim[],
  problems: Problems,
): void {
  for (const [k, a] of claims.optima.entries())
    for (const b of claims.optima.slice(k + 1))
      if (Math.abs(a.value - b.value) > slack(a.value, Math.max(a.tolerance, b.tolerance)))
        problems.add(`on ${item.label} ${a.by} proves ${a.value} optimal and ${b.by} proves ${b.value}`);
  for (const claim of [...claims.optima, ...claims.bounds])
    for (const answer of answers)
      if (beats(family, answer.value, claim.value, claim.tolerance))
        problems.add(
          `on ${item.label} ${answer.by} reaches ${answer.value}, beyond ${claim.value} proven by ${claim.by}`,
        );
}

export const proofCheck: FamilyCheck = {
  name: 'optimum-not-beaten',
  description:
    'On each fixture instance the optima proven by the MIP and by the exact methods agree, and no feasible answer of any method beats a proven optimum or bound.',
  async run(family, fixtures) {
    const problems = new Problems();
    const { tolerance } = settings(fixtures);
    const [corpus, mips, exacts] = [
      await corpusOf(family, fixtures),
      await mipRuns(family, fixtures),
      await exactRuns(family, fixtures),
    ];
    let proven = 0;
    for (const item of corpus.cases.filter((c) => c.fixture && optimizesObjective(family, c.instance))) {
      const mip = mips.find((run) => run.item === item);
      const exact = exacts.filter((run) => run.item === item);
      const fromMip = mipClaims(mip, tolerance);
      const fromExact = exactClaims(exact, tolerance);
      const claims = {
        optima: [...fromMip.optima, ...fromExact.optima],
        bounds: [...fromMip.bounds, ...fromExact.bounds],
      };
      if (claims.optima.length > 0) proven++;
      judgeCase(family, item, claims, reached(corpus, item, mip, exact), problems);
    }
    problems.note(`${proven} fixture instance(s) with a proven optimum`);
    return problems.settle('optimum-not-beaten', fixtures);
  },
};
