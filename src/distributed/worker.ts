/**
 * `schedlab worker`: BullMQ workers on the queues of the kinds asked for, each job run exactly
 * as the local command runs it. A job throws only for infrastructure failures (BullMQ retries
 * those with backoff); a worker killed mid-job loses nothing, since its lock expires and another
 * worker takes the job. The exact queue's global concurrency caps MIP and branch-and-bound jobs
 * across all workers, so they never take every slot from scoring.
 */
import { Queue, Worker, type ConnectionOptions, type Processor } from 'bullmq';
import type { OraclePool } from '../oracle/pool.js';
import { runBenchJob } from './bench-jobs.js';
import { probeRedis, redisConnection } from './connection.js';
import { queueNames, workKinds, type WorkKind } from './queues.js';
import { runScoreJob } from './score-jobs.js';

export interface WorkerOptions {
  redis: string;
  /** Jobs run at once per queue in this process; default 1. */
  concurrency?: number;
  /** The kinds of work to take; default all. */
  kinds?: readonly WorkKind[];
  /** Jobs of the exact queue running at once over all workers; default 1. */
  exactConcurrency?: number;
  /** How long a job's lock lasts without renewal, ms; a killed worker's job is taken again after it. Default 30,000. */
  lockMs?: number;
  /** Called with a line per job done or failed. */
  log?(line: string): void;
}

/** Running workers; `close` lets active jobs finish first. */
export interface RunningWorkers {
  readonly version: string;
  close(): Promise<void>;
}

/** The processors of each queue; score jobs share one oracle pool, opened on the first. */
function processorsOf(pool: () => Promise<OraclePool>): Record<WorkKind, Processor> {
  return {
    score: async (job) => runScoreJob(job.data, await pool()),
    bench: (job) => runBenchJob(job.data),
    exact: (job) => runBenchJob(job.data),
  };
}

/** A flow's parent only records that its children are done. */
const batchProcessor: Processor = async (job) => ({ jobs: (job.data as { jobs: number }).jobs });

function startWorker(
  queue: string,
  processor: Processor,
  connection: ConnectionOptions,
  options: WorkerOptions,
): Worker {
  const lockDuration = options.lockMs ?? 30_000;
  const worker = new Worker(queue, processor, {
    connection,
    concurrency: options.concurrency ?? 1,
    lockDuration,
    stalledInterval: lockDuration,
    maxStalledCount: 3,
  });
  worker.on('completed', (job) => options.log?.(`done ${queue} ${job.name}`));
  worker.on('failed', (job, error) => options.log?.(`failed ${queue} ${job?.name ?? '?'}: ${error.message}`));
  worker.on('error', (error) => options.log?.(`worker error on ${queue}: ${error.message}`));
  return worker;
}

/**
 * Start workers on every queue of `options.kinds` (and the flows' parents).
 *
 * @example
 * ```ts
 * const workers = await startWorkers({ redis: 'redis://127.0.0.1:6379', kinds: ['bench', 'exact'] });
 * await workers.close();
 * ```
 */
export async function startWorkers(options: WorkerOptions): Promise<RunningWorkers> {
  const version = await probeRedis(options.redis);
  const connection = redisConnection(options.redis);
  const kinds = options.kinds ?? workKinds;
  let pool: OraclePool | undefined;
  // The oracle (and isolated-vm) loads only when a score job arrives.
  const openPool = async () => {
    if (!pool) pool = new (await import('../oracle/pool.js')).OraclePool(options.concurrency ?? 1);
    return pool;
  };
  const processors = processorsOf(openPool);
  if (kinds.includes('exact')) {
    const exact = new Queue(queueNames.exact, { connection });
    await exact.setGlobalConcurrency(options.exactConcurrency ?? 1);
    await exact.close();
  }
  const workers = [
    ...kinds.map((kind) => startWorker(queueNames[kind], processors[kind], connection, options)),
    startWorker(queueNames.batches, batchProcessor, connection, options),
  ];
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  return {
    version,
    close: async () => {
      await Promise.all(workers.map((worker) => worker.close()));
      pool?.close();
    },
  };
}
