/**
 * Real inputs for the report tests, made once per test file: a bench of two methods on a
 * few RCPSP instances and a default heuristic on one instance of three more families, all
 * with their solutions kept, so the page has schedules to draw.
 */
import { bench } from '../../src/bench/bench.js';
import type { BenchReport } from '../../src/bench/types.js';
import { score } from '../../src/oracle/score.js';
import type { ScoreReport } from '../../src/oracle/types.js';

export const rcpspFiles = [
  'instances/rcpsp/psplib-like/rcpsp-psplib-20-1.5-1-0.2-small-3.json',
  'instances/rcpsp/psplib-like/rcpsp-psplib-20-1.8-0.5-0.5-small-6.json',
  'instances/rcpsp/psplib-like/rcpsp-psplib-25-1.5-1-0.5-small-4.json',
];

/** One small instance of each other family with a bundled set. */
export const otherFiles = [
  'instances/pipeline/derived/llama3-8b-h100-p4-m8.json',
  'instances/pod-packing/paper-grid/pp-n4-p4-l2-u100-s1.json',
  'instances/expert-placement/examples/mixtral-8x7b-g2-l1-r0-s2.json',
];

/** `serial-lft` and `branch-and-bound` on the RCPSP files (1 s each), with solutions. */
export async function rcpspBench(methods = 'serial-lft,branch-and-bound'): Promise<BenchReport> {
  return (await bench(rcpspFiles, { methods, timeLimitSec: 1, keepSolutions: true })).report;
}

/** The default heuristic on one instance of pipeline, pod-packing and expert-placement, with solutions. */
export async function otherBench(): Promise<BenchReport> {
  return (await bench(otherFiles, { methods: 'default', timeLimitSec: 1, keepSolutions: true })).report;
}

/** A candidate that fails on purpose: it logs two lines, then throws. */
export const failingCandidate = `export default function () {
  console.log('looking at the activities');
  console.log('giving up');
  throw new Error('no schedule today');
}`;

/** The oracle on the RCPSP files in this process (no pool, no cache): the real `score --json` object. */
export async function scoreFixture(source: string): Promise<ScoreReport> {
  return score('rcpsp', source, rcpspFiles, { workers: 0, cache: false });
}
