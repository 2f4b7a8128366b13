/**
 * The instances the family checks look at, and every heuristic's answer on each, computed
 * once per family and fixtures and shared by the checks (the heuristics are the slow
 * part). Fixture instances come first, then one generated instance per parameter set and
 * seed; a generator that fails is the `generate-deterministic` check's business.
 */
import type { AnyFamily, Evaluation } from '../family/contract.js';
import { firstDifference } from './deep-diff.js';
import { countingRandomCalls, describeError, heuristicContext, isInputError, labelOf } from './support.js';
import type { FamilyFixtures } from './types.js';

/** One instance under test. */
export interface Case {
  label: string;
  instance: unknown;
  /** False for the fixtures' `infeasible` instances. */
  feasible: boolean;
  /** True for fixture instances, which the MIP and exact methods also run on. */
  fixture: boolean;
}

/** What one heuristic did on one case. */
export interface HeuristicRun {
  heuristic: string;
  solution?: unknown;
  evaluation?: Evaluation;
  /** The input error with which the heuristic refused the instance. */
  refusal?: string;
  /** Anything else the heuristic threw. */
  crash?: string;
  /** What `evaluate` threw on the answer. */
  evaluateCrash?: string;
  /** Where the heuristic changed the instance, if it did. */
  mutation?: string;
  randomCalls: number;
  timeMs: number;
}

export interface Corpus {
  cases: Case[];
  runs: Map<Case, HeuristicRun[]>;
}

/** Defaults of the optional fixture fields. */
export function settings(fixtures: FamilyFixtures<unknown>) {
  return {
    seeds: fixtures.seeds ?? [1, 2],
    generateParams: fixtures.generateParams ?? [{ size: 'small' as const }],
    timeLimitSec: fixtures.timeLimitSec ?? 1,
    solver: fixtures.solver ?? 'highs',
    tolerance: fixtures.tolerance ?? 1e-6,
  };
}

const memos = new WeakMap<object, Map<string, WeakMap<object, Promise<unknown>>>>();

/** `make(family, fixtures)` computed once per family, fixtures and kind. */
export function memo<T>(
  kind: string,
  family: AnyFamily,
  fixtures: FamilyFixtures<unknown>,
  make: () => Promise<T>,
): Promise<T> {
  const kinds = memos.get(family) ?? new Map<string, WeakMap<object, Promise<unknown>>>();
  memos.set(family, kinds);
  const byFixtures = kinds.get(kind) ?? new WeakMap<object, Promise<unknown>>();
  kinds.set(kind, byFixtures);
  const cached = byFixtures.get(fixtures) ?? make();
  byFixtures.set(fixtures, cached);
  return cached as Promise<T>;
}

/** The fixture instances, the infeasible ones, and the generated ones that generate without error. */
export function casesOf(family: AnyFamily, fixtures: FamilyFixtures<unknown>): Case[] {
  const cases: Case[] = fixtures.instances.map((instance, k) => ({
    label: labelOf(instance, `instances[${k}]`),
    instance,
    feasible: true,
    fixture: true,
  }));
  (fixtures.infeasible ?? []).forEach((instance, k) =>
    cases.push({ label: labelOf(instance, `infeasible[${k}]`), instance, feasible: false, fixture: true }),
  );
  const { generateParams, seeds } = settings(fixtures);
  for (const params of generateParams) {
    for (const seed of seeds) {
      const label = `generate(${JSON.stringify(params)}, ${seed})`;
      try {
        cases.push({ label, instance: family.generate(params, seed), feasible: true, fixture: false });
      } catch {
        // Reported by the generate-deterministic check.
      }
    }
  }
  return cases;
}

/** A deep copy to compare against later, or undefined when the value cannot be cloned (it holds functions). */
export function snapshot(value: unknown): { value: unknown } | undefined {
  try {
    return { value: structuredClone(value) };
  } catch {
    return undefined;
  }
}

/** Runs one heuristic with the first seed, watching `Math.random` and the instance. */
export function runOne(family: AnyFamily, fixtures: FamilyFixtures<unknown>, name: string, item: Case): HeuristicRun {
  const { seeds, timeLimitSec } = settings(fixtures);
  const before = snapshot(item.instance);
  const started = performance.now();
  const run: HeuristicRun = { heuristic: name, randomCalls: 0, timeMs: 0 };
  try {
    const context = heuristicContext(seeds[0], timeLimitSec);
    const { value, calls } = countingRandomCalls(() => family.heuristics[name](item.instance, context));
    Object.assign(run, { solution: value, randomCalls: calls });
  } catch (error) {
    if (isInputError(error)) run.refusal = describeError(error);
    else run.crash = describeError(error);
  }
  run.timeMs = performance.now() - started;
  const mutation = before === undefined ? undefined : firstDifference(before.value, item.instance);
  if (mutation !== undefined) run.mutation = mutation;
  if (run.solution !== undefined) {
    try {
      run.evaluation = family.evaluate(item.instance, run.solution);
    } catch (error) {
      run.evaluateCrash = describeError(error);
    }
  }
  return run;
}

/** The cases of a family and fixtures, made once, so that every check sees the same objects. */
export function casesFor(family: AnyFamily, fixtures: FamilyFixtures<unknown>): Promise<Case[]> {
  return memo('cases', family, fixtures, async () => casesOf(family, fixtures));
}

/** Every case and every heuristic's answer on it (computed once per family and fixtures). */
export function corpusOf(family: AnyFamily, fixtures: FamilyFixtures<unknown>): Promise<Corpus> {
  return memo('corpus', family, fixtures, async () => {
    const cases = await casesFor(family, fixtures);
    const runs = new Map<Case, HeuristicRun[]>();
    for (const item of cases) {
      runs.set(
        item,
        Object.keys(family.heuristics).map((name) => runOne(family, fixtures, name, item)),
      );
    }
    return { cases, runs };
  });
}

/**
 * True when a run used 90% of its time limit or more: the clock, not the seed, decided
 * where it stopped, so its answer depends on the machine's speed and load.
 */
export function clockStopped(run: HeuristicRun, fixtures: FamilyFixtures<unknown>): boolean {
  return run.timeMs >= 0.9 * settings(fixtures).timeLimitSec * 1000;
}

/** The feasible answers of a case: heuristic name and evaluation. */
export function feasibleRuns(corpus: Corpus, item: Case): (HeuristicRun & { evaluation: Evaluation })[] {
  return (corpus.runs.get(item) ?? []).filter(
    (run): run is HeuristicRun & { evaluation: Evaluation } => run.evaluation?.feasible === true,
  );
}
