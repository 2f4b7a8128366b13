/**
 * The hostile sweep's child process: runs one case at a time for its parent
 * (`runner.ts`) — a CLI command line in-process with captured output, or a library call by
 * its index in `library-cases.ts` — and answers with the outcome. A case that hangs or
 * exhausts memory takes only this process down; the parent records it and starts another.
 */
import { main } from '../../src/cli/main.js';
import { SchedlabError } from '../../src/errors.js';
import { libraryCases } from './library-cases.js';

/** What the parent asks: a CLI run, or the library case at an index. */
export type Request = { argv: string[] } | { library: number };

/** What a run gave: the exit code and output, or (library) what was returned or thrown. */
export interface Reply {
  code: number;
  stdout: string;
  stderr: string;
  /** For library cases: a SchedlabError's kind and location, or the class of anything else thrown. */
  thrown?: { kind: string; file?: string; line?: number; path?: string; message: string };
  /** A library call whose arguments are wrong returned a value. */
  refusedNot?: boolean;
}

async function runArgv(argv: string[]): Promise<Reply> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), isTty: false };
  const code = await main(argv, io);
  // Whole, so that an exported model can be read back (IPC carries tens of MB).
  return { code, stdout: stdout.slice(0, 50_000_000), stderr: stderr.slice(0, 4_000) };
}

async function runLibrary(index: number): Promise<Reply> {
  const cases = await libraryCases();
  try {
    const value = await cases[index].call();
    if (cases[index].refuse)
      return { code: 0, stdout: 'returned a value for wrong arguments', stderr: '', refusedNot: true };
    return {
      code: 0,
      stdout: JSON.stringify(value ?? null, (_, v) => (Number.isNaN(v) ? 'NaN' : v)).slice(0, 20_000),
      stderr: '',
    };
  } catch (error) {
    if (error instanceof SchedlabError)
      return {
        code: 2,
        stdout: '',
        stderr: error.describe(),
        thrown: { kind: error.kind, message: error.message, ...error.location },
      };
    const message = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error);
    return { code: 1, stdout: '', stderr: message, thrown: { kind: 'foreign', message } };
  }
}

process.on('message', async (request: Request) => {
  const reply = 'argv' in request ? await runArgv(request.argv) : await runLibrary(request.library);
  process.send?.(reply);
});
