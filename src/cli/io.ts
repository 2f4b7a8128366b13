/**
 * Where a command writes. Tests pass buffers; the binary passes the process streams.
 * Commands never call `process.exit`: they return, or throw a `SchedlabError`.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stdout is an interactive terminal (colors, layout of what goes to stdout). */
  isTty: boolean;
  /**
   * True when stderr is an interactive terminal: progress bars are drawn there, so this,
   * not `isTty`, decides bar or plain lines. Absent means not a terminal.
   */
  stderrIsTty?: boolean;
  /**
   * The exit code a command wants when it finishes without throwing (e.g. 1 when the
   * solver failed but a report was still printed). `main` gives each run its own copy.
   */
  exitCode?: number;
}

/**
 * A writer to one of the process's streams that ends quietly when the reader goes away:
 * `schedlab families | head -1` closes the pipe after one line, and the next write fails
 * with EPIPE, emitted as an 'error' event that would otherwise crash with a stack trace.
 * After that the stream counts as closed and later writes are dropped; the command runs
 * to its end (and its exit code) as if the output had been read.
 */
function streamWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  let watching = false;
  return (text) => {
    if (closed) return;
    if (!watching) {
      watching = true;
      stream.on('error', (error: NodeJS.ErrnoException) => {
        closed = true;
        // A closed pipe is the reader's choice; any other failure of a standard stream is reported once, on the other one.
        if (error.code !== 'EPIPE' && stream !== process.stderr)
          process.stderr.write(`schedlab: cannot write the output: ${error.message}\n`);
      });
    }
    stream.write(text);
  };
}

/** The process's own streams. */
export const processIo: CliIo = {
  stdout: streamWriter(process.stdout),
  stderr: streamWriter(process.stderr),
  isTty: Boolean(process.stdout.isTTY),
  stderrIsTty: Boolean(process.stderr.isTTY),
};

/** Exit codes of DESIGN.md: 0 success, 1 solver or runtime failure, 2 bad input. */
export const exitCodes = { ok: 0, failure: 1, badInput: 2 } as const;
