/**
 * `score`: run an outside candidate (a whole heuristic, or a priority function inside a
 * family skeleton) on instances, safely, and score it with the family's own evaluator.
 * See src/oracle/README.md for the contract, the isolation and the score formula.
 */
import { inputError } from '../errors.js';
import type { AnyFamily } from '../family/contract.js';
import { getFamily } from '../family/registry.js';
import { summarize, instanceScore } from './aggregate.js';
import { ResultCache, cacheKey, defaultCacheDir } from './cache.js';
import { checkCandidate } from './check.js';
import { runChunk, type ChunkRequest } from './chunk.js';
import { resolveInstances, type InstanceInput } from './inputs.js';
import { OraclePool } from './pool.js';
import { BadCandidateError } from './sandbox.js';
import {
  defaultLimits,
  type InstanceScore,
  type JudgedRun,
  type SandboxLimits,
  type ScoreInstance,
  type ScoreReport,
} from './types.js';
import { schedlabVersion } from './version.js';

export interface ScoreOptions extends Partial<SandboxLimits> {
  /** A skeleton of the family (`Family.skeletons`): the candidate is then its decision function. */
  skeleton?: string;
  /** Seeds `ctx.random` and `Math.random` (default 1). */
  seed?: number;
  /** Pool processes (default 2); 0 runs the isolates in this process (for families registered at run time). */
  workers?: number;
  /** A pool to reuse across calls (see `openOracle`); `workers` is then ignored. */
  pool?: OraclePool;
  /** Instances per sandbox (default: two chunks per process, at most 64): the module is evaluated once per chunk. */
  chunkSize?: number;
  /** Score the first `firstStage` instances first and stop when their mean score is below `threshold`. */
  cascade?: boolean | { firstStage?: number; threshold?: number };
  /** false: no cache; a string: this folder; default: `defaultCacheDir()`. */
  cache?: boolean | string;
  /** Add `timeMs` and `cached` to each instance (they vary between runs; the rest does not). */
  timings?: boolean;
  /** The candidate's file name, for error messages. */
  file?: string;
  /**
   * Scores the chunks somewhere else (BullMQ workers: `scoreOnWorkers` in `src/distributed`),
   * reporting each instance's judged run under its number; no local pool is opened.
   */
  runChunks?(chunks: readonly ChunkRequest[], onResult: (index: number, run: JudgedRun) => void): Promise<void>;
}

interface Plan {
  family: AnyFamily;
  source: string;
  skeleton: string | null;
  limits: SandboxLimits;
  seed: number;
  options: ScoreOptions;
  cache: ResultCache | null;
}

function skeletonOf(family: AnyFamily, name: string | undefined): string | null {
  if (name === undefined) return null;
  const known = Object.keys(family.skeletons ?? {});
  if (!known.includes(name))
    throw inputError(
      known.length === 0
        ? `family '${family.id}' has no skeletons; score a whole heuristic (leave out --skeleton)`
        : `family '${family.id}' has no skeleton '${name}'; its skeletons are: ${known.join(', ')}`,
    );
  return name;
}

function limitsOf(options: ScoreOptions): SandboxLimits {
  const limits = { ...defaultLimits };
  for (const key of Object.keys(defaultLimits) as (keyof SandboxLimits)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) throw inputError(`${key} must be a positive number, got ${value}`);
    limits[key] = value;
  }
  if (limits.memoryMb < 8)
    throw inputError(`memoryMb must be at least 8 (isolated-vm's minimum), got ${limits.memoryMb}`);
  return limits;
}

function cacheOf(option: ScoreOptions['cache']): ResultCache | null {
  if (option === false) return null;
  const dir = typeof option === 'string' ? option : defaultCacheDir();
  return dir === null ? null : new ResultCache(dir);
}

function keyOf(plan: Plan, instance: ScoreInstance): string {
  return cacheKey({
    version: schedlabVersion(),
    family: plan.family.id,
    source: plan.source,
    skeleton: plan.skeleton,
    skeletonSource: plan.skeleton === null ? null : (plan.family.skeletons?.[plan.skeleton]?.source ?? null),
    dataText: instance.dataText,
    seed: plan.seed,
    limits: plan.limits,
  });
}

/**
 * Two chunks per process: each sandbox costs an isolate and a module evaluation (about
 * 10 ms), so chunks are as large as they can be while every process still gets work, and
 * a second round evens out chunks of unequal speed. At most 64 instances per sandbox.
 */
function defaultChunkSize(count: number, processes: number): number {
  return Math.min(64, Math.max(1, Math.ceil(count / (2 * processes))));
}

/** Judge every instance (cache first, then the pool in chunks), in the order given. */
async function judgeAll(
  plan: Plan,
  instances: ScoreInstance[],
  pool: OraclePool | undefined,
): Promise<InstanceScore[]> {
  const timings = plan.options.timings ?? false;
  const results: InstanceScore[] = new Array(instances.length);
  // Hashing every instance's text costs time, so keys are made only when a cache is on.
  const keys = plan.cache ? instances.map((instance) => keyOf(plan, instance)) : [];
  const misses: number[] = [];
  instances.forEach((instance, k) => {
    const hit = plan.cache?.get(keys[k]);
    if (hit) results[k] = instanceScore(plan.family.sense, instance, hit, timings, true);
    else misses.push(k);
  });
  const onResult = (k: number, run: JudgedRun) => {
    plan.cache?.set(keys[k], run);
    results[k] = instanceScore(plan.family.sense, instances[k], run, timings);
  };
  // Jobs on remote workers are shards of eight instances: small enough to spread, large enough to amortize a sandbox.
  const fallback = plan.options.runChunks ? 8 : defaultChunkSize(misses.length, pool?.size ?? 1);
  const size = Math.max(1, Math.floor(plan.options.chunkSize ?? fallback));
  const chunks: ChunkRequest[] = [];
  for (let at = 0; at < misses.length; at += size) {
    const part = misses.slice(at, at + size);
    chunks.push({
      familyId: plan.family.id,
      source: plan.source,
      skeleton: plan.skeleton,
      limits: plan.limits,
      seed: plan.seed,
      instances: part.map((k) => ({ index: k, dataText: instances[k].dataText })),
    });
  }
  if (plan.options.runChunks) await plan.options.runChunks(chunks, onResult);
  else
    await Promise.all(
      chunks.map((chunk) => (pool ? pool.run(chunk, onResult) : runChunk(chunk, onResult, { family: plan.family }))),
    );
  return results;
}

function cascadeOf(option: ScoreOptions['cascade'], count: number): { firstStage: number; threshold: number } | null {
  if (!option) return null;
  const given = option === true ? {} : option;
  return {
    firstStage: Math.max(1, Math.min(count, given.firstStage ?? Math.ceil(count / 5))),
    threshold: given.threshold ?? 0.5,
  };
}

async function judgeWithCascade(plan: Plan, instances: ScoreInstance[], pool: OraclePool | undefined) {
  const cascade = cascadeOf(plan.options.cascade, instances.length);
  if (!cascade || cascade.firstStage >= instances.length)
    return { scores: await judgeAll(plan, instances, pool), cascade: cascade && { ...cascade, stoppedEarly: false } };
  const first = await judgeAll(plan, instances.slice(0, cascade.firstStage), pool);
  const mean = first.reduce((sum, s) => sum + s.score, 0) / first.length;
  if (mean < cascade.threshold) return { scores: first, cascade: { ...cascade, stoppedEarly: true } };
  const rest = await judgeAll(plan, instances.slice(cascade.firstStage), pool);
  return { scores: [...first, ...rest], cascade: { ...cascade, stoppedEarly: false } };
}

/**
 * Score a candidate module's source on instances (files, folders, or parsed instances).
 * A candidate's failures are statuses in the report; bad input (an unknown family or
 * skeleton, a source that does not parse, imports, no default export function) throws an
 * input error.
 *
 * @example
 * ```ts
 * import { score } from 'schedlab';
 * const report = await score('rcpsp', 'export default (data) => ({ starts: {} })', ['instances/rcpsp/psplib-like']);
 * report.summary.combinedScore; // 0: every answer misses activities ('invalid-output')
 * ```
 */
export async function score(
  familyId: string,
  source: string,
  instances: readonly (string | InstanceInput)[],
  options: ScoreOptions = {},
): Promise<ScoreReport> {
  const family = await getFamily(familyId);
  const skeleton = skeletonOf(family, options.skeleton);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw inputError(`the seed must be an integer, got ${seed}`);
  const plan: Plan = {
    family,
    source,
    skeleton,
    limits: limitsOf(options),
    seed,
    options,
    cache: cacheOf(options.cache),
  };
  await checkCandidate(source, options.file);
  const resolved = await resolveInstances(family, instances);
  const workers = options.workers ?? 2;
  const local = workers > 0 && !options.runChunks;
  const pool = options.pool ?? (local ? new OraclePool(Math.floor(workers)) : undefined);
  try {
    const { scores, cascade } = await judgeWithCascade(plan, resolved, pool);
    const { summary, openevolve } = summarize(scores, resolved.length);
    return {
      family: family.id,
      skeleton,
      seed,
      version: schedlabVersion(),
      instances: scores,
      summary,
      cascade,
      openevolve,
    };
  } catch (error) {
    if (error instanceof BadCandidateError)
      throw inputError(error.message, options.file ? { file: options.file, path: 'export default' } : {});
    throw error;
  } finally {
    if (!options.pool) pool?.close();
  }
}

/**
 * A pool kept open across many `score` calls (a search loop's evaluator): the processes
 * start once. Close it when done. `workers: 0` keeps the isolates in this process.
 *
 * @example
 * ```ts
 * const oracle = openOracle({ workers: 2 });
 * const report = await oracle.score('rcpsp', source, ['instances/rcpsp/psplib-like']);
 * oracle.close();
 * ```
 */
export function openOracle(options: { workers?: number } = {}) {
  const workers = Math.max(0, Math.floor(options.workers ?? 2));
  const pool = workers > 0 ? new OraclePool(workers) : undefined;
  return {
    /** The pool (absent with `workers: 0`, where the isolates run in this process). */
    pool,
    score: (
      familyId: string,
      source: string,
      instances: readonly (string | InstanceInput)[],
      scoreOptions: ScoreOptions = {},
    ) => score(familyId, source, instances, { ...scoreOptions, ...(pool ? { pool } : { workers: 0 }) }),
    close: () => pool?.close(),
  };
}
