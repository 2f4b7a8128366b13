/**
 * The checks on bounds and proofs: the family's lower bound, the MIP, its encode/decode
 * pair and the exact methods all agree with the evaluator, and nothing feasible beats a
 * proven optimum or a proven bound. A MIP's optimum and bound are held to the solvers'
 * default relative gap (1e-4) when the fixtures' tolerance is tighter.
 */
import { objectiveValue, pointViolation } from '../canonical/check.js';
import type { AnyFamily } from '../family/contract.js';
import { optimizesObjective } from '../family/run.js';
import { corpusOf, feasibleRuns, settings, type Case, type Corpus } from './corpus.js';
import { exactRuns, mipRuns, type ExactRun, type MipRun } from './optimality-runs.js';
import { beats, describeError, Problems, slack } from './support.js';
import type { FamilyCheck } from './types.js';

const solverGap = 1e-4;

function judgeLowerBound(family: AnyFamily, corpus: Corpus, item: Case, tolerance: number, problems: Problems) {
  let bound: number;
  try {
    bound = family.lowerBound?.(item.instance) as number;
  } catch (error) {
    problems.add(`lowerBound threw on ${item.label}: ${describeError(error)}`);
    return;
  }
  if (typeof bound !== 'number' || Number.isNaN(bound))
    problems.add(`lowerBound on ${item.label} is ${bound}, not a number`);
  if (family.lowerBound?.(item.instance) !== bound)
    problems.add(`lowerBound on ${item.label} differs between two calls`);
  for (const run of feasibleRuns(corpus, item))
    if (beats(family, run.evaluation.objective, bound, tolerance))
      problems.add(`${run.heuristic} on ${item.label} reaches ${run.evaluation.objective}, beyond lowerBound ${bound}`);
}

const lowerBoundCheck: FamilyCheck = {
  name: 'lower-bound-valid',
  description:
    "lowerBound is a number on every instance and never beats a feasible heuristic answer (for a 'max' family it is an upper bound).",
  notApplicable: (family) => (family.lowerBound ? undefined : 'the family has no lowerBound'),
  async run(family, fixtures) {
    const problems = new Problems();
    const corpus = await corpusOf(family, fixtures);
    for (const item of corpus.cases) judgeLowerBound(family, corpus, item, settings(fixtures).tolerance, problems);
    return problems.settle('lower-bound-valid', fixtures);
  },
};

function judgeMipObjective(family: AnyFamily, run: MipRun, tolerance: number, problems: Problems): void {
  const { result, evaluation } = run;
  if (!result?.hasSolution || !evaluation?.feasible || run.untrusted) return;
  const label = `the MIP on ${run.item.label}`;
  const [claimed, actual] = [result.objective, evaluation.objective];
  if (result.termination === 'optimal' && Math.abs(claimed - actual) > slack(actual, tolerance))
    problems.add(`${label} is optimal at objective ${claimed}, but the evaluator scores its solution ${actual}`);
  if (result.termination !== 'optimal' && beats(family, claimed, actual, tolerance))
    problems.add(`${label} values its solution at ${claimed}, better than the evaluator's ${actual}`);
}

function judgeMip(family: AnyFamily, run: MipRun, tolerance: number, problems: Problems): void {
  const label = `the MIP on ${run.item.label}`;
  if (run.crash) problems.add(`${label} threw ${run.crash}`);
  if (run.result?.termination === 'infeasible' && run.item.feasible)
    problems.add(
      `${label} is reported infeasible, but the instance is declared feasible${run.incumbent === undefined ? '' : ' and the default heuristic found a feasible answer'}`,
    );
  if (run.result?.hasSolution && run.evaluation && !run.evaluation.feasible)
    problems.add(
      `${label} decodes to a solution the evaluator rejects: ${run.evaluation.violations[0]?.message ?? 'no detail'}`,
    );
  if (!run.item.feasible && run.evaluation?.feasible)
    problems.add(`${label} finds a feasible solution of an instance declared infeasible`);
  judgeMipObjective(family, run, tolerance, problems);
}

function noteCoverage(runs: MipRun[], problems: Problems): void {
  const refused = runs.filter((run) => run.refusal).map((run) => `${run.item.label} (${run.refusal})`);
  if (refused.length > 0) problems.note(`formulate refused ${refused.join(', ')}`);
  const untrusted = runs.filter((run) => run.untrusted && run.result?.hasSolution);
  if (untrusted.length > 0)
    problems.note(
      `objective not compared on ${untrusted.map((run) => `${run.item.label} (${run.untrusted})`).join(', ')}`,
    );
  const open = runs.filter((run) => run.result && !run.result.hasSolution && run.result.termination !== 'infeasible');
  if (open.length > 0)
    problems.note(`no MIP solution within the time limit on ${open.map((run) => run.item.label).join(', ')}`);
}

const mipCheck: FamilyCheck = {
  name: 'mip-matches-evaluator',
  description:
    "The MIP's solution decodes to a feasible solution whose evaluator objective equals the solver's when optimal (and is no worse otherwise), where the objective is the evaluator's (provable, not feasibility-only); it is never infeasible on a feasible instance.",
  async run(family, fixtures) {
    const problems = new Problems();
    const runs = await mipRuns(family, fixtures);
    const tolerance = Math.max(settings(fixtures).tolerance, solverGap);
    for (const run of runs) judgeMip(family, run, tolerance, problems);
    noteCoverage(runs, problems);
    return problems.settle('mip-matches-evaluator', fixtures);
  },
};

/** The encoded point against the model and the evaluator; false when there is nothing to encode. */
function judgeEncoding(family: AnyFamily, run: MipRun, tolerance: number, problems: Problems): boolean {
  const { formulation, model, incumbent } = run;
  const point = incumbent === undefined ? undefined : formulation?.encode?.(incumbent);
  if (!formulation || !model || point === undefined) return false;
  const label = `encode of the default answer on ${run.item.label}`;
  if (point.length !== model.numCols) {
    problems.add(`${label} has ${point.length} values for ${model.numCols} columns`);
    return true;
  }
  const violation = pointViolation(model, point).max;
  if (violation > 1e-6) problems.add(`${label} violates the model by ${violation}`);
  const own = family.evaluate(run.item.instance, incumbent);
  const back = family.evaluate(run.item.instance, formulation.decode(Float64Array.from(point)));
  if (!back.feasible || Math.abs(back.objective - own.objective) > slack(own.objective, tolerance))
    problems.add(
      `decode(${label}) scores ${back.feasible ? back.objective : 'infeasible'}, the answer itself ${own.objective}`,
    );
  const valued = objectiveValue(model, point);
  if (!run.untrusted && beats(family, valued, own.objective, tolerance))
    problems.add(`the model values ${label} at ${valued}, better than the evaluator's ${own.objective}`);
  return true;
}

const encodeCheck: FamilyCheck = {
  name: 'mip-encode-decode',
  description:
    'Formulation.encode of a feasible answer is a point of the model (within 1e-6) that decodes to an answer as good, and the model does not value it better than the evaluator does.',
  async run(family, fixtures) {
    const problems = new Problems();
    const runs = await mipRuns(family, fixtures);
    const tolerance = settings(fixtures).tolerance;
    let encoded = 0;
    for (const run of runs) {
      try {
        if (judgeEncoding(family, run, tolerance, problems)) encoded++;
      } catch (error) {
        problems.add(`encode/decode on ${run.item.label} threw ${describeError(error)}`);
      }
    }
    if (encoded < runs.length)
      problems.note(`${runs.length - encoded} of ${runs.length} instance(s) had no encoded default answer`);
    return problems.settle('mip-encode-decode', fixtures);
  },
};

function judgeExact(family: AnyFamily, run: ExactRun, corpus: Corpus, tolerance: number, problems: Problems): void {
  const label = `exact method ${run.method} on ${run.item.label}`;
  const { answer, evaluation } = run;
  if (run.crash) problems.add(`${label} threw ${run.crash}`);
  if (!answer) return;
  if (evaluation && !evaluation.feasible)
    problems.add(`${label} returned a solution the evaluator rejects: ${evaluation.violations[0]?.message}`);
  if (evaluation?.feasible && !run.item.feasible)
    problems.add(`${label} returned a feasible solution of an instance declared infeasible`);
  const found = feasibleRuns(corpus, run.item);
  if (answer.proven && answer.solution === undefined && (run.item.feasible || found.length > 0))
    problems.add(`${label} claims that no solution exists, but the instance is feasible`);
  const bound = answer.bound;
  if (bound === undefined || !optimizesObjective(family, run.item.instance)) return;
  if (typeof bound !== 'number' || Number.isNaN(bound)) problems.add(`${label} gives bound ${bound}`);
  if (evaluation?.feasible && beats(family, evaluation.objective, bound, tolerance))
    problems.add(`${label}: its own solution (${evaluation.objective}) beats its bound ${bound}`);
}

const exactCheck: FamilyCheck = {
  name: 'exact-answers-valid',
  description:
    'Every exact method either refuses an instance with an input or unsupported error or answers: its solution is feasible, a claim that no solution exists holds, and its bound is not beaten by its own solution.',
  notApplicable: (family) =>
    Object.keys(family.exact ?? {}).length > 0 ? undefined : 'the family has no exact methods',
  async run(family, fixtures) {
    const problems = new Problems();
    const [runs, corpus] = [await exactRuns(family, fixtures), await corpusOf(family, fixtures)];
    for (const run of runs) judgeExact(family, run, corpus, settings(fixtures).tolerance, problems);
    const refused = runs.filter((run) => run.refusal);
    if (refused.length > 0) problems.note(refused.map((run) => `${run.method} refused ${run.item.label}`).join('; '));
    return problems.settle('exact-answers-valid', fixtures);
  },
};

export const optimalityChecks: FamilyCheck[] = [lowerBoundCheck, mipCheck, encodeCheck, exactCheck];
