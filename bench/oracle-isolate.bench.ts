/**
 * What isolated-vm costs and what its limits cover, measured (`npm run bench -- oracle`):
 * the figures behind the oracle's process layout (src/oracle/README.md). Times are
 * medians of repeated runs in this process; the limit probes report what happened.
 */
import type { Isolate } from 'isolated-vm';
import { loadIsolatedVm } from '../src/oracle/isolated-vm.js';

function perRunMs(runs: number, work: () => void): number {
  const started = performance.now();
  for (let k = 0; k < runs; k++) work();
  return (performance.now() - started) / runs;
}

async function probe(isolate: Isolate, code: string, timeoutMs: number): Promise<string> {
  const context = await isolate.createContext();
  const watchdog = setTimeout(() => isolate.dispose(), timeoutMs + 500);
  const started = performance.now();
  try {
    await context.eval(code, { timeout: timeoutMs, promise: true });
    return `finished (${(performance.now() - started).toFixed(0)} ms)`;
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    return `${message} (${(performance.now() - started).toFixed(0)} ms, isolate ${isolate.isDisposed ? 'disposed' : 'alive'})`;
  } finally {
    clearTimeout(watchdog);
    if (!isolate.isDisposed) isolate.dispose();
  }
}

export async function run(_args: string[]): Promise<void> {
  const ivm = await loadIsolatedVm();
  const costs: [string, number][] = [];
  costs.push(['new Isolate + dispose', perRunMs(30, () => new ivm.Isolate({ memoryLimit: 64 }).dispose())]);
  const isolate = new ivm.Isolate({ memoryLimit: 128 });
  costs.push(['createContext (same isolate)', perRunMs(20, () => isolate.createContextSync().release())]);
  const context = isolate.createContextSync();
  const echo = context.evalSync('(function (text) { return JSON.stringify(JSON.parse(text).activities.length); })', {
    reference: true,
  });
  const j30Text = JSON.stringify({
    activities: Array.from({ length: 32 }, (_, k) => ({
      id: `a${k}`,
      duration: 5,
      demand: { r1: 2, r2: 3 },
      successors: ['a1', 'a2', 'a3'],
    })),
  });
  costs.push([
    'call with a j30-sized JSON string in and out',
    perRunMs(2000, () => echo.applySync(undefined, [j30Text], { timeout: 100 })),
  ]);
  costs.push([
    'call with a 100 ms timeout armed',
    perRunMs(2000, () => echo.applySync(undefined, ['{"activities":[]}'], { timeout: 100 })),
  ]);
  isolate.dispose();
  console.log('| isolated-vm operation | ms |\n|---|---:|');
  for (const [what, ms] of costs) console.log(`| ${what} | ${ms.toFixed(3)} |`);
  const fresh = () => new ivm.Isolate({ memoryLimit: 64 });
  console.log('\n| probe (memoryLimit 64 MB, timeout 200 ms) | outcome |\n|---|---|');
  const probes: [string, string, number?][] = [
    ['2 GB ArrayBuffer', 'new Uint8Array(new ArrayBuffer(2 ** 31)).fill(1)'],
    ['200 ArrayBuffers of 16 MB', 'const xs = []; for (let i = 0; i < 200; i++) xs.push(new ArrayBuffer(2 ** 24))'],
    ['heap growth (timeout 10 s)', 'const xs = []; for (;;) xs.push({ a: [1, 2, 3] })', 10_000],
    ['busy microtask loop', '(async () => { for (;;) await null; })()'],
    ['promise that never settles (host watchdog at +500 ms)', 'new Promise(() => {})'],
  ];
  for (const [what, code, timeoutMs] of probes)
    console.log(`| ${what} | ${await probe(fresh(), code, timeoutMs ?? 200)} |`);
}
