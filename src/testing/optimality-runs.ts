/**
 * The MIP and the exact methods run on the fixture instances, once per family and
 * fixtures, for the optimality checks. The MIP runs as `solveWithMip` runs it (the default
 * heuristic's feasible answer as incumbent and warm start), but the raw solver result is
 * kept, so that the solver's objective can be held against the evaluator's.
 */
import type { CanonicalModel } from '../canonical/canonical-model.js';
import { compile } from '../dsl/compile.js';
import type { AnyFamily, Evaluation, ExactAnswer, Formulation } from '../family/contract.js';
import { optimizesObjective } from '../family/run.js';
import { solveCanonical } from '../solve/solve.js';
import type { SolveResult } from '../solvers/contract.js';
import { corpusOf, memo, settings, type Case, type Corpus } from './corpus.js';
import { describeError, isInputError, isSchedlabError } from './support.js';
import type { FamilyFixtures } from './types.js';

/** A method's answer, or why there is none. */
interface Answered {
  item: Case;
  evaluation?: Evaluation;
  /** The method declined the instance with an input or unsupported error. */
  refusal?: string;
  crash?: string;
}

export interface MipRun extends Answered {
  incumbent?: unknown;
  formulation?: Formulation<unknown>;
  model?: CanonicalModel;
  result?: SolveResult;
  decoded?: unknown;
  /** Why the solver's objective and bound do not speak of the evaluator's objective, when they do not. */
  untrusted?: string;
}

export interface ExactRun extends Answered {
  method: string;
  answer?: ExactAnswer<unknown>;
}

function isRefusal(error: unknown): boolean {
  return isInputError(error) || (isSchedlabError(error) && error.kind === 'unsupported');
}

function failed(run: Answered, error: unknown): void {
  if (isRefusal(error)) run.refusal = describeError(error);
  else run.crash = describeError(error);
}

function evaluateInto(family: AnyFamily, run: Answered, solution: unknown): void {
  try {
    run.evaluation = family.evaluate(run.item.instance, solution);
  } catch (error) {
    run.crash = `evaluate threw on its answer: ${describeError(error)}`;
  }
}

/** The default heuristic's answer on a case when it is feasible. */
export function feasibleDefault(corpus: Corpus, item: Case): unknown {
  const run = corpus.runs.get(item)?.find((r) => r.heuristic === 'default');
  return run?.evaluation?.feasible ? run.solution : undefined;
}

function untrustedReason(family: AnyFamily, item: Case, run: MipRun): string | undefined {
  if (!optimizesObjective(family, item.instance)) return 'the instance asks for feasibility only';
  if (run.formulation?.provable === false) return 'the formulation says it is not provable';
  if (!run.model?.colCost.some((cost) => cost !== 0)) return 'the model has no objective';
  return undefined;
}

async function runMip(
  family: AnyFamily,
  fixtures: FamilyFixtures<unknown>,
  item: Case,
  corpus: Corpus,
): Promise<MipRun> {
  const { solver, timeLimitSec } = settings(fixtures);
  const incumbent = feasibleDefault(corpus, item);
  const run: MipRun = { item, ...(incumbent === undefined ? {} : { incumbent }) };
  try {
    run.formulation = family.formulate(item.instance, incumbent === undefined ? {} : { incumbent });
    run.model = compile(run.formulation.model);
    const warmStart = incumbent === undefined ? undefined : run.formulation.encode?.(incumbent);
    run.result = await solveCanonical(run.model, {
      solver,
      timeLimitSec,
      ...(warmStart ? { warmStart } : {}),
      ...(run.formulation.solverOptions ? { solverOptions: run.formulation.solverOptions } : {}),
    });
    if (run.result.hasSolution) run.decoded = run.formulation.decode(run.result.values);
  } catch (error) {
    failed(run, error);
  }
  if (run.decoded !== undefined) evaluateInto(family, run, run.decoded);
  const untrusted = untrustedReason(family, item, run);
  if (untrusted) run.untrusted = untrusted;
  return run;
}

/** The MIP on every fixture instance (computed once per family and fixtures). */
export function mipRuns(family: AnyFamily, fixtures: FamilyFixtures<unknown>): Promise<MipRun[]> {
  return memo('mip', family, fixtures, async () => {
    const corpus = await corpusOf(family, fixtures);
    const runs: MipRun[] = [];
    for (const item of corpus.cases.filter((c) => c.fixture)) runs.push(await runMip(family, fixtures, item, corpus));
    return runs;
  });
}

async function runExact(
  family: AnyFamily,
  fixtures: FamilyFixtures<unknown>,
  item: Case,
  method: string,
): Promise<ExactRun> {
  const run: ExactRun = { item, method };
  try {
    const solve = family.exact?.[method]?.solve;
    if (!solve) throw new Error(`family.exact['${method}'] has no solve`);
    run.answer = await solve(item.instance, { timeLimitSec: settings(fixtures).timeLimitSec });
  } catch (error) {
    failed(run, error);
  }
  if (run.answer?.solution !== undefined) evaluateInto(family, run, run.answer.solution);
  return run;
}

/** Every exact method on every fixture instance (computed once per family and fixtures). */
export function exactRuns(family: AnyFamily, fixtures: FamilyFixtures<unknown>): Promise<ExactRun[]> {
  return memo('exact', family, fixtures, async () => {
    const cases = (await corpusOf(family, fixtures)).cases.filter((c) => c.fixture);
    const runs: ExactRun[] = [];
    for (const item of cases)
      for (const method of Object.keys(family.exact ?? {})) runs.push(await runExact(family, fixtures, item, method));
    return runs;
  });
}
