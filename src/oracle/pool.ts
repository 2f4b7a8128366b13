/**
 * A small pool of processes (worker-main.ts) that host the candidates' isolates. Each
 * process runs one chunk at a time and reports every instance as soon as it is judged.
 * When a process dies (a V8 fatal error, a native crash) or goes silent past its budget,
 * the pool kills it, charges only the instance that was running (status 'memory' for an
 * out-of-memory abort, 'timeout' for silence, 'error' otherwise), puts the rest of the
 * chunk back at the front of the queue and forks a replacement: nothing else is lost.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SchedlabError } from '../errors.js';
import type { ChunkRequest } from './chunk.js';
import type { ParentMessage, WorkerMessage } from './protocol.js';
import { BadCandidateError, timerDelay } from './sandbox.js';
import type { JudgedRun, ScoreStatus } from './types.js';

type ResultSink = (index: number, run: JudgedRun) => void;

interface Job {
  id: number;
  request: ChunkRequest;
  /** Instance indices not yet judged, in the order they run. */
  pending: number[];
  onResult: ResultSink;
  resolve(): void;
  reject(error: Error): void;
}

interface PoolProcess {
  child: ChildProcess;
  ready: boolean;
  lost: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
  stderrTail: string;
}

/** Time a fresh process may take to load (tsx, the family) before its first answer. */
const startupSlackMs = 30_000;

/** The process entry next to this file: worker-main.ts under tsx and vitest, worker-main.js once built. */
function workerEntry(): { file: string; execArgv: string[] } {
  const self = fileURLToPath(import.meta.url);
  const typescript = self.endsWith('.ts');
  return {
    file: self.replace(/pool\.(ts|js)$/, `worker-main.${typescript ? 'ts' : 'js'}`),
    execArgv: typescript ? ['--import', 'tsx'] : [],
  };
}

function lostRun(status: ScoreStatus, message: string): JudgedRun {
  return { status, message, objective: null, feasible: false, violations: [], console: '', timeMs: 0 };
}

/** Why a process ended, as the status of the instance it was running. */
function crashVerdict(code: number | null, signal: NodeJS.Signals | null, stderr: string): JudgedRun {
  const how = signal ? `signal ${signal}` : `exit code ${code}`;
  if (/out of memory|allocation failed/i.test(stderr) || signal === 'SIGABRT' || code === 134)
    return lostRun('memory', `the sandbox process ran out of memory and was replaced (${how})`);
  return lostRun('error', `the sandbox process crashed and was replaced (${how})`);
}

export class OraclePool {
  private readonly processes: PoolProcess[] = [];
  private readonly queue: Job[] = [];
  private nextJob = 1;
  private closed = false;

  /** `size` processes at most, forked on demand. */
  constructor(readonly size: number) {}

  /** Score a chunk; resolves once every instance has been reported to `onResult`. */
  run(request: ChunkRequest, onResult: ResultSink): Promise<void> {
    if (this.closed) return Promise.reject(new SchedlabError('internal', 'the oracle pool is closed'));
    return new Promise((resolve, reject) => {
      const pending = request.instances.map((i) => i.index);
      this.queue.push({ id: this.nextJob++, request, pending, onResult, resolve, reject });
      this.pump();
    });
  }

  /** The process ids of the pool's processes (only those running a chunk with `busy`), for diagnostics and tests. */
  pids(options: { busy?: boolean } = {}): number[] {
    return this.processes
      .filter((p) => !options.busy || p.job)
      .flatMap((p) => (p.child.pid === undefined ? [] : [p.child.pid]));
  }

  /** End every process; queued chunks are refused. */
  close(): void {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new SchedlabError('internal', 'the oracle pool was closed'));
    for (const process of this.processes.splice(0)) {
      process.lost = true;
      clearTimeout(process.timer);
      process.child.kill('SIGKILL');
    }
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const process =
        this.processes.find((p) => !p.job) ?? (this.processes.length < this.size ? this.spawn() : undefined);
      if (!process) return;
      this.assign(process, this.queue.shift() as Job);
    }
  }

  private spawn(): PoolProcess {
    const { file, execArgv } = workerEntry();
    const child = fork(file, [], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const process: PoolProcess = { child, ready: false, lost: false, stderrTail: '' };
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderrTail = (process.stderrTail + chunk.toString()).slice(-4000);
    });
    child.on('message', (message: WorkerMessage) => this.onMessage(process, message));
    child.on('exit', (code, signal) => this.onLost(process, crashVerdict(code, signal, process.stderrTail)));
    child.on('error', () => this.onLost(process, lostRun('error', 'the sandbox process could not be started')));
    this.processes.push(process);
    return process;
  }

  private assign(process: PoolProcess, job: Job): void {
    process.job = job;
    const pending = new Set(job.pending);
    const request = { ...job.request, instances: job.request.instances.filter((i) => pending.has(i.index)) };
    const message: ParentMessage = { type: 'chunk', job: job.id, request };
    process.child.send(message);
    this.arm(process);
  }

  /** (Re)start the silence budget: one instance's time limit twice over, plus time to open a sandbox. */
  private arm(process: PoolProcess): void {
    clearTimeout(process.timer);
    if (!process.job) return;
    const budget = 2 * process.job.request.limits.timeoutMs + 3000 + (process.ready ? 0 : startupSlackMs);
    process.timer = setTimeout(() => {
      this.onLost(
        process,
        lostRun('timeout', 'the time limit was reached (the sandbox process stopped answering and was replaced)'),
      );
    }, timerDelay(budget));
  }

  private onMessage(process: PoolProcess, message: WorkerMessage): void {
    if (message.type === 'ready') {
      process.ready = true;
      this.arm(process);
      return;
    }
    const job = process.job;
    if (!job || message.job !== job.id) return;
    if (message.type === 'result') {
      job.pending = job.pending.filter((index) => index !== message.index);
      job.onResult(message.index, message.run);
      this.arm(process);
      return;
    }
    this.release(process);
    if (message.type === 'done') job.resolve();
    else if (message.type === 'bad-candidate') job.reject(new BadCandidateError(message.message));
    else job.reject(new SchedlabError('internal', `an oracle process failed: ${message.message}`));
    this.pump();
  }

  private release(process: PoolProcess): void {
    clearTimeout(process.timer);
    process.job = undefined;
  }

  private onLost(process: PoolProcess, verdict: JudgedRun): void {
    if (process.lost) return;
    process.lost = true;
    clearTimeout(process.timer);
    process.child.kill('SIGKILL');
    this.processes.splice(this.processes.indexOf(process), 1);
    const job = process.job;
    if (job) {
      const [index, ...rest] = job.pending;
      if (index !== undefined) job.onResult(index, verdict);
      job.pending = rest;
      if (rest.length > 0) this.queue.unshift(job);
      else job.resolve();
    }
    this.pump();
  }
}
