/**
 * Progress of a benchmark on stderr (stdout stays for the summary and `--json`): a
 * cli-progress bar on a terminal, one plain line per finished run otherwise, so that
 * logs of CI jobs and redirected runs stay readable.
 */
import cliProgress from 'cli-progress';
import type { BenchRow } from './types.js';

/** Where progress goes: the CLI's `CliIo` is one. */
export interface ProgressOutput {
  stderr(text: string): void;
  /** True when stderr is an interactive terminal (a bar instead of plain lines); absent means not. */
  stderrIsTty?: boolean;
}

export interface BenchProgress {
  start(total: number): void;
  /** A run finished: `done` of `total`. */
  update(row: BenchRow, done: number, total: number): void;
  stop(): void;
}

function figure(value: number | null): string {
  return value === null ? '-' : String(Number.isInteger(value) ? value : Number(value.toPrecision(6)));
}

/**
 * The plain line for a finished run, e.g.
 * `[2/6] k1 greedy: feasible, objective 17, ref 18, dev 5.56%, 0 ms`.
 */
export function progressLine(row: BenchRow, done: number, total: number): string {
  const parts = [`${row.status}`];
  if (row.objective !== null) parts.push(`objective ${figure(row.objective)}`);
  if (row.reference !== null) parts.push(`ref ${figure(row.reference)}`);
  if (row.deviation !== null) parts.push(`dev ${(row.deviation * 100).toFixed(2)}%`);
  if (row.violations > 0) parts.push(`${row.violations} violations`);
  parts.push(`${row.timeMs.toFixed(0)} ms`);
  if (row.message && row.status === 'error') parts.push(row.message);
  return `[${done}/${total}] ${row.instance} ${row.method}: ${parts.join(', ')}`;
}

function plainProgress(io: ProgressOutput): BenchProgress {
  return {
    start: () => undefined,
    update: (row, done, total) => io.stderr(`${progressLine(row, done, total)}\n`),
    stop: () => undefined,
  };
}

/** A minimal writable stream over `io.stderr`, with what cli-progress's terminal uses. */
function terminalStream(io: ProgressOutput): NodeJS.WritableStream {
  const stream = {
    isTTY: true,
    columns: process.stderr.columns ?? 100,
    write: (text: string) => {
      io.stderr(text);
      return true;
    },
  };
  return stream as unknown as NodeJS.WritableStream;
}

function barProgress(io: ProgressOutput): BenchProgress {
  const bar = new cliProgress.SingleBar(
    {
      stream: terminalStream(io),
      format: '{bar} {value}/{total} runs | {eta_formatted} left | {last}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { last: '' }),
    update: (row, done) => bar.update(done, { last: `${row.instance} ${row.method}: ${row.status}` }),
    stop: () => bar.stop(),
  };
}

/**
 * A bar when stderr, where progress goes, is a terminal (`io.stderrIsTty`), plain lines
 * otherwise: `schedlab bench ... 2>log` gets plain lines even on a terminal, and
 * `schedlab bench ... | tee out` keeps its bar.
 *
 * @example
 * ```ts
 * const progress = createProgress(io);
 * await runBench(instances, methods, { ...options, onRun: progress.update });
 * ```
 */
export function createProgress(io: ProgressOutput): BenchProgress {
  return io.stderrIsTty === true ? barProgress(io) : plainProgress(io);
}
