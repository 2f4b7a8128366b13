/**
 * `bench --redis` against a real redis-server and `schedlab worker` processes: the rows equal
 * the local bench's (times aside), a worker killed mid-batch loses nothing, a repeated
 * submission is served from Redis with no worker running, MIPs go through the exact queue, and
 * a Redis that cannot be reached is exit 2.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bench } from '../../src/bench/bench.js';
import type { BenchRow } from '../../src/bench/types.js';
import { onWorkers } from '../../src/distributed/bench-remote.js';
import { runCli } from '../cli/run-cli.js';
import { scratchDir } from '../support/scratch.js';
import {
  redisAvailable,
  startRedis,
  startWorkerProcess,
  workerReady,
  type RedisServer,
} from '../support/redis-server.js';

/** A row without its wall time, the one field two runs of the same work may differ in. */
const timeless = (rows: readonly BenchRow[]) => rows.map(({ timeMs: _t, ...rest }) => rest);

describe.skipIf(!redisAvailable)('bench on BullMQ workers (redis-server)', () => {
  let redis: RedisServer;
  let workers: ChildProcess[] = [];
  let folder: string;

  beforeAll(async () => {
    redis = await startRedis();
    workers = [startWorkerProcess(redis.url), startWorkerProcess(redis.url)];
    await Promise.all(workers.map(workerReady));
    folder = scratchDir('bench-workers');
    const generated = await runCli(
      'generate',
      'rcpsp',
      '--size',
      'small',
      '--count',
      '100',
      '--seed',
      '7',
      '--out',
      folder,
    );
    expect(generated.code, generated.stderr).toBe(0);
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await redis?.stop();
  });

  it('gives the local rows for 100 instances over two workers, one killed mid-batch, then serves a repeat from Redis', async () => {
    const options = { methods: 'serial-lft,parallel-lft', timeLimitSec: 5, seed: 3 };
    const local = await bench([folder], options);
    let killed = false;
    const remote = await bench([folder], {
      ...options,
      runPairs: onWorkers(redis.url),
      onRun: (_row, done) => {
        if (done >= 40 && !killed) {
          killed = true;
          workers[0].kill('SIGKILL');
        }
      },
    });
    expect(killed).toBe(true);
    expect(remote.report.rows).toHaveLength(200);
    expect(timeless(remote.report.rows)).toEqual(timeless(local.report.rows));
    expect(remote.report.summary.map(({ meanTimeMs: _m, maxTimeMs: _x, ...rest }) => rest)).toEqual(
      local.report.summary.map(({ meanTimeMs: _m, maxTimeMs: _x, ...rest }) => rest),
    );

    // No worker left: the same submission is answered from the results Redis keeps.
    workers[1].kill('SIGKILL');
    const repeat = await bench([folder], { ...options, runPairs: onWorkers(redis.url) });
    expect(repeat.report.rows).toEqual(remote.report.rows);
  }, 120_000);

  it('runs MIPs through the exact queue with the local answers', async () => {
    workers = [startWorkerProcess(redis.url, ['--queues', 'exact'])];
    await workerReady(workers[0]);
    const files = readdirSync(folder)
      .sort()
      .slice(0, 2)
      .map((file) => join(folder, file));
    const options = { methods: 'mip', timeLimitSec: 20, seed: 1 };
    const local = await bench(files, options);
    const remote = await bench(files, { ...options, runPairs: onWorkers(redis.url) });
    expect(remote.report.rows.every((row) => row.proven)).toBe(true);
    expect(remote.report.rows.map((row) => [row.instance, row.objective, row.status])).toEqual(
      local.report.rows.map((row) => [row.instance, row.objective, row.status]),
    );
  }, 120_000);

  it('refuses a Redis it cannot reach, or a URL that is not Redis, with exit 2 and the fix', async () => {
    const closed = await runCli('bench', folder, '--methods', 'serial-lft', '--redis', 'redis://127.0.0.1:1');
    expect(closed.code).toBe(2);
    expect(closed.stderr).toMatch(/cannot use Redis at redis:\/\/127\.0\.0\.1:1.*start a server/);
    const wrong = await runCli('worker', '--redis', 'http://127.0.0.1:6379');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/redis:\/\/ or rediss:\/\/ URL/);
  });
});
