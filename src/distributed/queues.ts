/**
 * The queues schedlab's workers serve, and what every job is enqueued with. Job ids are content
 * hashes of what decides the result (the payload and schedlab's version), so the same work
 * submitted twice is done once and served from Redis after that.
 */
import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import { schedlabVersion } from '../oracle/version.js';

/** The queue of each kind of job; `batches` holds the flows' parent jobs. */
export const queueNames = {
  score: 'schedlab-score',
  bench: 'schedlab-bench',
  exact: 'schedlab-exact',
  batches: 'schedlab-batches',
} as const;

/** A kind of work a worker takes. */
export type WorkKind = 'score' | 'bench' | 'exact';
/** Every kind of work, in the order `--queues` lists them. */
export const workKinds: readonly WorkKind[] = ['score', 'bench', 'exact'];

/** Results stay a week, so a repeated submission is served from Redis; a job that failed stays for inspection. */
const keepSeconds = 7 * 24 * 3600;

/**
 * Options of every job: only infrastructure failures throw (a candidate's failure or a method's
 * error is a result), so three attempts with exponential backoff retry those alone.
 */
export const jobOptions: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: keepSeconds },
  removeOnFail: { age: keepSeconds },
};

/**
 * The id of a job: a SHA-256 of its kind, its payload as canonical JSON and schedlab's version.
 *
 * @example
 * ```ts
 * contentId('bench', { instance: 'j301_1', method: 'default' }); // 'bench-3f5c...'
 * ```
 */
export function contentId(kind: string, payload: unknown): string {
  const hash = createHash('sha256');
  hash.update(`${kind}\n${schedlabVersion()}\n${canonicalJson(payload)}`);
  return `${kind}-${hash.digest('hex')}`;
}

/** JSON with object keys sorted, so equal payloads hash alike whatever order built them. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
