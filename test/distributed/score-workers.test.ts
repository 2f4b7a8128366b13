/**
 * `score --redis` against a real redis-server and two `schedlab worker` processes: one is
 * killed mid-batch, and the report is the local one byte for byte; a candidate that fails is
 * scored as it is locally, not retried as a failed job.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreOnWorkers } from '../../src/distributed/score-remote.js';
import { score } from '../../src/oracle/score.js';
import { runCli } from '../cli/run-cli.js';
import { serialRcpspCandidate } from '../support/candidates.js';
import { scratchDir } from '../support/scratch.js';
import {
  redisAvailable,
  startRedis,
  startWorkerProcess,
  workerReady,
  type RedisServer,
} from '../support/redis-server.js';

describe.skipIf(!redisAvailable)('score on BullMQ workers (redis-server)', () => {
  let redis: RedisServer;
  let workers: ChildProcess[] = [];
  let files: string[];

  beforeAll(async () => {
    redis = await startRedis();
    workers = [
      startWorkerProcess(redis.url, ['--queues', 'score']),
      startWorkerProcess(redis.url, ['--queues', 'score']),
    ];
    await Promise.all(workers.map(workerReady));
    const folder = scratchDir('score-workers');
    const generated = await runCli(
      'generate',
      'rcpsp',
      '--size',
      'small',
      '--count',
      '48',
      '--seed',
      '5',
      '--out',
      folder,
    );
    expect(generated.code, generated.stderr).toBe(0);
    files = readdirSync(folder)
      .sort()
      .map((file) => join(folder, file));
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await redis?.stop();
  });

  it('gives the local report byte for byte with a worker killed mid-batch', async () => {
    const options = { cache: false as const, seed: 9, chunkSize: 2 };
    const local = await score('rcpsp', serialRcpspCandidate, files, options);
    let done = 0;
    const remote = await score('rcpsp', serialRcpspCandidate, files, {
      ...options,
      runChunks: (chunks, onResult) =>
        scoreOnWorkers(redis.url)(chunks, (index, run) => {
          if (++done === 10) workers[0].kill('SIGKILL');
          onResult(index, run);
        }),
    });
    expect(done).toBe(files.length);
    expect(remote.summary.feasibleShare).toBe(1);
    expect(JSON.stringify(remote)).toBe(JSON.stringify(local));
  }, 180_000);

  it('scores a failing candidate as the local run does', async () => {
    const hang = 'export default function () { for (;;) {} }';
    const options = { cache: false as const, seed: 1, timeoutMs: 200, chunkSize: 4 };
    const local = await score('rcpsp', hang, files.slice(0, 4), options);
    const remote = await score('rcpsp', hang, files.slice(0, 4), { ...options, runChunks: scoreOnWorkers(redis.url) });
    // The statuses and scores, not the messages: under heavy load the pool's watchdog may end a
    // hang before the isolate's own timer does, which words the same timeout differently.
    const verdicts = (report: typeof local) => report.instances.map((s) => [s.instance, s.status, s.score]);
    expect(remote.instances.map((s) => s.status)).toEqual(['timeout', 'timeout', 'timeout', 'timeout']);
    expect(verdicts(remote)).toEqual(verdicts(local));
    expect(remote.summary).toEqual(local.summary);
  }, 120_000);
});
