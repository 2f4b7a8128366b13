/**
 * The data of the report page: everything the page's scripts draw, computed in Node and
 * embedded in the page as JSON. Unknown numbers are null, never NaN, so it is plain JSON.
 */
import type { BenchRow, MethodSummary } from '../bench/types.js';
import type { ReportView } from '../family/report-view.js';

/** The fields a report run shares with a bench row. */
type RunFields =
  | 'family'
  | 'instance'
  | 'method'
  | 'status'
  | 'objective'
  | 'bound'
  | 'feasible'
  | 'proven'
  | 'provenInfeasible'
  | 'timeMs'
  | 'reference'
  | 'deviation';

/**
 * One method on one instance, from a bench row or a solve/heuristic result, with a bench
 * row's fields; `reference` is a stored reference, else the best feasible objective of all
 * runs of the instance in the report, and `deviation` is measured from it as in `bench`.
 */
export interface ReportRun extends Pick<BenchRow, RunFields> {
  /** The relative gap of a feasible run to its own bound (`boundGap`), null without a bound. */
  gap: number | null;
  message: string | null;
  /** Index into `ReportData.views` of this run's schedule, or null when there is none. */
  view: number | null;
}

/** The per-method figures of one family: the bench's `MethodSummary`, recomputed over the merged runs. */
export interface ReportSummaryRow extends MethodSummary {
  family: string;
}

/** A step curve of one method: (x, share) points, share rising from 0 to at most 1. */
export interface StepSeries {
  method: string;
  points: { x: number; share: number }[];
}

/** What the page draws per family. */
export interface ReportFamily {
  id: string;
  title: string;
  sense: 'min' | 'max';
  unit: string;
  /** Instances with at least one run. */
  instances: number;
  methods: string[];
  /** Dolan & Moré: the share of instances on which a method is within a factor tau (x) of the best. */
  profile: StepSeries[];
  /** The largest finite ratio of the profile (the right end of its tau axis), at least 2. */
  profileMaxTau: number;
  /** The share of instances proven optimal within x milliseconds. */
  solvedOverTime: StepSeries[];
  /** How the profile's ratios were taken: 'ratio' (all objectives positive) or 'shifted' on some instance. */
  profileNote: string;
}

/** One candidate's score on one instance (a row of a `score` report). */
export interface OracleScore {
  candidate: string;
  instance: string;
  status: string;
  score: number;
  objective: number | null;
  gap: number | null;
}

/** One candidate: a `score` report (its file name when several share a candidate name). */
export interface OracleCandidate {
  candidate: string;
  family: string;
  skeleton: string | null;
  instances: number;
  scored: number;
  feasibleShare: number;
  meanGap: number | null;
  combinedScore: number;
}

/** A run that did not end 'ok', with the first lines of what it said. */
export interface OracleFailure {
  candidate: string;
  instance: string;
  status: string;
  lines: string[];
}

export interface ReportOracle {
  candidates: OracleCandidate[];
  scores: OracleScore[];
  failures: OracleFailure[];
}

/** Where the data came from: one entry per input file (or per in-memory report). */
export interface ReportSource {
  name: string;
  kind: 'bench' | 'score' | 'result';
  created: string | null;
}

/** The whole page's data (what `buildReportData` returns and the page embeds). */
export interface ReportData {
  title: string;
  created: string;
  sources: ReportSource[];
  families: ReportFamily[];
  summary: ReportSummaryRow[];
  runs: ReportRun[];
  /** Schedule views, referenced by `ReportRun.view`. */
  views: ReportView[];
  /** Present when a `score` report is among the inputs. */
  oracle: ReportOracle | null;
  /** Things the reader should know: runs without a schedule and why, renamed methods, ... */
  notes: string[];
}
