/**
 * Submit a batch of jobs as one BullMQ flow (a parent job in `schedlab-batches` with one child
 * per job) and collect the children's results in submission order. A child whose content id
 * already sits in Redis is not enqueued again: a completed one is served from its stored
 * result, a failed one is retried, a waiting or active one is waited for.
 */
import { randomUUID } from 'node:crypto';
import { FlowProducer, Job, Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import { SchedlabError } from '../errors.js';
import { probeRedis, redisConnection } from './connection.js';
import { jobOptions, queueNames, type WorkKind } from './queues.js';

/** One job of a batch. */
export interface BatchJob {
  kind: WorkKind;
  /** Content id (see `contentId`). */
  id: string;
  /** A readable name for Redis tools (instance and method, candidate and shard). */
  name: string;
  data: unknown;
}

export interface BatchOptions {
  /** Called as each job's result arrives (in completion order), with the count done. */
  onResult?(index: number, result: unknown, done: number, total: number): void;
}

/** The queues and event streams of one submission, closed together. */
class Connections {
  readonly queues = new Map<WorkKind, Queue>();
  readonly events = new Map<WorkKind, QueueEvents>();
  constructor(readonly connection: ConnectionOptions) {}

  queue(kind: WorkKind): Queue {
    let queue = this.queues.get(kind);
    if (!queue) this.queues.set(kind, (queue = new Queue(queueNames[kind], { connection: this.connection })));
    return queue;
  }

  async eventsOf(kind: WorkKind): Promise<QueueEvents> {
    let events = this.events.get(kind);
    if (!events) {
      this.events.set(kind, (events = new QueueEvents(queueNames[kind], { connection: this.connection })));
      await events.waitUntilReady();
    }
    return events;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values(), ...this.events.values()].map((item) => item.close()));
  }
}

/** The jobs already in Redis (any state but failed, which is retried), by index. */
async function existingJobs(connections: Connections, jobs: readonly BatchJob[]): Promise<Map<number, Job>> {
  const found = new Map<number, Job>();
  for (const [index, job] of jobs.entries()) {
    const existing = await Job.fromId(connections.queue(job.kind), job.id);
    if (!existing) continue;
    if ((await existing.getState()) === 'failed') await existing.retry();
    found.set(index, existing);
  }
  return found;
}

/** Wait for one job; a job that failed every attempt is an infrastructure failure. */
async function resultOf(connections: Connections, kind: WorkKind, job: Job): Promise<unknown> {
  const events = await connections.eventsOf(kind);
  try {
    return await job.waitUntilFinished(events);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SchedlabError('infrastructure', `job ${job.name} (${job.id}) failed on every attempt: ${reason}`);
  }
}

/**
 * Run `jobs` on the workers behind `url`; the results come back in the order of `jobs`.
 *
 * @example
 * ```ts
 * const rows = await runBatch('redis://127.0.0.1:6379', jobs, { onResult: (i, row, done, total) => {} });
 * ```
 */
export async function runBatch(url: string, jobs: readonly BatchJob[], options: BatchOptions = {}): Promise<unknown[]> {
  await probeRedis(url);
  const connections = new Connections(redisConnection(url));
  const flows = new FlowProducer({ connection: connections.connection });
  try {
    const existing = await existingJobs(connections, jobs);
    const fresh = jobs.filter((_, index) => !existing.has(index));
    const added = new Map<string, Job>();
    if (fresh.length > 0) {
      const flow = await flows.add({
        name: `batch of ${jobs.length}`,
        queueName: queueNames.batches,
        data: { jobs: jobs.length },
        opts: { ...jobOptions, jobId: `batch-${randomUUID()}` },
        children: fresh.map((job) => ({
          name: job.name,
          queueName: queueNames[job.kind],
          data: job.data,
          opts: { ...jobOptions, jobId: job.id },
        })),
      });
      for (const child of flow.children ?? []) added.set(child.job.id ?? '', child.job);
    }
    let done = 0;
    const results = await Promise.all(
      jobs.map(async (job, index) => {
        const handle = existing.get(index) ?? added.get(job.id);
        if (!handle) throw new SchedlabError('infrastructure', `job ${job.name} (${job.id}) was not enqueued`);
        const result = await resultOf(connections, job.kind, handle);
        options.onResult?.(index, result, ++done, jobs.length);
        return result;
      }),
    );
    return results;
  } finally {
    await flows.close();
    await connections.close();
  }
}
