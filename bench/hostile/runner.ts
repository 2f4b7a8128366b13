/**
 * Runs the sweep's cases in a child process (`worker.ts`), one at a time, with a wall-clock
 * cap: a case that runs past it, or that kills the process (heap exhaustion, a native
 * crash), is recorded as such and a fresh child takes the next case.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Reply, Request } from './worker.js';

const workerFile = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** A reply, or how the child ended without one. */
export type RunResult = (Reply & { ended?: undefined }) | { ended: 'hang' | 'crash'; detail: string };

export class SweepRunner {
  private child: ChildProcess | undefined;

  constructor(
    private readonly capMs: number,
    private readonly heapMb = 3072,
  ) {}

  private spawn(): ChildProcess {
    this.child ??= fork(workerFile, [], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${this.heapMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    return this.child;
  }

  /** Runs one request (in a started, warmed-up child, so start-up is not counted); never throws. */
  async run(request: Request): Promise<RunResult> {
    if (!this.child) await this.send(this.spawn(), { argv: ['families', '--json'] });
    return this.send(this.spawn(), request);
  }

  private send(child: ChildProcess, request: Request): Promise<RunResult> {
    let stderr = '';
    const onData = (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-2000));
    child.stderr?.on('data', onData);
    return new Promise((resolve) => {
      const done = (result: RunResult, kill: boolean) => {
        clearTimeout(timer);
        child.off('message', onMessage).off('exit', onExit);
        child.stderr?.off('data', onData);
        if (kill) {
          child.kill('SIGKILL');
          this.child = undefined;
        }
        resolve(result);
      };
      const onMessage = (reply: Reply) => done(reply, false);
      const onExit = (code: number | null, signal: string | null) => {
        this.child = undefined;
        done({ ended: 'crash', detail: `child exited ${code ?? signal}: ${stderr.trim().slice(-400)}` }, false);
      };
      const timer = setTimeout(
        () => done({ ended: 'hang', detail: `still running at ${this.capMs / 1000} s` }, true),
        this.capMs,
      );
      child.on('message', onMessage).on('exit', onExit);
      child.send(request);
    });
  }

  close(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}
