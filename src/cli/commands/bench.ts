/**
 * `schedlab bench PATH...`: methods x instances with a per-run time limit, a summary
 * per method on stdout, the full report to `--report` (.md, .json or .csv), and
 * `--update-references` to fold improvements into each set's `index.json`.
 */
import type { Command } from 'commander';
import { bench } from '../../bench/bench.js';
import { createProgress } from '../../bench/progress.js';
import { referenceUpdateLines, reportFiles, reportForFile, summaryTable } from '../../bench/report.js';
import { writeFileAtomic } from '../../util/files.js';
import { seedOption, timeLimitOption } from '../files.js';
import { exitCodes, type CliIo } from '../io.js';

interface BenchFlags {
  methods: string;
  timeLimit: string;
  report?: string;
  updateReferences?: boolean;
  seed: string;
  family?: string;
  solver: string;
  json?: boolean;
  redis?: string;
}

/** A stand-in report, to check the `--report` extension before the runs. */
const emptyReport = {
  created: '',
  families: [],
  methods: [],
  timeLimitSec: 0,
  seed: 0,
  instances: 0,
  rows: [],
  summary: [],
};

async function runBenchCommand(paths: string[], flags: BenchFlags, io: CliIo): Promise<void> {
  const timeLimitSec = timeLimitOption(flags.timeLimit) ?? 10;
  const seed = seedOption(flags.seed) ?? 1;
  // Check the report's format before hours of runs, not after.
  if (flags.report) reportForFile(flags.report, emptyReport);
  const progress = createProgress(io);
  let started = false;
  try {
    const { report, warnings } = await bench(paths, {
      methods: flags.methods,
      timeLimitSec,
      seed,
      solver: flags.solver,
      ...(flags.family ? { family: flags.family } : {}),
      updateReferences: Boolean(flags.updateReferences),
      onStart: (total) => {
        started = true;
        progress.start(total);
      },
      onRun: (row, done, total) => progress.update(row, done, total),
      // BullMQ loads only when asked for.
      ...(flags.redis ? { runPairs: (await import('../../distributed/bench-remote.js')).onWorkers(flags.redis) } : {}),
    });
    progress.stop();
    started = false;
    const written = flags.report ? reportFiles(flags.report, report) : [];
    for (const { file, text } of written) writeFileAtomic(file, text);
    for (const warning of warnings) io.stderr(`warning: ${warning}\n`);
    if (flags.json) io.stdout(`${JSON.stringify(report)}\n`);
    else {
      io.stdout(`${summaryTable(report.summary)}\n`);
      for (const line of referenceUpdateLines(report.referenceUpdates ?? [])) io.stdout(`${line}\n`);
      if (written.length > 0) io.stdout(`report written to ${written.map(({ file }) => file).join(' and ')}\n`);
    }
    if (report.rows.some((row) => row.status === 'error')) io.exitCode = exitCodes.failure;
  } finally {
    if (started) progress.stop();
  }
}

/** Register `schedlab bench` on `program`, writing to `io`. */
export function registerBench(program: Command, io: CliIo): void {
  program
    .command('bench')
    .description(
      'run methods x instances with a time limit per run; summary per method, full report as .md, .json or .csv',
    )
    .argument(
      '<paths...>',
      'instance files and folders (a folder: every file a family reads; index.json/optimum.csv are references)',
    )
    .option(
      '--methods <list>',
      'comma-separated: heuristics and exact methods of the family (heuristic/NAME, exact/NAME when a name is both), mip, mip/SOLVER',
      'default,mip',
    )
    .option('--time-limit <sec>', 'time limit per run in seconds', '10')
    .option(
      '--report <file>',
      'write the full report; the format follows the extension (.md, .json, .csv: runs in FILE, per-method summary in NAME.summary.csv)',
    )
    .option('--update-references', "record improved best values and bounds in each set folder's index.json")
    .option('--seed <n>', 'seed of the heuristics', '1')
    .option('--family <id>', 'read every file as this family')
    .option('--solver <name>', 'backend of the method mip', 'highs')
    .option('--json', 'print the report object as JSON')
    .option('--redis <url>', 'run the pairs on schedlab workers through this Redis (schedlab worker --redis URL)')
    .action(async (paths: string[], flags: BenchFlags) => runBenchCommand(paths, flags, io));
}
