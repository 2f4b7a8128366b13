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

/** The process's own streams. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  stderrIsTty: Boolean(process.stderr.isTTY),
};

/** Exit codes of DESIGN.md: 0 success, 1 solver or runtime failure, 2 bad input. */
export const exitCodes = { ok: 0, failure: 1, badInput: 2 } as const;
