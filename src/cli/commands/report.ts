/**
 * `schedlab report RESULTS.json... -o report.html`: bench reports, score reports and
 * solve/heuristic results (several files merge) as one self-contained offline HTML page.
 * Every input is read and checked before anything is written; the page is written
 * through a temporary file, so a failure leaves no half page behind.
 */
import { extname } from 'node:path';
import type { Command } from 'commander';
import { collectInstances } from '../../bench/collect.js';
import { inputError } from '../../errors.js';
import { readReportInput, writeReport } from '../../report/index.js';
import { numberOption } from '../files.js';
import type { CliIo } from '../io.js';

interface ReportFlags {
  output: string;
  instances: string[];
  title?: string;
  maxViews?: string;
}

/** True when `file` names an HTML page: what `--report FILE.html` of bench and score writes. */
export function isHtmlFile(file: string): boolean {
  return ['.html', '.htm'].includes(extname(file).toLowerCase());
}

async function runReport(files: string[], flags: ReportFlags, io: CliIo): Promise<void> {
  if (!isHtmlFile(flags.output))
    throw inputError(`-o expects an .html file, got '${flags.output}'; name the page e.g. report.html`);
  const maxViews = numberOption(
    '--max-views',
    flags.maxViews,
    (v) => Number.isInteger(v) && v >= 0,
    'a whole number >= 0',
  );
  const inputs = files.map((file) => readReportInput(file));
  const instances = flags.instances.length > 0 ? await collectInstances(flags.instances) : [];
  await writeReport(inputs, flags.output, {
    instances,
    ...(flags.title ? { title: flags.title } : {}),
    ...(maxViews === undefined ? {} : { maxViews }),
  });
  io.stdout(`report written to ${flags.output}\n`);
}

/** Register `schedlab report` on `program`, writing to `io`. */
export function registerReport(program: Command, io: CliIo): void {
  program
    .command('report')
    .description('one self-contained HTML page (works offline) over bench, score and solve/heuristic JSON results')
    .argument('<results...>', 'JSON written by bench --json / --report FILE.json, score --json, solve/heuristic --json')
    .requiredOption('-o, --output <file.html>', 'the page to write')
    .option(
      '--instances <path>',
      'instance files or folders to draw solutions on when a result names no instance file (repeatable)',
      (path: string, paths: string[]) => [...paths, path],
      [] as string[],
    )
    .option('--title <text>', 'the title of the page', 'schedlab report')
    .option(
      '--max-views <n>',
      'the most schedules the page embeds, the best run of each instance first (default: every run that kept its solution); a cap makes the file smaller and quicker to write, and leaves the other runs without a schedule',
    )
    .action(async (files: string[], flags: ReportFlags) => runReport(files, flags, io));
}
