/**
 * A bench run as a job: one method on one instance, carried by value (the instance as its
 * family serializes it, the reference the submitter read), so a worker on another machine needs
 * no files; the worker runs it with the local harness's own `benchRun`, so the row is the one a
 * local bench would write.
 */
import { z } from 'zod';
import { benchRun } from '../bench/harness.js';
import type { ReferenceSet } from '../bench/references.js';
import type { BenchInstance, BenchMethod, BenchRow } from '../bench/types.js';
import { getFamily } from '../family/registry.js';
import { parseWithSchema } from '../family/schema.js';
import { contentId, type WorkKind } from './queues.js';

const methodSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('heuristic'), label: z.string(), heuristic: z.string() }).strict(),
  z.object({ kind: z.literal('mip'), label: z.string(), solver: z.string() }).strict(),
  z.object({ kind: z.literal('exact'), label: z.string(), exact: z.string() }).strict(),
]);

const referenceSchema = z
  .object({
    source: z.enum(['index.json', 'optimum.csv']),
    value: z
      .object({
        bestObjective: z.number().nullable(),
        bestBound: z.number().nullable(),
        proven: z.boolean(),
        method: z.string(),
        date: z.string(),
      })
      .strict(),
  })
  .strict();

/** What a bench job carries. */
export const benchJobSchema = z
  .object({
    family: z.string().min(1),
    name: z.string().min(1),
    folder: z.string(),
    instance: z.unknown(),
    method: methodSchema,
    timeLimitSec: z.number().positive().max(1e6),
    seed: z.number().int(),
    reference: referenceSchema.nullable(),
  })
  .strict();
export type BenchJob = z.infer<typeof benchJobSchema>;

/** The job of one method on one instance, with the instance's stored reference. */
export function benchJob(
  item: BenchInstance,
  method: BenchMethod,
  options: { timeLimitSec: number; seed: number; references: ReadonlyMap<string, ReferenceSet> },
): BenchJob {
  const set = options.references.get(item.folder);
  const value = set && Object.hasOwn(set.values, item.name) ? set.values[item.name] : undefined;
  const job: BenchJob = {
    family: item.family.id,
    name: item.name,
    folder: item.folder,
    instance: item.family.serialize(item.instance),
    method: { ...method },
    timeLimitSec: options.timeLimitSec,
    seed: options.seed,
    reference: set && value && set.source !== 'none' ? { source: set.source, value } : null,
  };
  return parseWithSchema(benchJobSchema, job, 'bench job');
}

/** MIPs and exact methods go to their own queue, whose global concurrency keeps them from starving the rest. */
export function benchQueueOf(job: BenchJob): WorkKind {
  return job.method.kind === 'heuristic' ? 'bench' : 'exact';
}

/** A bench job's id: the hash of everything that decides its row. */
export function benchJobId(job: BenchJob): string {
  return contentId('bench', job);
}

/**
 * Run a bench job as the local bench runs that pair.
 *
 * @example
 * ```ts
 * const row = await runBenchJob(job); // the BenchRow a local `schedlab bench` writes for it
 * ```
 */
export async function runBenchJob(data: unknown): Promise<BenchRow> {
  const job = parseWithSchema(benchJobSchema, data, 'bench job');
  const family = await getFamily(job.family);
  const item: BenchInstance = {
    family,
    name: job.name,
    instance: family.parse(job.instance),
    file: job.name,
    folder: job.folder,
  };
  const values = job.reference ? { [job.name]: job.reference.value } : {};
  const set: ReferenceSet = { folder: job.folder, source: job.reference?.source ?? 'none', values };
  return benchRun(item, job.method as BenchMethod, {
    timeLimitSec: job.timeLimitSec,
    seed: job.seed,
    references: new Map([[job.folder, set]]),
  });
}
