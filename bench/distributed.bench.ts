/**
 * `npm run bench -- distributed`: bench jobs and score jobs through one local Redis with 1, 2
 * and 4 `schedlab worker` processes, against the same work run here (bench: one at a time; score:
 * the oracle's local pool): jobs per second and the overhead per job as a ratio, measured side by side in this run. Needs redis-server
 * (Debian package); skips with a message without it.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench } from '../src/bench/bench.js';
import { onWorkers } from '../src/distributed/bench-remote.js';
import { scoreOnWorkers } from '../src/distributed/score-remote.js';
import { score } from '../src/oracle/score.js';
import { serialRcpspCandidate } from '../test/support/candidates.js';
import { main } from '../src/cli/main.js';
import { redisAvailable, startRedis, startWorkerProcess, workerReady } from '../test/support/redis-server.js';

const quiet = { stdout: () => {}, stderr: () => {}, isTty: false };

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await run();
  return { value, seconds: (performance.now() - started) / 1000 };
}

/** Score jobs (shards of 8 instances): the local oracle pool of two processes against 1, 2 and 4 workers. */
async function scoreRows(url: string, files: string[]): Promise<void> {
  const options = (seed: number) => ({ cache: false as const, seed, chunkSize: 8 });
  const local = await timed(() => score('rcpsp', serialRcpspCandidate, files, { ...options(1), workers: 2 }));
  const perLocal = local.seconds / files.length;
  console.log(`\n| score workers | evaluations | seconds | evaluations/s | overhead per evaluation vs local pool |`);
  console.log(`| ------------- | ----------- | ------- | ------------- | ------------------------------------ |`);
  console.log(
    `| local pool of 2 | ${files.length} | ${local.seconds.toFixed(2)} | ${(files.length / local.seconds).toFixed(0)} | 1.00x |`,
  );
  for (const count of [1, 2, 4]) {
    const workers = Array.from({ length: count }, () => startWorkerProcess(url, ['--queues', 'score']));
    await Promise.all(workers.map(workerReady));
    const remote = await timed(() =>
      score('rcpsp', serialRcpspCandidate, files, { ...options(200 + count), runChunks: scoreOnWorkers(url) }),
    );
    for (const worker of workers) worker.kill('SIGTERM');
    console.log(
      `| ${count} | ${files.length} | ${remote.seconds.toFixed(2)} | ${(files.length / remote.seconds).toFixed(0)} | ${(remote.seconds / files.length / perLocal).toFixed(2)}x |`,
    );
  }
}

/** Print jobs per second locally and with 1, 2 and 4 workers. */
export async function run(_args: string[]): Promise<void> {
  if (!redisAvailable) {
    console.log('redis-server is not installed (apt-get install redis-server); skipped');
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), 'distributed-bench-'));
  await main(['generate', 'rcpsp', '--size', 'small', '--count', '200', '--seed', '11', '--out', folder], quiet);
  const redis = await startRedis();
  try {
    // Each run uses its own seed, so no result is served from an earlier run's cache.
    const options = (seed: number) => ({ methods: 'serial-lft,parallel-lft', timeLimitSec: 5, seed });
    const local = await timed(() => bench([folder], options(1)));
    const jobs = local.value.report.rows.length;
    const perLocal = local.seconds / jobs;
    console.log(`| workers | jobs | seconds | jobs/s | overhead per job vs local |`);
    console.log(`| ------- | ---- | ------- | ------ | ------------------------- |`);
    console.log(`| local   | ${jobs} | ${local.seconds.toFixed(2)} | ${(jobs / local.seconds).toFixed(0)} | 1.00x |`);
    for (const count of [1, 2, 4]) {
      const workers = Array.from({ length: count }, () => startWorkerProcess(redis.url));
      await Promise.all(workers.map(workerReady));
      const remote = await timed(() => bench([folder], { ...options(100 + count), runPairs: onWorkers(redis.url) }));
      for (const worker of workers) worker.kill('SIGTERM');
      const ratio = remote.seconds / jobs / perLocal;
      console.log(
        `| ${count}       | ${jobs} | ${remote.seconds.toFixed(2)} | ${(jobs / remote.seconds).toFixed(0)} | ${ratio.toFixed(2)}x |`,
      );
    }
    const files = readdirSync(folder).map((file) => join(folder, file));
    await scoreRows(redis.url, files);
  } finally {
    await redis.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
