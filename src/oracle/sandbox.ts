/**
 * One candidate in one V8 isolate (isolated-vm): the harness, the family's skeleton if
 * any, then the candidate's module, evaluated once; `run` calls it on one instance.
 *
 * Limits, as measured (src/oracle/README.md): `memoryLimit` caps the heap and refuses
 * ArrayBuffers beyond it ("Array buffer allocation failed"); `timeout` stops synchronous
 * code and busy microtask loops but not a wait for a promise that never settles, so a
 * watchdog timer on the host disposes the isolate then. After a dispose (watchdog or heap
 * limit) the sandbox is dead and the caller opens a fresh one for the next instance.
 */
import type { Isolate, Reference } from 'isolated-vm';
import { parseHarnessReply, harnessSource } from './harness.js';
import { loadIsolatedVm } from './isolated-vm.js';
import type { SandboxLimits, ScoreStatus } from './types.js';

/** What one call of the candidate gave, before the family's evaluator sees it. */
export type RawOutcome =
  | { kind: 'returned'; text: string; console: string; timeMs: number }
  | { kind: FailureKind; message: string; console: string; timeMs: number };

/** The statuses a run gets without the evaluator. */
export type FailureKind = Exclude<ScoreStatus, 'ok' | 'infeasible'>;

/** The candidate module cannot be used at all (no default export function): bad input, not a score. */
export class BadCandidateError extends Error {}

/** Node fires a timer at once when its delay exceeds 2^31 - 1 ms: longer budgets wait that long instead. */
export function timerDelay(ms: number): number {
  return Math.min(ms, 2 ** 31 - 1);
}

/** How long past its budget a run may take before the watchdog disposes the isolate. */
const watchdogGraceMs = 50;

/**
 * The status of a failed run from its error: the heap limit and refused ArrayBuffers are
 * 'memory'; a timeout, or a dispose by the watchdog (the only other disposer), is 'timeout'.
 */
export function classifyFailure(error: unknown, timedOut = false): { kind: FailureKind; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (/memory limit|allocation failed|out of memory/i.test(message))
    return { kind: 'memory', message: `the memory limit was reached (${message.split('\n')[0]})` };
  if (timedOut || /timed out|disposed|abandoned/i.test(message))
    return { kind: 'timeout', message: 'the time limit was reached' };
  return { kind: 'error', message: message.split('\n')[0] };
}

export class CandidateSandbox {
  private dead = false;

  private constructor(
    private readonly isolate: Isolate,
    private readonly runReference: Reference,
    private readonly limits: SandboxLimits,
  ) {}

  /** True after a dispose (watchdog, heap limit): open a new sandbox for the next instance. */
  get usable(): boolean {
    return !this.dead && !this.isolate.isDisposed;
  }

  /**
   * Evaluate the candidate (and the skeleton) in a fresh isolate. Throws `BadCandidateError`
   * when the module has no default export function, and an outcome-shaped error (timeout,
   * memory, error) when its top-level code fails: every instance then scores that.
   */
  static async open(
    source: string,
    skeletonSource: string | undefined,
    limits: SandboxLimits,
  ): Promise<CandidateSandbox> {
    const ivm = await loadIsolatedVm();
    const isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb });
    try {
      const context = await isolate.createContext();
      const harness = await isolate.compileScript(harnessSource(limits), { filename: 'schedlab-harness.js' });
      const bind: Reference = await harness.run(context, { reference: true });
      const skeleton: Reference | undefined = skeletonSource
        ? await (await isolate.compileScript(`(${skeletonSource})`, { filename: 'skeleton.js' })).run(context, {
            reference: true,
          })
        : undefined;
      const module = await isolate.compileModule(source, { filename: 'candidate.js' });
      await module.instantiate(context, (specifier) => {
        throw new Error(`candidates cannot import modules ('${specifier}')`);
      });
      await withWatchdog(isolate, limits.timeoutMs, () => module.evaluate({ timeout: limits.timeoutMs }));
      const candidate: Reference = await module.namespace.get('default', { reference: true });
      if (candidate.typeof !== 'function')
        throw new BadCandidateError(
          candidate.typeof === 'undefined'
            ? 'the candidate module has no default export; write `export default function (instance, ctx) { ... }`'
            : `the candidate's default export is a ${candidate.typeof}; it must be a function`,
        );
      const run: Reference = await bind.apply(undefined, [candidate.derefInto(), skeleton?.derefInto()], {
        result: { reference: true },
      });
      return new CandidateSandbox(isolate, run, limits);
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      throw error;
    }
  }

  /** Call the candidate on one instance (its JSON text); never throws. */
  async run(dataText: string, seed: number): Promise<RawOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000;
    let timedOut = false;
    try {
      const deadlineMs = Date.now() + this.limits.timeoutMs;
      const reply = await withWatchdog(
        this.isolate,
        this.limits.timeoutMs,
        () =>
          this.runReference.apply(undefined, [dataText, seed, deadlineMs], {
            arguments: { copy: true },
            result: { promise: true, copy: true },
            timeout: this.limits.timeoutMs,
          }) as Promise<string>,
        () => {
          timedOut = true;
        },
      );
      const parsed = parseHarnessReply(reply);
      const console =
        parsed.consoleDropped > 0
          ? `${parsed.console}[${parsed.consoleDropped} more characters dropped]\n`
          : parsed.console;
      if (parsed.kind === 'returned') return { kind: 'returned', text: parsed.payload, console, timeMs: elapsed() };
      const failure =
        parsed.kind === 'error'
          ? classifyFailure(new Error(parsed.payload))
          : { kind: parsed.kind, message: parsed.payload };
      return { ...failure, console, timeMs: elapsed() };
    } catch (error) {
      this.dead ||= timedOut || this.isolate.isDisposed;
      return { ...classifyFailure(error, timedOut), console: '', timeMs: elapsed() };
    }
  }

  dispose(): void {
    this.dead = true;
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }
}

/**
 * Run `work`, disposing the isolate if it has not finished `budgetMs` + grace later: the
 * isolate's own timeout does not cover waiting for a promise that never settles.
 */
async function withWatchdog<T>(
  isolate: Isolate,
  budgetMs: number,
  work: () => Promise<T>,
  onFire?: () => void,
): Promise<T> {
  const timer = setTimeout(
    () => {
      onFire?.();
      if (!isolate.isDisposed) isolate.dispose();
    },
    timerDelay(budgetMs + watchdogGraceMs),
  );
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}
