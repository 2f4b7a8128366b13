/**
 * The records of the oracle: what a caller asks for (`ScoreOptions`), what one
 * instance scored (`InstanceScore`) and the whole answer (`ScoreReport`). Unknown
 * numbers are null, never NaN, so every record is plain JSON.
 */

/** How one candidate run on one instance ended. */
export type ScoreStatus = 'ok' | 'infeasible' | 'timeout' | 'memory' | 'error' | 'invalid-output';

/** The limits every run of a candidate gets. */
export interface SandboxLimits {
  /** Wall-clock budget per instance, also for async work and promises that never settle. */
  timeoutMs: number;
  /** The isolate's memory cap in MB, ArrayBuffers included. */
  memoryMb: number;
  /** The largest solution JSON a candidate may return, in bytes (UTF-16 code units). */
  maxOutputBytes: number;
  /** Console output kept per instance, in characters; the rest is counted and dropped. */
  maxConsoleChars: number;
}

/**
 * The limits a candidate gets unless the caller says otherwise.
 *
 * @example
 * ```ts
 * await score('rcpsp', source, paths, { ...defaultLimits, timeoutMs: 200 });
 * ```
 */
export const defaultLimits: SandboxLimits = {
  timeoutMs: 1000,
  memoryMb: 64,
  maxOutputBytes: 4_000_000,
  maxConsoleChars: 4000,
};

/** What the sandbox and the family's evaluator made of one run, before references are applied. */
export interface JudgedRun {
  status: ScoreStatus;
  /** The evaluator's objective (never the candidate's claim); null unless the output parsed and evaluated. */
  objective: number | null;
  feasible: boolean;
  /** The evaluator's violations, `constraint: message`, at most `maxViolations`. */
  violations: string[];
  /** Why the run failed (timeout, thrown error, bad output), in one line. */
  message?: string;
  /** The candidate's console output, truncated. */
  console: string;
  timeMs: number;
}

/** One instance's score. */
export interface InstanceScore {
  instance: string;
  status: ScoreStatus;
  objective: number | null;
  /** The instance set's best known value (index.json, optimum.csv), else null. */
  reference: number | null;
  referenceProven: boolean;
  /** (objective - reference) / max(|reference|, 1), signed so that positive is worse; null without both. */
  gap: number | null;
  /** min(1, 1 / (1 + max(gap, 0))) for a feasible answer with a reference, 1 for one without, 0 otherwise. */
  score: number;
  violations: string[];
  message?: string;
  console?: string;
  /** Only with `timings`: times vary from run to run, the rest of the report does not. */
  timeMs?: number;
  /** True when the result came from the on-disk cache. Only with `timings`. */
  cached?: boolean;
}

/** The object OpenEvolve's evaluator returns: metrics (numbers) and artifacts (text). */
export interface OpenEvolveResult {
  metrics: Record<string, number>;
  artifacts: Record<string, string>;
}

/** The answer of `score`. */
export interface ScoreReport {
  family: string;
  skeleton: string | null;
  seed: number;
  version: string;
  instances: InstanceScore[];
  summary: {
    instances: number;
    scored: number;
    feasibleShare: number;
    meanGap: number | null;
    combinedScore: number;
    byStatus: Record<ScoreStatus, number>;
  };
  cascade: { firstStage: number; threshold: number; stoppedEarly: boolean } | null;
  openevolve: OpenEvolveResult;
}

/** One instance to score: its name, its family's instance JSON as text, and its reference if known. */
export interface ScoreInstance {
  name: string;
  /** `JSON.stringify(family.serialize(instance))`: what the candidate receives. */
  dataText: string;
  reference?: { value: number | null; proven: boolean };
}
