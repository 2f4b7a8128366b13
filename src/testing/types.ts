/**
 * The vocabulary of the family conformance suite: the names of its checks, the fixtures a
 * family hands in (small instances, native files, the checks that do not apply and why),
 * and what a run reports. Framework-neutral: no test runner is imported here.
 */
import type { AnyFamily, GenerateParams } from '../family/contract.js';

/** The checks every family runs; see `familyChecks` for what each one promises. */
export const familyCheckNames = [
  'instance-round-trip',
  'instance-input-errors',
  'generate-deterministic',
  'solution-round-trip',
  'solution-input-errors',
  'heuristics-feasible',
  'heuristics-pure',
  'default-is-best',
  'evaluate-sound',
  'lower-bound-valid',
  'mip-matches-evaluator',
  'mip-encode-decode',
  'exact-answers-valid',
  'optimum-not-beaten',
  'readers-reject-truncated',
] as const;

export type FamilyCheckName = (typeof familyCheckNames)[number];

/** A file in one of the family's native formats, read by the reader whose extension its name has. */
export interface NativeFile {
  name: string;
  text: string;
  /** The reader's name in `family.readers`, when the file name alone does not pick it. */
  reader?: string;
}

/** A solution JSON that `parseSolution` must refuse as an input error at `path` (exactly). */
export interface BadSolution<I> {
  json: unknown;
  path: string;
  /** The instance the solution is for; the first fixture instance when absent. */
  instance?: I;
}

/** A known defect: problems of `check` whose message contains `match` are reported, not failed. */
export interface KnownFailure {
  check: FamilyCheckName;
  match: string;
  /** Why, starting with "bug: " for a defect to fix; the check fails once nothing matches. */
  reason: string;
}

/**
 * What a family hands the suite. Keep it small: every check runs every heuristic on
 * every instance, and the optimality checks run the MIP and every exact method on the
 * fixture instances (not on the generated ones).
 */
export interface FamilyFixtures<I> {
  /** Small instances, each with at least one feasible solution. */
  instances: I[];
  /** Small instances without any feasible solution: no method may claim a feasible answer. */
  infeasible?: I[];
  /** Parameters for `generate`; each is run with every seed (default `[{ size: 'small' }]`). */
  generateParams?: GenerateParams[];
  /** Seeds for `generate` and for the heuristics' random source (default `[1, 2]`). */
  seeds?: number[];
  /** Time limit of each heuristic, exact method and MIP run, in seconds (default 1). */
  timeLimitSec?: number;
  /** The MIP backend (default 'highs'). */
  solver?: string;
  /** Relative tolerance on objectives (default 1e-6). */
  tolerance?: number;
  /** Native files for the reader checks. */
  nativeFiles?: NativeFile[];
  /** Family-specific bad solutions, on top of the generic mutations. */
  badSolutions?: BadSolution<I>[];
  /** Heuristics that do not promise a feasible answer (the evaluator judges), with the reason. */
  heuristicsWithoutGuarantee?: Record<string, string>;
  /** Checks that do not apply to this family, with the reason (reported as skipped). */
  exclusions?: Partial<Record<FamilyCheckName, string>>;
  /** Known defects that are reported without failing their check. */
  knownFailures?: KnownFailure[];
}

/** One check of the suite. */
export interface FamilyCheck {
  name: FamilyCheckName;
  /** One sentence: the promise the check holds the family to. */
  description: string;
  /** Why the check cannot apply to this family (e.g. it has no exact methods), or undefined. */
  notApplicable?(family: AnyFamily, fixtures: FamilyFixtures<unknown>): string | undefined;
  /** Resolves with an optional note (what was not compared, known failures); rejects with a FamilyCheckFailure. */
  run(family: AnyFamily, fixtures: FamilyFixtures<unknown>): Promise<string | undefined>;
}

/** What one check did. */
export interface FamilyCheckResult {
  name: FamilyCheckName;
  status: 'passed' | 'failed' | 'skipped';
  /** The failure, the reason for a skip, or a note on a pass. */
  message?: string;
  timeMs: number;
}

/** A check's verdict against the family: every problem found, each naming the instance and method. */
export class FamilyCheckFailure extends Error {
  readonly check: FamilyCheckName;
  readonly problems: string[];

  constructor(check: FamilyCheckName, problems: string[]) {
    const shown = problems.slice(0, 8).map((problem) => `  - ${problem}`);
    if (problems.length > shown.length) shown.push(`  - ... and ${problems.length - shown.length} more`);
    super(`family check '${check}' found ${problems.length} problem(s):\n${shown.join('\n')}`);
    this.name = 'FamilyCheckFailure';
    this.check = check;
    this.problems = problems;
  }
}
