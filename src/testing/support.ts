/**
 * Small pieces the family checks share: a collector of problems that settles known
 * failures, names for instances and errors, a seeded heuristic context, a guard that
 * counts `Math.random` calls, and comparisons in the family's sense.
 */
import type { AnyFamily, HeuristicContext } from '../family/contract.js';
import { SchedlabError } from '../errors.js';
import { seededRandom } from '../util/random.js';
import { FamilyCheckFailure, type FamilyCheckName, type FamilyFixtures } from './types.js';

/** Problems found by one check; `settle` fails the check when any remain after the known failures. */
export class Problems {
  private readonly found: string[] = [];
  private readonly notes: string[] = [];

  add(problem: string): void {
    this.found.push(problem);
  }

  note(note: string): void {
    this.notes.push(note);
  }

  /** Throws a FamilyCheckFailure for the unexplained problems; returns the notes otherwise. */
  settle(check: FamilyCheckName, fixtures: FamilyFixtures<unknown>): string | undefined {
    const known = (fixtures.knownFailures ?? []).filter((entry) => entry.check === check);
    const open: string[] = [];
    for (const problem of this.found) {
      const entry = known.find((k) => problem.includes(k.match));
      if (entry) this.notes.push(`known failure (${entry.reason}): ${problem}`);
      else open.push(problem);
    }
    for (const entry of known.filter((k) => !this.found.some((problem) => problem.includes(k.match))))
      open.push(`the known failure matching '${entry.match}' (${entry.reason}) no longer occurs; remove it`);
    if (open.length > 0) throw new FamilyCheckFailure(check, open);
    return this.notes.length > 0 ? this.notes.join('; ') : undefined;
  }
}

/** A heuristic context with a seeded random source and a deadline `budgetSec` from now. */
export function heuristicContext(seed = 1, budgetSec = 1): HeuristicContext {
  return { rng: seededRandom(seed), deadline: Date.now() + budgetSec * 1000 };
}

/** The instance's own `name` when it has one, otherwise the fallback. */
export function labelOf(instance: unknown, fallback: string): string {
  const name = (instance as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name !== '' ? `'${name}'` : fallback;
}

/**
 * True for a SchedlabError, recognized by name and kind rather than by `instanceof`: a
 * family may be built against another copy of schedlab than the one running the checks.
 */
export function isSchedlabError(error: unknown): error is SchedlabError {
  if (error instanceof SchedlabError) return true;
  const candidate = error as { name?: unknown; kind?: unknown; location?: unknown } | null;
  return (
    error instanceof Error &&
    candidate?.name === 'SchedlabError' &&
    typeof candidate.kind === 'string' &&
    typeof candidate.location === 'object'
  );
}

/** `SchedlabError(input) at data.x: message`, `TypeError: message`, or the thrown value. */
export function describeError(error: unknown): string {
  if (isSchedlabError(error)) {
    const at = error.location?.path ? ` at ${error.location.path}` : '';
    return `SchedlabError(${error.kind})${at}: ${error.message}`;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a thrown ${typeof error} ${String(error)}`;
}

/** True for a SchedlabError of kind 'input': a refusal the CLI maps to exit 2. */
export function isInputError(error: unknown): error is SchedlabError {
  return isSchedlabError(error) && error.kind === 'input';
}

/** The tolerance on an objective of size `value`. */
export function slack(value: number, tolerance: number): number {
  return tolerance * Math.max(1, Math.abs(value));
}

/** True when objective `a` is better than `b` by more than the tolerance, in the family's sense. */
export function beats(family: AnyFamily, a: number, b: number, tolerance: number): boolean {
  const margin = slack(b, tolerance);
  return family.sense === 'min' ? a < b - margin : a > b + margin;
}

/** Runs `run` while counting calls of `Math.random` (which still answer), then restores it. */
export function countingRandomCalls<T>(run: () => T): { value: T; calls: number } {
  const original = Math.random;
  let calls = 0;
  Math.random = () => {
    calls++;
    return original();
  };
  try {
    return { value: run(), calls };
  } finally {
    Math.random = original;
  }
}

/** A JSON copy, so that what a family returned cannot change under a check. */
export function jsonCopy(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}
