/**
 * The oracle's chunks scored on BullMQ workers: each chunk is a score job, all in one flow, and
 * each judged run goes back to the oracle under its instance's number, so the report is the
 * local one.
 */
import type { ChunkRequest } from '../oracle/chunk.js';
import type { JudgedRun } from '../oracle/types.js';
import { scoreJob, scoreJobId } from './score-jobs.js';
import { runBatch } from './submit.js';

/**
 * A `runChunks` for `score` that sends the chunks to the workers behind `url`.
 *
 * @example
 * ```ts
 * const report = await score('rcpsp', source, paths, { runChunks: scoreOnWorkers('redis://127.0.0.1:6379') });
 * ```
 */
export function scoreOnWorkers(
  url: string,
): (chunks: readonly ChunkRequest[], onResult: (index: number, run: JudgedRun) => void) => Promise<void> {
  return async (chunks, onResult) => {
    const jobs = chunks.map((chunk, k) => {
      const data = scoreJob(chunk);
      return { kind: 'score' as const, id: scoreJobId(data), name: `${chunk.familyId} chunk ${k + 1}`, data };
    });
    await runBatch(url, jobs, {
      onResult: (k, runs) => {
        for (const [position, run] of (runs as JudgedRun[]).entries())
          onResult(chunks[k].instances[position].index, run);
      },
    });
  };
}
