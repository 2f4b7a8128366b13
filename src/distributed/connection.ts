/**
 * The Redis behind the queues: `--redis URL` parsed into BullMQ's connection options, and a
 * probe that fails fast with an input error (exit 2) when the server cannot be reached, refuses
 * the credentials, or is older than BullMQ needs, instead of ioredis's endless reconnecting.
 */
import type { ConnectionOptions } from 'bullmq';
import { inputError } from '../errors.js';

/** The oldest Redis that BullMQ 5 runs on (its `RedisConnection.minimumVersion`). */
export const minimumRedisVersion = '5.0.0';

/**
 * BullMQ connection options for a `redis://[user:password@]host[:port][/db]` URL.
 *
 * @example
 * ```ts
 * redisConnection('redis://127.0.0.1:6379/2'); // { host: '127.0.0.1', port: 6379, db: 2, ... }
 * ```
 */
export function redisConnection(url: string): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw inputError(`--redis expects a URL such as redis://127.0.0.1:6379, got '${url}'`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw inputError(`--redis expects a redis:// or rediss:// URL, got '${url}'`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0)
    throw inputError(`--redis: the database in '${url}' must be a whole number, e.g. redis://host:6379/0`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    db,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's workers block on Redis; they need requests that wait rather than fail.
    maxRetriesPerRequest: null,
  };
}

function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/**
 * Connect once, without retries, and check the server's version; an input error says what is
 * wrong and how to fix it.
 *
 * @example
 * ```ts
 * await probeRedis('redis://127.0.0.1:6379'); // '7.0.15'
 * ```
 */
export async function probeRedis(url: string, timeoutMs = 3000): Promise<string> {
  const options = redisConnection(url) as Record<string, unknown>;
  const { Redis } = await import('ioredis');
  const client = new Redis({
    ...options,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => {}); // reported through the rejected promise below
  try {
    await client.connect();
    const info = await client.info('server');
    const version = /redis_version:([0-9.]+)/.exec(info)?.[1] ?? '0';
    if (!versionAtLeast(version, minimumRedisVersion))
      throw inputError(
        `Redis at ${url} is version ${version}; BullMQ needs ${minimumRedisVersion} or newer (Debian's redis-server package is)`,
      );
    return version;
  } catch (error) {
    if (error instanceof Error && 'kind' in error) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw inputError(
      `cannot use Redis at ${url}: ${reason}; start a server (redis-server --port ${options.port}) or fix --redis`,
    );
  } finally {
    client.disconnect();
  }
}
