/**
 * The checks on the heuristics and the evaluator: every answer is feasible where the
 * heuristic promises it, heuristics are pure functions of the instance and the seed,
 * `default` is the best of them, and `evaluate` is a total, deterministic, consistent judge.
 */
import type { AnyFamily, Evaluation } from '../family/contract.js';
import { sampleAnswers, solutionMutations } from './checks-input.js';
import { clockStopped, corpusOf, runOne, settings, snapshot, type Case, type HeuristicRun } from './corpus.js';
import { firstDifference } from './deep-diff.js';
import { beats, describeError, Problems } from './support.js';
import type { FamilyCheck, FamilyFixtures } from './types.js';

function firstViolation(evaluation: Evaluation): string {
  const [first] = evaluation.violations;
  const more = evaluation.violations.length > 1 ? ` (and ${evaluation.violations.length - 1} more)` : '';
  return first ? `${first.constraint}: ${first.message}${more}` : 'no violation given';
}

function judgeRun(item: Case, run: HeuristicRun, fixtures: FamilyFixtures<unknown>, problems: Problems): void {
  const label = `${run.heuristic} on ${item.label}`;
  if (run.crash) problems.add(`${label} threw ${run.crash}; refuse an instance with an input error, never crash`);
  else if (run.refusal) return;
  else if (run.solution === undefined) problems.add(`${label} returned nothing`);
  else if (run.evaluateCrash) problems.add(`evaluate threw on the answer of ${label}: ${run.evaluateCrash}`);
  else if (!item.feasible && run.evaluation?.feasible)
    problems.add(`${label} is judged feasible, but the instance is declared infeasible`);
  else if (item.feasible && run.evaluation?.feasible === false && !fixtures.heuristicsWithoutGuarantee?.[run.heuristic])
    problems.add(`${label} is infeasible: ${firstViolation(run.evaluation)}`);
}

const feasibleCheck: FamilyCheck = {
  name: 'heuristics-feasible',
  description:
    "Every heuristic's answer on every fixture and generated instance is feasible by evaluate (unless the fixtures say it does not promise that), never feasible on an instance declared infeasible; a heuristic may refuse an instance only with an input error.",
  async run(family, fixtures) {
    const problems = new Problems();
    const corpus = await corpusOf(family, fixtures);
    for (const name of Object.keys(fixtures.heuristicsWithoutGuarantee ?? {}))
      if (!Object.hasOwn(family.heuristics, name))
        problems.add(`heuristicsWithoutGuarantee names '${name}', which is no heuristic`);
    let refusals = 0;
    for (const item of corpus.cases) {
      for (const run of corpus.runs.get(item) ?? []) {
        if (run.refusal) refusals++;
        judgeRun(item, run, fixtures, problems);
      }
    }
    if (refusals > 0) problems.note(`${refusals} run(s) refused their instance with an input error`);
    return problems.settle('heuristics-feasible', fixtures);
  },
};

/** The same seed again: the same answer, unless the clock (not the seed) stopped either run. */
function judgeRepeat(
  family: AnyFamily,
  fixtures: FamilyFixtures<unknown>,
  item: Case,
  run: HeuristicRun,
  problems: Problems,
): boolean {
  const label = `${run.heuristic} on ${item.label}`;
  if (run.mutation) problems.add(`${label} changed the instance (at ${run.mutation})`);
  if (run.randomCalls > 0)
    problems.add(`${label} called Math.random ${run.randomCalls} time(s); draw from context.rng`);
  if (run.crash || !item.fixture) return true;
  if (clockStopped(run, fixtures)) return false;
  const again = runOne(family, fixtures, run.heuristic, item);
  if (clockStopped(again, fixtures)) return false;
  if (Boolean(run.refusal) !== Boolean(again.refusal)) problems.add(`${label} refused the instance on one run only`);
  const differs = firstDifference(again.solution, run.solution);
  if (differs !== undefined) problems.add(`${label} gave another answer with the same seed (at ${differs})`);
  return true;
}

const pureCheck: FamilyCheck = {
  name: 'heuristics-pure',
  description:
    'Every heuristic is a pure function of the instance and the seed: it never calls Math.random or changes the instance, and run again with the same seed on a fixture instance it gives the same answer (unless the clock stopped either run).',
  async run(family, fixtures) {
    const problems = new Problems();
    const corpus = await corpusOf(family, fixtures);
    let clocked = 0;
    for (const item of corpus.cases)
      for (const run of corpus.runs.get(item) ?? []) if (!judgeRepeat(family, fixtures, item, run, problems)) clocked++;
    if (clocked > 0)
      problems.note(
        `${clocked} run(s) used their whole time limit, so the clock stopped them and they were not compared`,
      );
    return problems.settle('heuristics-pure', fixtures);
  },
};

/** True when evaluation `a` is better than `b` by more than the tolerance: feasible first, then the objective. */
function better(family: AnyFamily, a: Evaluation, b: Evaluation, tolerance: number): boolean {
  if (a.feasible !== b.feasible) return a.feasible;
  return a.feasible && beats(family, a.objective, b.objective, tolerance);
}

function verdict(evaluation: Evaluation): string {
  return `${evaluation.objective}${evaluation.feasible ? '' : ' (infeasible)'}`;
}

/** Default answers wherever another heuristic finds a feasible answer, and nothing beats it. */
function judgeDefault(
  family: AnyFamily,
  fixtures: FamilyFixtures<unknown>,
  item: Case,
  runs: HeuristicRun[],
  problems: Problems,
): void {
  const chosen = runs.find((run) => run.heuristic === 'default');
  const others = runs.filter((run) => run.heuristic !== 'default' && run.evaluation !== undefined);
  if (!chosen?.evaluation) {
    // Refusing an instance (with an input error) beats an infeasible answer, not a feasible one.
    const feasible = others.find((run) => run.evaluation?.feasible);
    if (feasible)
      problems.add(
        `default gave no answer on ${item.label} (${chosen?.refusal ?? chosen?.crash ?? 'none'}) but ${feasible.heuristic} found a feasible one`,
      );
    return;
  }
  for (const other of others) {
    if (!other.evaluation || !better(family, other.evaluation, chosen.evaluation, settings(fixtures).tolerance))
      continue;
    const message = `${other.heuristic} beats default on ${item.label}: ${verdict(other.evaluation)} vs ${verdict(chosen.evaluation)}`;
    // A rival the clock stopped found what it found by the machine's speed: worth a note, not a failure.
    if (clockStopped(other, fixtures)) problems.note(`${message} (the clock stopped ${other.heuristic})`);
    else problems.add(message);
  }
}

const defaultCheck: FamilyCheck = {
  name: 'default-is-best',
  description: `The 'default' heuristic exists, answers every instance on which another heuristic finds a feasible answer, and no other heuristic's answer is better (feasible first, then the objective in the family's sense).`,
  async run(family, fixtures) {
    const problems = new Problems();
    const corpus = await corpusOf(family, fixtures);
    if (!Object.hasOwn(family.heuristics, 'default')) problems.add("the family has no 'default' heuristic");
    else for (const item of corpus.cases) judgeDefault(family, fixtures, item, corpus.runs.get(item) ?? [], problems);
    return problems.settle('default-is-best', fixtures);
  },
};

/** What is wrong with an evaluation's shape, or undefined. */
export function inconsistency(evaluation: Evaluation): string | undefined {
  if (typeof evaluation?.feasible !== 'boolean' || !Array.isArray(evaluation.violations))
    return 'it is not an Evaluation';
  if (evaluation.feasible !== (evaluation.violations.length === 0))
    return `feasible is ${evaluation.feasible} with ${evaluation.violations.length} violation(s)`;
  if (evaluation.feasible && !Number.isFinite(evaluation.objective))
    return `a feasible answer has objective ${evaluation.objective}`;
  const bad = evaluation.violations.find((v) => !v.constraint || !v.message || !Array.isArray(v.entities));
  if (bad) return `a violation lacks its constraint, message or entities: ${JSON.stringify(bad)}`;
  const metric = Object.entries(evaluation.metrics ?? {}).find(([, value]) => typeof value !== 'number');
  return metric ? `metric '${metric[0]}' is not a number` : undefined;
}

/** Evaluate once more: no throw, same verdict, consistent, inputs unchanged. */
function judgeEvaluation(
  family: AnyFamily,
  label: string,
  instance: unknown,
  solution: unknown,
  first: Evaluation | undefined,
  problems: Problems,
) {
  const before = snapshot({ instance, solution });
  try {
    const evaluation = family.evaluate(instance, solution);
    const wrong = inconsistency(evaluation);
    if (wrong) problems.add(`evaluate on ${label}: ${wrong}`);
    const differs = first === undefined ? undefined : firstDifference(evaluation, first);
    if (differs !== undefined)
      problems.add(`evaluate on ${label} gives another verdict the second time (at ${differs})`);
  } catch (error) {
    problems.add(`evaluate threw on ${label}: ${describeError(error)}`);
  }
  const changed = before === undefined ? undefined : firstDifference(before.value, { instance, solution });
  if (changed !== undefined) problems.add(`evaluate on ${label} changed its input (at ${changed})`);
}

/** Every damaged copy of an answer that parseSolution accepts goes to evaluate. */
function judgeDamagedEvaluations(family: AnyFamily, item: Case, label: string, solution: unknown, problems: Problems) {
  for (const mutation of solutionMutations(family, item.instance, solution)) {
    let parsed: unknown;
    try {
      parsed = family.parseSolution(item.instance, mutation.json);
    } catch {
      continue;
    }
    judgeEvaluation(
      family,
      `${label} with solution.${mutation.description}`,
      item.instance,
      parsed,
      undefined,
      problems,
    );
  }
}

const evaluateCheck: FamilyCheck = {
  name: 'evaluate-sound',
  description:
    'evaluate never throws on a solution parseSolution accepted (heuristic answers and damaged ones alike), gives the same verdict twice, leaves its inputs alone, and is consistent: feasible exactly when there are no violations, with a finite objective when feasible.',
  async run(family, fixtures) {
    const problems = new Problems();
    const corpus = await corpusOf(family, fixtures);
    for (const item of corpus.cases)
      for (const run of corpus.runs.get(item) ?? [])
        if (run.evaluation) {
          const label = `${run.heuristic}'s answer on ${item.label}`;
          judgeEvaluation(family, label, item.instance, run.solution, run.evaluation, problems);
        }
    for (const [item, heuristic, solution] of sampleAnswers(corpus))
      judgeDamagedEvaluations(family, item, `${heuristic}'s answer on ${item.label}`, solution, problems);
    return problems.settle('evaluate-sound', fixtures);
  },
};

export const heuristicChecks: FamilyCheck[] = [feasibleCheck, pureCheck, defaultCheck, evaluateCheck];
