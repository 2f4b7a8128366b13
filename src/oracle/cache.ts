/**
 * The on-disk result cache: one small JSON file per (candidate, instance) run, named by
 * the SHA-256 of everything the result depends on: schedlab's version, the family, the
 * candidate's source, the skeleton's name and source, the instance's JSON text, the seed
 * and the limits. A search loop re-scores the same program often (elitism, duplicates);
 * those runs cost a file read. Timeouts and memory failures are never cached: they may
 * come from a loaded machine rather than from the candidate.
 *
 * Where: `$SCHEDLAB_CACHE_DIR`, else `$XDG_CACHE_HOME/schedlab/oracle`, else
 * `~/.cache/schedlab/oracle`. Off with `cache: false` (`--no-cache`) or `SCHEDLAB_CACHE_DIR=off`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { JudgedRun, SandboxLimits } from './types.js';

/** What a cached result depends on. */
export interface CacheKeyParts {
  version: string;
  family: string;
  source: string;
  skeleton: string | null;
  skeletonSource: string | null;
  dataText: string;
  seed: number;
  limits: SandboxLimits;
}

/** The key: a hex SHA-256 of the parts, each length-prefixed so that no two part lists collide. */
export function cacheKey(parts: CacheKeyParts): string {
  const hash = createHash('sha256');
  const fields = [
    parts.version,
    parts.family,
    parts.source,
    parts.skeleton ?? '',
    parts.skeletonSource ?? '',
    parts.dataText,
    String(parts.seed),
    JSON.stringify(parts.limits),
  ];
  for (const field of fields) hash.update(`${field.length}:`).update(field);
  return hash.digest('hex');
}

/**
 * The cache folder the environment names, or null when caching is off.
 *
 * @example
 * ```ts
 * defaultCacheDir({ HOME: '/home/me' }); // '/home/me/.cache/schedlab/oracle'
 * defaultCacheDir({ SCHEDLAB_CACHE_DIR: 'off' }); // null
 * ```
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const named = env.SCHEDLAB_CACHE_DIR;
  if (named !== undefined && named !== '') return named === 'off' ? null : named;
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'schedlab', 'oracle');
}

/** Results on disk, under `dir/<first two hex digits>/<key>.json`. */
export class ResultCache {
  constructor(readonly dir: string) {}

  private file(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The cached run, or undefined (also when the file is unreadable: the run is simply redone). */
  get(key: string): JudgedRun | undefined {
    try {
      return JSON.parse(readFileSync(this.file(key), 'utf8')) as JudgedRun;
    } catch {
      return undefined;
    }
  }

  /** Store a run, atomically (write then rename), unless its status depends on the machine's load. */
  set(key: string, run: JudgedRun): void {
    if (run.status === 'timeout' || run.status === 'memory') return;
    const file = this.file(key);
    try {
      mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(run));
      renameSync(temporary, file);
    } catch {
      // A cache that cannot be written (read-only home, full disk) only costs speed.
    }
  }
}
