/**
 * `schedlab bench PATH...`: methods x instances with a per-run time limit, a summary
 * per method on stdout, the full report to `--report` (.md, .json or .csv), and
 * `--update-references` to fold improvements into each set's `index.json`.
 */
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { bench } from '../../bench/bench.js';
import { createProgress } from '../../bench/progress.js';
import { referenceUpdateLines, reportFiles, reportForFile, summaryTable } from '../../bench/report.js';
import type { BenchReport } from '../../bench/types.js';
import { writeReport } from '../../report/index.js';
import { writeFileAtomic } from '../../util/files.js';
import { seedOption, timeLimitOption } from '../files.js';
import { exitCodes, type CliIo } from '../io.js';
import { isHtmlFile } from './report.js';

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
  keepSolutions?: boolean;
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

/** Drops the solutions a page needed from a report whose JSON was not asked to keep them. */
function withoutSolutions(report: BenchReport): void {
  for (const row of report.rows) {
    delete row.solution;
    delete row.file;
  }
}

/** `--report FILE`: the page for .html, else the Markdown, JSON or CSV files; returns the files written. */
async function writeBenchReport(file: string, report: BenchReport): Promise<string[]> {
  if (isHtmlFile(file)) {
    await writeReport([{ kind: 'bench', name: basename(file, extname(file)), report }], file);
    return [file];
  }
  const files = reportFiles(file, report);
  for (const { file, text } of files) writeFileAtomic(file, text);
  return files.map(({ file }) => file);
}

async function runBenchCommand(paths: string[], flags: BenchFlags, io: CliIo): Promise<void> {
  const timeLimitSec = timeLimitOption(flags.timeLimit) ?? 10;
  const seed = seedOption(flags.seed) ?? 1;
  const html = flags.report !== undefined && isHtmlFile(flags.report);
  // Check the report's format before hours of runs, not after.
  if (flags.report && !html) reportForFile(flags.report, emptyReport);
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
      // The page draws schedules, so it needs the solutions even when the JSON is not to carry them.
      keepSolutions: Boolean(flags.keepSolutions) || html,
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
    const written = flags.report ? await writeBenchReport(flags.report, report) : [];
    if (html && !flags.keepSolutions) withoutSolutions(report);
    for (const warning of warnings) io.stderr(`warning: ${warning}\n`);
    if (flags.json) io.stdout(`${JSON.stringify(report)}\n`);
    else {
      io.stdout(`${summaryTable(report.summary)}\n`);
      for (const line of referenceUpdateLines(report.referenceUpdates ?? [])) io.stdout(`${line}\n`);
      if (written.length > 0) io.stdout(`report written to ${written.join(' and ')}\n`);
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
      'write the full report; the format follows the extension (.md, .json, .csv: runs in FILE, per-method summary in NAME.summary.csv; .html: the report page of `schedlab report`, with schedules)',
    )
    .option('--keep-solutions', "keep each run's solution and instance file in the JSON rows, for `schedlab report`")
    .option('--update-references', "record improved best values and bounds in each set folder's index.json")
    .option('--seed <n>', 'seed of the heuristics', '1')
    .option('--family <id>', 'read every file as this family')
    .option('--solver <name>', 'backend of the method mip', 'highs')
    .option('--json', 'print the report object as JSON')
    .option('--redis <url>', 'run the pairs on schedlab workers through this Redis (schedlab worker --redis URL)')
    .action(async (paths: string[], flags: BenchFlags) => runBenchCommand(paths, flags, io));
}
