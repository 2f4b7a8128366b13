/**
 * `schedlab score FAMILY CANDIDATE.js [INSTANCES or DIRS...]`: the oracle. Exit 0 when it
 * scored, whatever the candidate did; 2 for bad input (unknown family or skeleton, a
 * candidate that does not parse, imports, or has no default export function).
 */
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { inputError } from '../../errors.js';
import { getFamily } from '../../family/registry.js';
import { bundledInstances } from '../../oracle/inputs.js';
import { score, type ScoreOptions } from '../../oracle/score.js';
import type { ScoreReport } from '../../oracle/types.js';
import { writeReport } from '../../report/index.js';
import { readTextFile, writeFileAtomic } from '../../util/files.js';
import { numberOption } from '../files.js';
import type { CliIo } from '../io.js';
import { isHtmlFile } from './report.js';

interface ScoreFlags {
  skeleton?: string;
  seed: string;
  timeoutMs?: string;
  memoryMb?: string;
  workers?: string;
  cascade?: boolean;
  cascadeFirst?: string;
  cascadeThreshold?: string;
  cache: boolean;
  cacheDir?: string;
  timings?: boolean;
  json?: boolean;
  redis?: string;
  report?: string;
}

/** Node's timers fire at once beyond 2^31 - 1 ms. */
const maxTimeoutMs = 2 ** 31 - 1;

function scoreOptions(flags: ScoreFlags, file: string): ScoreOptions {
  const whole = (flag: string, text: string | undefined, lo: number, hi: number) =>
    numberOption(flag, text, (v) => Number.isInteger(v) && v >= lo && v <= hi, `a whole number from ${lo} to ${hi}`);
  const first = whole('--cascade-first', flags.cascadeFirst, 1, 1_000_000);
  const threshold = numberOption(
    '--cascade-threshold',
    flags.cascadeThreshold,
    (v) => v >= 0 && v <= 1,
    'a number from 0 to 1',
  );
  const cascade = flags.cascade || first !== undefined || threshold !== undefined;
  return {
    file,
    skeleton: flags.skeleton,
    seed: whole('--seed', flags.seed, -(2 ** 31), 2 ** 32 - 1),
    timeoutMs: whole('--timeout-ms', flags.timeoutMs, 1, maxTimeoutMs),
    memoryMb: whole('--memory-mb', flags.memoryMb, 8, 16_384),
    workers: whole('--workers', flags.workers, 0, 64),
    cascade: cascade ? { firstStage: first, threshold } : false,
    cache: flags.cache ? (flags.cacheDir ?? true) : false,
    timings: flags.timings ?? false,
  };
}

function cell(value: number | null, digits = 3): string {
  return value === null ? '-' : Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

/** A table for people: one line per instance, then the figures. */
function humanReport(report: ScoreReport): string {
  const lines = report.instances.map((s) =>
    [s.instance, s.status, cell(s.objective), cell(s.reference), cell(s.gap), s.message ?? s.violations[0] ?? ''].join(
      '\t',
    ),
  );
  const { summary, cascade } = report;
  const stopped = cascade?.stoppedEarly
    ? ` (cascade stopped after ${cascade.firstStage}: below ${cascade.threshold})`
    : '';
  return [
    ['instance', 'status', 'objective', 'reference', 'gap', 'note'].join('\t'),
    ...lines,
    `scored ${summary.scored} of ${summary.instances}${stopped}; feasible ${cell(summary.feasibleShare)}; mean gap ${cell(summary.meanGap)}; combined score ${cell(summary.combinedScore, 4)}`,
    '',
  ].join('\n');
}

async function runScore(
  familyId: string,
  candidate: string,
  paths: string[],
  flags: ScoreFlags,
  io: CliIo,
): Promise<void> {
  const family = await getFamily(familyId);
  const options = scoreOptions(flags, candidate);
  if (flags.cacheDir !== undefined && !flags.cache)
    throw inputError('--cache-dir and --no-cache contradict each other; drop one');
  if (flags.report && !isHtmlFile(flags.report) && extname(flags.report).toLowerCase() !== '.json')
    throw inputError(`--report expects a .html or .json file, got '${flags.report}'`);
  const source = readTextFile(candidate);
  // BullMQ loads only when asked for.
  if (flags.redis) options.runChunks = (await import('../../distributed/score-remote.js')).scoreOnWorkers(flags.redis);
  const report = await score(family.id, source, paths.length > 0 ? paths : [bundledInstances(family)], options);
  io.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : humanReport(report));
  if (flags.report) await writeScoreReport(flags.report, candidate, report);
}

/** `--report FILE`: the page (.html) with the candidate named after its file, or the JSON (.json). */
async function writeScoreReport(file: string, candidate: string, report: ScoreReport): Promise<void> {
  if (!isHtmlFile(file)) return writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  await writeReport([{ kind: 'score', name: basename(candidate, extname(candidate)), report }], file);
}

export function registerScore(program: Command, io: CliIo): void {
  program
    .command('score')
    .description("score a candidate heuristic (an ES module) in a sandbox with the family's evaluator")
    .argument('<family>', 'the family id (see `schedlab families`)')
    .argument(
      '<candidate>',
      'the candidate: an ES module whose default export is the heuristic (or the skeleton decision)',
    )
    .argument('[instances...]', "instance files or folders (default: the family's bundled sets)")
    .option('--skeleton <name>', "run the family's skeleton with the candidate as its decision function")
    .option('--seed <n>', 'seed of ctx.random and Math.random', '1')
    .option('--timeout-ms <t>', 'wall-clock limit per instance (default 1000)')
    .option('--memory-mb <m>', "the candidate isolate's memory cap, ArrayBuffers included (default 64)")
    .option('--workers <k>', 'sandbox processes (default 2; 0 runs the isolates in this process)')
    .option('--cascade', 'score the first fifth first, and stop when its mean score is below 0.5')
    .option('--cascade-first <n>', 'instances in the cascade first stage (implies --cascade)')
    .option('--cascade-threshold <x>', 'mean score in [0, 1] the first stage must reach (implies --cascade)')
    .option('--no-cache', 'neither read nor write the on-disk result cache')
    .option('--cache-dir <dir>', 'the result cache folder (default $SCHEDLAB_CACHE_DIR or ~/.cache/schedlab/oracle)')
    .option('--timings', 'add each run time (and whether it was cached) to the report')
    .option('--json', 'print the report as one JSON object (see src/oracle/README.md)')
    .option('--report <file>', 'also write the report: .html the report page (schedlab report), .json the JSON object')
    .option(
      '--redis <url>',
      'score on schedlab workers through this Redis, in shards of 8 instances (schedlab worker --redis URL)',
    )
    .action(async (familyId: string, candidate: string, paths: string[], flags: ScoreFlags) =>
      runScore(familyId, candidate, paths, flags, io),
    );
}
