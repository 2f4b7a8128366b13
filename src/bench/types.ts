/**
 * The records of a benchmark: what runs (methods on instances), one row per run, and
 * one summary per method. Unknown numbers are null, never NaN, so every record is
 * plain JSON.
 */
import type { AnyFamily } from '../family/contract.js';
import type { MethodSpec } from '../family/methods.js';

/** An instance found by `collectInstances`, with the set folder that holds its references. */
export interface BenchInstance {
  family: AnyFamily;
  name: string;
  instance: unknown;
  /** The file it was read from. */
  file: string;
  /** The folder of that file: the instance set whose references apply. */
  folder: string;
}

/** A method as the user named it: a family heuristic, an exact method, or a MIP with a backend. */
export type BenchMethod = MethodSpec;

/** One method on one instance. */
export interface BenchRow {
  family: string;
  instance: string;
  folder: string;
  method: string;
  /**
   * The solver's termination for MIPs ('feasible' instead of 'optimal' on a feasibility-only
   * instance); 'optimal' / 'feasible' / 'infeasible' / 'unknown' for exact methods;
   * 'feasible' / 'infeasible' for heuristics; 'error' when it threw.
   */
  status: string;
  objective: number | null;
  bound: number | null;
  feasible: boolean;
  /** The objective is proven optimal (never on a feasibility-only instance). */
  proven: boolean;
  /** The method proved that the instance has no feasible solution. */
  provenInfeasible: boolean;
  timeMs: number;
  /** The best known value of the instance: stored, or else the best found in this run. */
  reference: number | null;
  referenceProven: boolean;
  referenceSource: 'index.json' | 'optimum.csv' | 'run' | null;
  /** (objective - reference) / |reference| for min, (reference - objective) / |reference| for max; negative beats it. */
  deviation: number | null;
  violations: number;
  message?: string;
  /** The instance file, so a report can re-read the instance (only with `keepSolutions`). */
  file?: string;
  /** The solution as the family serializes it (only with `keepSolutions`, and only when there is one). */
  solution?: unknown;
}

/** The figures of one method over all instances. */
export interface MethodSummary {
  method: string;
  runs: number;
  feasible: number;
  /** Runs whose objective is proven optimal. */
  proven: number;
  /** Runs that proved the instance infeasible. */
  provenInfeasible: number;
  /** Feasible runs at least as good as the reference. */
  matched: number;
  errors: number;
  /** Feasible runs that have a reference: the ones the deviations are over. */
  withReference: number;
  meanDeviation: number | null;
  maxDeviation: number | null;
  meanTimeMs: number | null;
  maxTimeMs: number | null;
}

/** One change `--update-references` made (or refused) in an `index.json`. */
export interface ReferenceChange {
  folder: string;
  instance: string;
  field: 'bestObjective' | 'bestBound';
  before: number | null;
  after: number | null;
  method: string;
}

/** Whatever `--update-references` did per set folder. */
export interface ReferenceUpdate {
  folder: string;
  /** The index.json written, or undefined when nothing was written. */
  written?: string;
  /** Why the folder was left alone (read-only, optimum.csv source). */
  skipped?: string;
  changes: ReferenceChange[];
}

/** The whole report: what `--json` prints and `--report FILE.json` holds. */
export interface BenchReport {
  created: string;
  families: string[];
  methods: string[];
  timeLimitSec: number;
  seed: number;
  instances: number;
  rows: BenchRow[];
  summary: MethodSummary[];
  referenceUpdates?: ReferenceUpdate[];
  /** Objectives better than a stored proven optimum: a bug in a method or a wrong reference. */
  referenceWarnings?: string[];
}
