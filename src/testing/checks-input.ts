/**
 * The checks on bad input: a damaged instance or solution document is refused as a
 * SchedlabError of kind 'input' whose path points into the document (`data...`,
 * `solution...`), never with a TypeError; what is accepted instead must be sound.
 */
import type { AnyFamily } from '../family/contract.js';
import { casesFor, corpusOf, type Case, type Corpus } from './corpus.js';
import { firstDifference } from './deep-diff.js';
import { mutationsOf, stringValues, type Mutation } from './mutations.js';
import { describeError, isInputError, Problems } from './support.js';
import type { FamilyCheck, FamilyFixtures } from './types.js';

type Outcome = { accepted: true; value: unknown } | { accepted: false; problem?: string; path?: string };

function underPrefix(path: string | undefined, prefix: string): boolean {
  return path !== undefined && (path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));
}

/** Runs a parser; a refusal other than an input error located under `prefix` is a problem. */
export function attempt(parse: () => unknown, prefix: string): Outcome {
  try {
    return { accepted: true, value: parse() };
  } catch (error) {
    if (!isInputError(error)) return { accepted: false, problem: `threw ${describeError(error)}` };
    const path = error.location.path;
    if (!underPrefix(path, prefix))
      return { accepted: false, path, problem: `refused it at path '${path ?? '(none)'}', not under '${prefix}'` };
    return { accepted: false, path };
  }
}

/** One damaged instance: refused properly, or (when allowed) read as an instance that round-trips. */
function judgeInstance(family: AnyFamily, label: string, mutation: Mutation, problems: Problems): void {
  const outcome = attempt(() => family.parse(mutation.json), 'data');
  const where = `${label}, data.${mutation.description}`;
  if (!outcome.accepted) {
    if (outcome.problem) problems.add(`${where}: parse ${outcome.problem}`);
    return;
  }
  if (mutation.strict) {
    problems.add(`${where}: parse accepted it; it must be an input error`);
    return;
  }
  const back = attempt(() => family.parse(JSON.parse(JSON.stringify(family.serialize(outcome.value)))), 'data');
  if (!back.accepted)
    problems.add(`${where}: accepted, but its own serialization is refused (${back.problem ?? back.path})`);
  else if (firstDifference(back.value, outcome.value) !== undefined)
    problems.add(`${where}: accepted, but it does not round-trip (${firstDifference(back.value, outcome.value)})`);
}

const instanceInputCheck: FamilyCheck = {
  name: 'instance-input-errors',
  description:
    "A damaged instance document (NaN, an array for an object, ...) is refused by parse as an input error at a 'data...' path; a change parse accepts gives an instance that round-trips.",
  async run(family, fixtures) {
    const problems = new Problems();
    for (const item of (await casesFor(family, fixtures)).filter((c) => c.fixture)) {
      const json = JSON.parse(JSON.stringify(family.serialize(item.instance)));
      for (const mutation of mutationsOf(json, stringValues(json), 'instance'))
        judgeInstance(family, item.label, mutation, problems);
    }
    return problems.settle('instance-input-errors', fixtures);
  },
};

/** One answer per case to damage: the default heuristic's, or else the first one given. */
export function sampleAnswers(corpus: Corpus): [Case, string, unknown][] {
  return corpus.cases.flatMap((item): [Case, string, unknown][] => {
    const runs = (corpus.runs.get(item) ?? []).filter((run) => run.solution !== undefined);
    const chosen = runs.find((run) => run.heuristic === 'default') ?? runs[0];
    return chosen ? [[item, chosen.heuristic, chosen.solution]] : [];
  });
}

/** The damaged copies of one answer's JSON. */
export function solutionMutations(family: AnyFamily, instance: unknown, solution: unknown): Mutation[] {
  const json = JSON.parse(JSON.stringify(family.serializeSolution(instance, solution)));
  return mutationsOf(json, stringValues(family.serialize(instance)), 'solution');
}

function judgeSolution(family: AnyFamily, where: string, instance: unknown, mutation: Mutation, problems: Problems) {
  const outcome = attempt(() => family.parseSolution(instance, mutation.json), 'solution');
  if (!outcome.accepted && outcome.problem)
    problems.add(`${where}, solution.${mutation.description}: parseSolution ${outcome.problem}`);
  if (outcome.accepted && mutation.strict)
    problems.add(`${where}, solution.${mutation.description}: parseSolution accepted it; it must be an input error`);
}

function judgeBadSolutions(family: AnyFamily, fixtures: FamilyFixtures<unknown>, problems: Problems): void {
  for (const [k, bad] of (fixtures.badSolutions ?? []).entries()) {
    const outcome = attempt(() => family.parseSolution(bad.instance ?? fixtures.instances[0], bad.json), 'solution');
    if (outcome.accepted) problems.add(`badSolutions[${k}]: parseSolution accepted it`);
    else if (outcome.problem) problems.add(`badSolutions[${k}]: parseSolution ${outcome.problem}`);
    else if (outcome.path !== bad.path)
      problems.add(`badSolutions[${k}]: refused at '${outcome.path}', not at '${bad.path}'`);
  }
}

const solutionInputCheck: FamilyCheck = {
  name: 'solution-input-errors',
  description:
    "A solution naming an unknown entity, holding NaN or of the wrong shape is refused by parseSolution as an input error at a 'solution...' path (and so is each of the fixtures' badSolutions, at its path); other damage is refused the same way or accepted, never met with a TypeError.",
  async run(family, fixtures) {
    const problems = new Problems();
    for (const [item, heuristic, solution] of sampleAnswers(await corpusOf(family, fixtures))) {
      for (const mutation of solutionMutations(family, item.instance, solution))
        judgeSolution(family, `${heuristic}'s answer on ${item.label}`, item.instance, mutation, problems);
    }
    judgeBadSolutions(family, fixtures, problems);
    return problems.settle('solution-input-errors', fixtures);
  },
};

export const inputChecks: FamilyCheck[] = [instanceInputCheck, solutionInputCheck];
