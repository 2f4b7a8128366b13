/**
 * The bench's pairs run on BullMQ workers: each pair becomes a bench job (MIPs and exact methods
 * on the exact queue), all in one flow; the rows come back in the pairs' order, so the report is
 * the local bench's.
 */
import type { BenchPair, HarnessOptions } from '../bench/harness.js';
import type { BenchRow } from '../bench/types.js';
import { benchJob, benchJobId, benchQueueOf } from './bench-jobs.js';
import { runBatch, type BatchJob } from './submit.js';

/**
 * A `runPairs` for the harness that sends the pairs to the workers behind `url`.
 *
 * @example
 * ```ts
 * const { report } = await bench(['instances/rcpsp/examples'], { runPairs: onWorkers('redis://127.0.0.1:6379') });
 * ```
 */
export function onWorkers(url: string): (pairs: readonly BenchPair[], options: HarnessOptions) => Promise<BenchRow[]> {
  return async (pairs, options) => {
    const jobs: BatchJob[] = pairs.map(({ item, method }) => {
      const data = benchJob(item, method, {
        timeLimitSec: options.timeLimitSec,
        seed: options.seed,
        references: options.references ?? new Map(),
      });
      return { kind: benchQueueOf(data), id: benchJobId(data), name: `${item.name} ${method.label}`, data };
    });
    const rows = await runBatch(url, jobs, {
      onResult: (_index, row, done, total) => options.onRun?.(row as BenchRow, done, total),
    });
    return rows as BenchRow[];
  };
}
