/**
 * The checks on a family's JSON forms and its generator: instances and solutions come back
 * from their JSON unchanged, and `generate` is a function of its parameters and seed.
 */
import type { AnyFamily, GenerateParams } from '../family/contract.js';
import { casesFor, corpusOf, settings, snapshot, type Case } from './corpus.js';
import { firstDifference } from './deep-diff.js';
import { countingRandomCalls, describeError, isInputError, jsonCopy, Problems } from './support.js';
import type { FamilyCheck, FamilyFixtures } from './types.js';

/** `parse(JSON(serialize(instance)))` against the instance; problems name the first differing field. */
export function instanceRoundTrip(family: AnyFamily, instance: unknown, label: string, problems: Problems): void {
  const before = snapshot(instance);
  try {
    const json = family.serialize(instance);
    const copied = jsonCopy(json);
    const lost = firstDifference(json, copied);
    if (lost !== undefined) problems.add(`${label}: serialize gives data that JSON does not carry (${lost})`);
    const back = family.parse(copied);
    const changed = firstDifference(back, instance);
    if (changed !== undefined)
      problems.add(`${label}: parse(serialize(instance)) differs (read back vs original) at ${changed}`);
  } catch (error) {
    problems.add(`${label}: the JSON round trip threw ${describeError(error)}`);
  }
  const mutation = before === undefined ? undefined : firstDifference(before.value, instance);
  if (mutation !== undefined) problems.add(`${label}: serialize changed the instance at ${mutation}`);
}

const instanceRoundTripCheck: FamilyCheck = {
  name: 'instance-round-trip',
  description: 'Every fixture and generated instance comes back from parse(JSON(serialize(instance))) unchanged.',
  async run(family, fixtures) {
    const problems = new Problems();
    for (const item of await casesFor(family, fixtures)) instanceRoundTrip(family, item.instance, item.label, problems);
    return problems.settle('instance-round-trip', fixtures);
  },
};

/** One parameter set with one seed: generated twice alike, without Math.random, and round-tripping. */
function generateOnce(family: AnyFamily, params: GenerateParams, seed: number, problems: Problems): unknown {
  const label = `generate(${JSON.stringify(params)}, ${seed})`;
  try {
    const { value: first, calls } = countingRandomCalls(() => family.generate(params, seed));
    const second = family.generate(params, seed);
    const differs = firstDifference(first, second);
    if (differs !== undefined) problems.add(`${label} gives different instances on two calls (at ${differs})`);
    if (calls > 0) problems.add(`${label} calls Math.random ${calls} time(s); draw from the seed only`);
    instanceRoundTrip(family, first, label, problems);
    return first;
  } catch (error) {
    problems.add(`${label} threw ${describeError(error)}`);
    return undefined;
  }
}

/** An unknown size is refused as an input error (the CLI passes `--size` through). */
function unknownSize(family: AnyFamily, problems: Problems): void {
  try {
    family.generate({ size: 'no-such-size' } as unknown as GenerateParams, 1);
    problems.add(`generate({ size: 'no-such-size' }, 1) returned an instance instead of refusing the size`);
  } catch (error) {
    if (!isInputError(error))
      problems.add(`generate({ size: 'no-such-size' }, 1) threw ${describeError(error)}, not an input error`);
  }
}

const generateCheck: FamilyCheck = {
  name: 'generate-deterministic',
  description:
    'generate(params, seed) gives equal instances on every call, uses its seed (not Math.random), round-trips through JSON, and refuses an unknown size as an input error.',
  async run(family, fixtures) {
    const problems = new Problems();
    const { generateParams, seeds } = settings(fixtures);
    for (const params of generateParams) {
      const made = seeds.map((seed) => generateOnce(family, params, seed, problems));
      const alike = made.every(
        (instance) => instance !== undefined && firstDifference(instance, made[0]) === undefined,
      );
      if (seeds.length > 1 && alike)
        problems.add(`generate(${JSON.stringify(params)}, seed) gives one instance for seeds ${seeds.join(', ')}`);
    }
    unknownSize(family, problems);
    return problems.settle('generate-deterministic', fixtures);
  },
};

/** Every answer of every heuristic on `item`: serializeSolution, JSON, parseSolution, compared. */
function solutionRoundTrips(family: AnyFamily, item: Case, solutions: [string, unknown][], problems: Problems): void {
  for (const [heuristic, solution] of solutions) {
    const label = `${heuristic} on ${item.label}`;
    try {
      const json = family.serializeSolution(item.instance, solution);
      const copied = jsonCopy(json);
      const lost = firstDifference(json, copied);
      if (lost !== undefined) problems.add(`${label}: serializeSolution gives data JSON does not carry (${lost})`);
      const changed = firstDifference(family.parseSolution(item.instance, copied), solution);
      if (changed !== undefined)
        problems.add(`${label}: the solution read back differs (read back vs original) at ${changed}`);
    } catch (error) {
      problems.add(`${label}: the solution's JSON round trip threw ${describeError(error)}`);
    }
  }
}

const solutionRoundTripCheck: FamilyCheck = {
  name: 'solution-round-trip',
  description: "Every heuristic's answer comes back from parseSolution(JSON(serializeSolution(solution))) unchanged.",
  async run(family, fixtures: FamilyFixtures<unknown>) {
    const problems = new Problems();
    const corpus = await corpusOf(family, fixtures);
    for (const item of corpus.cases) {
      const answers = (corpus.runs.get(item) ?? []).flatMap((run): [string, unknown][] =>
        run.solution === undefined ? [] : [[run.heuristic, run.solution]],
      );
      solutionRoundTrips(family, item, answers, problems);
    }
    return problems.settle('solution-round-trip', fixtures);
  },
};

export const jsonChecks: FamilyCheck[] = [instanceRoundTripCheck, generateCheck, solutionRoundTripCheck];
