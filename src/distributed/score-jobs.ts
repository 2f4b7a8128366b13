/**
 * A candidate on a shard of instances as a job: the candidate's source, the skeleton, the limits,
 * the seed and the instances' texts, carried by value; a worker scores it in its own oracle pool
 * (the same isolation as a local `schedlab score`) and returns one judged run per instance. A
 * candidate's failure is a judged run, never a failed job.
 */
import { z } from 'zod';
import { parseWithSchema } from '../family/schema.js';
import type { ChunkRequest } from '../oracle/chunk.js';
import type { OraclePool } from '../oracle/pool.js';
import type { JudgedRun } from '../oracle/types.js';
import { contentId } from './queues.js';

const positive = z.number().positive().max(1e9);

/** What a score job carries: a chunk without the submitter's instance numbers. */
export const scoreJobSchema = z
  .object({
    familyId: z.string().min(1),
    source: z.string(),
    skeleton: z.string().nullable(),
    limits: z
      .object({ timeoutMs: positive, memoryMb: positive, maxOutputBytes: positive, maxConsoleChars: positive })
      .strict(),
    seed: z.number().int(),
    instances: z.array(z.string()).min(1),
  })
  .strict();
export type ScoreJob = z.infer<typeof scoreJobSchema>;

/** The job of a chunk; its instances come back in the chunk's order. */
export function scoreJob(chunk: ChunkRequest): ScoreJob {
  const { instances, ...rest } = chunk;
  return parseWithSchema(
    scoreJobSchema,
    { ...rest, limits: { ...rest.limits }, instances: instances.map((i) => i.dataText) },
    'score job',
  );
}

/** A score job's id: the hash of the candidate, the instances, the seed and the limits. */
export function scoreJobId(job: ScoreJob): string {
  return contentId('score', job);
}

/**
 * Score a job in `pool`, one judged run per instance, in order.
 *
 * @example
 * ```ts
 * const runs = await runScoreJob(job, new OraclePool(2));
 * ```
 */
export async function runScoreJob(data: unknown, pool: OraclePool): Promise<JudgedRun[]> {
  const job = parseWithSchema(scoreJobSchema, data, 'score job');
  const runs: JudgedRun[] = new Array(job.instances.length);
  const request: ChunkRequest = {
    ...job,
    instances: job.instances.map((dataText, index) => ({ index, dataText })),
  };
  await pool.run(request, (index, run) => {
    runs[index] = run;
  });
  return runs;
}
