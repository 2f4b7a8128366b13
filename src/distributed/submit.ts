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

/** A job's outcome as the waiter hands it back. */
interface Pending {
  name: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Waits for many jobs of one queue through one listener per event (not one per job, which
 * thousands of jobs would make slow), checking each job's state once it is registered so that
 * a job that finished before is answered from Redis.
 */
class Waiter {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly queue: Queue,
    readonly events: QueueEvents,
  ) {
    events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, (p) => p.resolve(parseValue(returnvalue))));
    events.on('failed', ({ jobId }) => void this.checkFailed(jobId));
  }

  wait(job: Job): Promise<unknown> {
    const id = job.id ?? '';
    const outcome = new Promise<unknown>((resolve, reject) =>
      this.pending.set(id, { name: job.name, resolve, reject }),
    );
    void this.checkNow(id);
    return outcome;
  }

  /** A job that finished before we listened is answered from its stored state. */
  private async checkNow(id: string): Promise<void> {
    const job = await Job.fromId(this.queue, id);
    const state = await job?.getState();
    if (job && state === 'completed') this.settle(id, (p) => p.resolve(job.returnvalue));
    else if (state === 'failed') await this.checkFailed(id);
  }

  /** 'failed' fires for every failed attempt; only the last one (the job in the failed set) ends the wait. */
  private async checkFailed(id: string): Promise<void> {
    if (!this.pending.has(id)) return;
    const job = await Job.fromId(this.queue, id);
    if (!job || (await job.getState()) !== 'failed') return;
    this.settle(id, (p) =>
      p.reject(
        new SchedlabError('infrastructure', `job ${p.name} (${id}) failed on every attempt: ${job.failedReason}`),
      ),
    );
  }

  private settle(id: string, act: (pending: Pending) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    act(pending);
  }
}

function parseValue(text: unknown): unknown {
  return typeof text === 'string' ? JSON.parse(text) : text;
}

/** The queues and waiters of one submission, closed together. */
class Connections {
  readonly queues = new Map<WorkKind, Queue>();
  readonly waiters = new Map<WorkKind, Waiter>();
  constructor(readonly connection: ConnectionOptions) {}

  queue(kind: WorkKind): Queue {
    let queue = this.queues.get(kind);
    if (!queue) this.queues.set(kind, (queue = new Queue(queueNames[kind], { connection: this.connection })));
    return queue;
  }

  async waiter(kind: WorkKind): Promise<Waiter> {
    let waiter = this.waiters.get(kind);
    if (!waiter) {
      const events = new QueueEvents(queueNames[kind], { connection: this.connection });
      await events.waitUntilReady();
      this.waiters.set(kind, (waiter = new Waiter(this.queue(kind), events)));
    }
    return waiter;
  }

  async close(): Promise<void> {
    const closing = [...this.queues.values(), ...[...this.waiters.values()].map((w) => w.events)];
    await Promise.all(closing.map((item) => item.close()));
  }
}

/** The jobs already in Redis (a failed one is retried), by index. */
async function existingJobs(connections: Connections, jobs: readonly BatchJob[]): Promise<Map<number, Job>> {
  const found = await Promise.all(
    jobs.map(async (job) => {
      const existing = await Job.fromId(connections.queue(job.kind), job.id);
      if (existing && (await existing.getState()) === 'failed') await existing.retry();
      return existing;
    }),
  );
  return new Map(found.flatMap((job, index) => (job ? [[index, job] as [number, Job]] : [])));
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
  // BullMQ adds a 'closing' listener per child it writes; a flow of thousands is not a leak.
  flows.setMaxListeners(0);
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
    for (const kind of new Set(jobs.map((job) => job.kind))) await connections.waiter(kind);
    let done = 0;
    const results = await Promise.all(
      jobs.map(async (job, index) => {
        const handle = existing.get(index) ?? added.get(job.id);
        if (!handle) throw new SchedlabError('infrastructure', `job ${job.name} (${job.id}) was not enqueued`);
        const result = await (await connections.waiter(job.kind)).wait(handle);
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
