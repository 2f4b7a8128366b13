/**
 * The benchmark report in three formats, chosen by the `--report` file's extension:
 * Markdown (summary table, then one row per run), JSON (the `BenchReport` object)
 * and CSV. CSV readers (spreadsheets, pandas, csvkit) take one table per file, so a CSV
 * report is two files: `NAME.csv` with one line per run, and `NAME.summary.csv` next to
 * it with one line per method.
 */
import { extname } from 'node:path';
import { inputError } from '../errors.js';
import type { BenchReport, BenchRow, MethodSummary, ReferenceUpdate } from './types.js';

/** The columns of the per-run table, in order, for Markdown and CSV. */
export const rowColumns = [
  'family',
  'instance',
  'method',
  'status',
  'objective',
  'bound',
  'feasible',
  'proven',
  'provenInfeasible',
  'timeMs',
  'reference',
  'referenceSource',
  'deviation',
  'violations',
  'message',
] as const;

function number(value: number | null, digits = 6): string {
  if (value === null) return '-';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(digits)));
}

function percent(value: number | null): string {
  return value === null ? '-' : `${(value * 100).toFixed(2)}%`;
}

function milliseconds(value: number | null): string {
  return value === null ? '-' : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`;
}

function markdownTable(header: readonly string[], rows: readonly string[][]): string {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const widths = header.map((title, k) => Math.max(title.length, 3, ...rows.map((row) => escape(row[k]).length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, k) => escape(cell).padEnd(widths[k])).join(' | ')} |`;
  return [line(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/**
 * The summary as a Markdown table, one line per method: what `bench` prints.
 *
 * @example
 * ```ts
 * io.stdout(`${summaryTable(report.summary)}\n`);
 * ```
 */
export function summaryTable(summary: readonly MethodSummary[]): string {
  const header = [
    'method',
    'runs',
    'feasible',
    'optimal',
    'infeasible',
    'matched',
    'errors',
    'mean dev',
    'max dev',
    'mean time',
    'max time',
  ];
  const rows = summary.map((entry) => [
    entry.method,
    String(entry.runs),
    String(entry.feasible),
    String(entry.proven),
    String(entry.provenInfeasible),
    `${entry.matched}/${entry.withReference}`,
    String(entry.errors),
    percent(entry.meanDeviation),
    percent(entry.maxDeviation),
    milliseconds(entry.meanTimeMs),
    milliseconds(entry.maxTimeMs),
  ]);
  return markdownTable(header, rows);
}

function rowCells(row: BenchRow): string[] {
  return [
    row.family,
    row.instance,
    row.method,
    row.status,
    number(row.objective),
    number(row.bound),
    row.feasible ? 'yes' : 'no',
    row.proven ? 'yes' : row.provenInfeasible ? 'infeasible' : 'no',
    milliseconds(row.timeMs),
    row.reference === null ? '-' : `${number(row.reference)}${row.referenceProven ? '' : '?'}`,
    row.referenceSource ?? '-',
    percent(row.deviation),
    String(row.violations),
    row.message ?? '',
  ];
}

/** The lines saying what `--update-references` changed. */
export function referenceUpdateLines(updates: readonly ReferenceUpdate[]): string[] {
  const lines: string[] = [];
  for (const update of updates) {
    if (update.skipped) lines.push(`${update.folder}: not updated (${update.skipped})`);
    for (const change of update.changes) {
      lines.push(
        `${update.written ?? update.folder}: ${change.instance} ${change.field} ${number(change.before)} -> ${number(change.after)} (${change.method})`,
      );
    }
    if (update.written && update.changes.length === 0) lines.push(`${update.written}: no change`);
  }
  return lines;
}

/** The full report as Markdown: settings, summary, every run, reference changes. */
export function reportMarkdown(report: BenchReport): string {
  const parts = [
    '# schedlab bench',
    '',
    `${report.created}; families ${report.families.join(', ')}; ${report.instances} instances; methods ${report.methods.join(', ')}; time limit ${report.timeLimitSec} s per run; seed ${report.seed}.`,
    'Deviation is from the reference (best known value; `?` marks one not proven optimal); negative beats it.',
    '',
    '## Summary',
    '',
    summaryTable(report.summary),
    '',
    '## Runs',
    '',
    markdownTable(
      [
        'family',
        'instance',
        'method',
        'status',
        'objective',
        'bound',
        'feasible',
        'proven',
        'time',
        'reference',
        'source',
        'deviation',
        'violations',
        'message',
      ],
      report.rows.map(rowCells),
    ),
  ];
  const changes = referenceUpdateLines(report.referenceUpdates ?? []);
  if (changes.length > 0) parts.push('', '## Reference updates', '', ...changes.map((line) => `- ${line}`));
  const warnings = report.referenceWarnings ?? [];
  if (warnings.length > 0) parts.push('', '## Warnings', '', ...warnings.map((line) => `- ${line}`));
  return `${parts.join('\n')}\n`;
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line per run under a header line (RFC 4180 quoting; unknown numbers are empty). */
export function reportCsv(report: BenchReport): string {
  const lines = [
    rowColumns.join(','),
    ...report.rows.map((row) => rowColumns.map((column) => csvCell(row[column])).join(',')),
  ];
  return `${lines.join('\n')}\n`;
}

/** The columns of the summary CSV: the `MethodSummary` fields, deviations as fractions, times in ms. */
export const summaryColumns = [
  'method',
  'runs',
  'feasible',
  'proven',
  'provenInfeasible',
  'matched',
  'withReference',
  'errors',
  'meanDeviation',
  'maxDeviation',
  'meanTimeMs',
  'maxTimeMs',
] as const;

/** One CSV line per method under a header line: the summary of a CSV report. */
export function reportSummaryCsv(report: BenchReport): string {
  const lines = [
    summaryColumns.join(','),
    ...report.summary.map((entry) => summaryColumns.map((column) => csvCell(entry[column])).join(',')),
  ];
  return `${lines.join('\n')}\n`;
}

/** Where a CSV report's summary goes: `runs.csv` → `runs.summary.csv`, in the same folder. */
export function summaryCsvPath(file: string): string {
  return `${file.slice(0, file.length - extname(file).length)}.summary.csv`;
}

/** The report object as indented JSON. */
export function reportJson(report: BenchReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Every file a `--report FILE` writes, with its text: FILE itself, and for a CSV report
 * also the summary beside it (`summaryCsvPath`).
 *
 * @example
 * ```ts
 * for (const { file, text } of reportFiles('out/runs.csv', report)) writeFileSync(file, text); // runs.csv, runs.summary.csv
 * ```
 */
export function reportFiles(file: string, report: BenchReport): { file: string; text: string }[] {
  const main = { file, text: reportForFile(file, report) };
  return extname(file).toLowerCase() === '.csv'
    ? [main, { file: summaryCsvPath(file), text: reportSummaryCsv(report) }]
    : [main];
}

/** The report text for a file, by its extension (.md, .json, .csv); a CSV report's summary is `reportSummaryCsv`. */
export function reportForFile(file: string, report: BenchReport): string {
  const extension = extname(file).toLowerCase();
  if (extension === '.md' || extension === '.markdown') return reportMarkdown(report);
  if (extension === '.json') return reportJson(report);
  if (extension === '.csv') return reportCsv(report);
  throw inputError(
    `--report picks the format from the extension: use .md, .json or .csv, got '${extension || 'none'}'`,
    { file },
  );
}
