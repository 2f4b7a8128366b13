/**
 * `schedlab worker --redis URL`: serve the queues of `score --redis` and `bench --redis` until stopped with Ctrl-C or SIGTERM, which let the jobs in hand finish.
 */
import type { Command } from 'commander';
import { inputError } from '../../errors.js';
import type { WorkKind } from '../../distributed/queues.js';
import type { CliIo } from '../io.js';
import { numberOption } from '../files.js';

interface WorkerFlags {
  redis: string;
  concurrency: string;
  queues?: string;
  exactConcurrency: string;
  lockMs: string;
  quiet?: boolean;
}

function kindsOf(list: string | undefined, known: readonly WorkKind[]): WorkKind[] {
  if (list === undefined) return [...known];
  const kinds = list.split(',').map((part) => part.trim());
  const unknown = kinds.filter((kind) => !(known as readonly string[]).includes(kind));
  if (kinds.length === 0 || unknown.length > 0)
    throw inputError(`--queues: unknown queue ${unknown.join(', ') || "''"}; expected a list of ${known.join(', ')}`);
  return kinds as WorkKind[];
}

const positive = (flag: string, value: string): number =>
  numberOption(flag, value, (n) => Number.isInteger(n) && n >= 1 && n <= 1024, 'a whole number from 1 to 1024') ?? 1;

async function runWorker(flags: WorkerFlags, io: CliIo): Promise<void> {
  const { startWorkers } = await import('../../distributed/worker.js');
  const { workKinds } = await import('../../distributed/queues.js');
  const lockMs = numberOption('--lock-ms', flags.lockMs, (n) => Number.isInteger(n) && n >= 1000, 'at least 1000');
  const workers = await startWorkers({
    redis: flags.redis,
    concurrency: positive('--concurrency', flags.concurrency),
    kinds: kindsOf(flags.queues, workKinds),
    exactConcurrency: positive('--exact-concurrency', flags.exactConcurrency),
    ...(lockMs === undefined ? {} : { lockMs }),
    ...(flags.quiet ? {} : { log: (line: string) => io.stderr(`${line}\n`) }),
  });
  io.stderr(`schedlab worker: serving ${flags.redis} (Redis ${workers.version}); stop with Ctrl-C\n`);
  await new Promise<void>((resolve) => {
    const stop = () => void workers.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** Register `schedlab worker` on `program`, writing to `io`. */
export function registerWorker(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description('take score and bench jobs from Redis and run them as the local commands do; Ctrl-C stops')
    .requiredOption('--redis <url>', 'the Redis the submitters use, e.g. redis://10.0.0.5:6379')
    .option(
      '--concurrency <n>',
      'jobs at once per queue in this process (one process per core for CPU-bound work)',
      '1',
    )
    .option('--queues <list>', 'the queues to serve: score, bench, exact (default all)')
    .option('--exact-concurrency <n>', 'exact-method jobs (MIP, branch and bound) at once over all workers', '1')
    .option('--lock-ms <ms>', "a job's lock; a killed worker's job is taken again after it", '30000')
    .option('--quiet', 'no line per job')
    .action(async (flags: WorkerFlags) => runWorker(flags, io));
}
