/**
 * The adversarial suite of issue 18: each hostile or broken candidate is contained and
 * reported with its status, and the host (this process, the pool) is unharmed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { family } from '../../models/rcpsp/index.js';
import { openOracle } from '../../src/oracle/score.js';
import type { ScoreStatus } from '../../src/oracle/types.js';
import { seededRandom } from '../../src/util/random.js';

const oracle = openOracle({ workers: 2 });
afterAll(() => oracle.close());

const instances = [
  'instances/rcpsp/psplib-like/rcpsp-psplib-20-1.5-1-0.2-small-3.json',
  'instances/rcpsp/psplib-like/rcpsp-psplib-25-1.5-0.5-0.2-small-1.json',
];
/** Generous limits, so that a loaded machine never turns an expected status into a timeout... */
const fast = { cache: false as const, timeoutMs: 3000, seed: 7 };
/** ...and short ones where a timeout is the expected status. */
const short = { ...fast, timeoutMs: 300 };

/** A correct (serial, one activity at a time) schedule, then whatever `tail` does with it. */
function serialSchedule(tail = 'return result;'): string {
  return `export default function (data) {
  const done = new Set(), starts = {}; let t = 0;
  const preds = {}; for (const a of data.activities) for (const s of a.successors) (preds[s] ??= []).push(a.id);
  while (done.size < data.activities.length)
    for (const a of data.activities)
      if (!done.has(a.id) && (preds[a.id] ?? []).every((p) => done.has(p))) { starts[a.id] = t; t += a.duration; done.add(a.id); }
  const result = { starts };
  ${tail}
}`;
}

const cases: [string, string, ScoreStatus, RegExp?][] = [
  ['an infinite loop', 'export default function () { for (;;) {} }', 'timeout'],
  ['a busy async loop', 'export default async function () { for (;;) await null; }', 'timeout'],
  ['a promise that never settles', 'export default function () { return new Promise(() => {}); }', 'timeout'],
  ['a 2 GB ArrayBuffer', 'export default function () { return new ArrayBuffer(2 ** 31); }', 'memory'],
  ['a deep recursion', 'export default function f(d, c, n = 0) { return f(d, c, n + 1) + 1; }', 'error', /call stack/],
  ['process.exit()', 'export default function () { process.exit(1); }', 'error', /process is not defined/],
  [
    'reading /etc/passwd',
    "export default function () { return require('fs').readFileSync('/etc/passwd', 'utf8'); }",
    'error',
    /require is not defined/,
  ],
  [
    'reading process.env',
    'export default function () { return { starts: process.env }; }',
    'error',
    /process is not defined/,
  ],
  [
    "import('node:fs')",
    "export default async function () { const fs = await import('node:fs'); return fs.readFileSync('/etc/passwd'); }",
    'error',
  ],
  [
    'fetch',
    "export default async function () { return await fetch('http://example.com'); }",
    'error',
    /fetch is not defined/,
  ],
  [
    'a socket',
    "export default function () { return new WebSocket('ws://localhost:1'); }",
    'error',
    /WebSocket is not defined/,
  ],
  ['a timer', 'export default function () { setTimeout(() => {}, 1); }', 'error', /setTimeout is not defined/],
  [
    'Object.prototype pollution',
    serialSchedule('Object.prototype.starts = result.starts; return {};'),
    'invalid-output',
    /solution\.starts/,
  ],
  [
    'mutating the frozen instance',
    'export default function (data) { data.activities[0].duration = 0; }',
    'error',
    /read only|read-only/,
  ],
  [
    'NaN',
    serialSchedule('result.starts[data.activities[0].id] = NaN; return result;'),
    'invalid-output',
    /solution\.starts(\.\w+|\[\S+\]) is NaN/,
  ],
  [
    'Infinity',
    serialSchedule('result.starts[data.activities[1].id] = Infinity; return result;'),
    'invalid-output',
    /is Infinity/,
  ],
  ['a wrong shape', 'export default function () { return [1, 2, 3]; }', 'invalid-output', /solution/],
  ['a Map', 'export default function () { return { starts: new Map() }; }', 'invalid-output', /not a plain object/],
  [
    'a missing activity',
    serialSchedule('delete result.starts[data.activities[2].id]; return result;'),
    'invalid-output',
    /has no start/,
  ],
  [
    'an extra activity',
    serialSchedule("result.starts['ghost'] = 0; return result;"),
    'invalid-output',
    /unknown activity 'ghost'/,
  ],
  ['throwing a non-Error', 'export default function () { throw 42; }', 'error', /non-Error value: 42/],
  [
    'a huge output',
    "export default function () { return { starts: {}, junk: 'x'.repeat(5e6) }; }",
    'invalid-output',
    /larger than/,
  ],
  [
    'an overlapping schedule',
    serialSchedule('for (const id in result.starts) result.starts[id] = 0; return result;'),
    'infeasible',
  ],
];

describe('the oracle contains hostile and broken candidates', () => {
  it.each(cases)('%s: %s', async (_name, source, status, message) => {
    const report = await oracle.score('rcpsp', source, instances, status === 'timeout' ? short : fast);
    for (const result of report.instances) {
      expect(result.status, result.message).toBe(status);
      if (message) expect(result.message ?? result.violations.join('\n')).toMatch(message);
      expect(result.objective === null || Number.isFinite(result.objective)).toBe(true);
    }
    expect(report.summary.scored).toBe(instances.length);
    expect(Number.isFinite(report.summary.combinedScore)).toBe(true);
    expect(Object.prototype).not.toHaveProperty('starts');
  });

  it('polluting the instance prototype stays in the sandbox', async () => {
    const source = serialSchedule("Object.getPrototypeOf(data).polluted = 'yes'; return result;");
    const report = await oracle.score('rcpsp', source, instances, fast);
    expect(report.instances.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('exhausting the heap is reported as memory', async () => {
    const source = 'export default function () { const xs = []; for (;;) xs.push({ a: [1, 2, 3] }); }';
    const report = await oracle.score('rcpsp', source, instances.slice(0, 1), {
      ...fast,
      memoryMb: 16,
      timeoutMs: 5000,
    });
    expect(report.instances[0].status).toBe('memory');
  });

  it('sees none of the host: no process, require, timers, network or WebAssembly', async () => {
    const source = serialSchedule('console.log(Object.getOwnPropertyNames(globalThis).join(",")); return result;');
    const report = await oracle.score('rcpsp', source, instances.slice(0, 1), fast);
    const names = (report.instances[0].console ?? '').trim().split(',');
    expect(names).toContain('Math');
    for (const name of ['process', 'require', 'fetch', 'setTimeout', 'WebAssembly', 'SharedArrayBuffer', 'Atomics'])
      expect(names).not.toContain(name);
  });

  it('truncates a huge console output', async () => {
    const source = serialSchedule("for (let i = 0; i < 1e5; i++) console.log('spam', i); return result;");
    const report = await oracle.score('rcpsp', source, instances.slice(0, 1), fast);
    expect(report.instances[0].status).toBe('ok');
    expect(report.instances[0].console?.length).toBeLessThan(5000);
    expect(report.instances[0].console).toMatch(/more characters dropped/);
    expect(report.openevolve.artifacts.console?.length).toBeLessThan(4200);
  });

  it('a hang on one instance loses nothing else in the batch', async () => {
    const hangOnSecond = serialSchedule(`if (data.activities.length === 27) for (;;) {} return result;`);
    const report = await oracle.score('rcpsp', hangOnSecond, [...instances, instances[0]], {
      ...fast,
      timeoutMs: 1000,
    });
    expect(report.instances.map((r) => r.status)).toEqual(['ok', 'timeout', 'ok']);
  });

  it('scores a correct schedule exactly as the built-in heuristic that produced it', async () => {
    const instance = family.parse(JSON.parse((await import('node:fs')).readFileSync(instances[0], 'utf8')).data);
    const solution = family.heuristics.default(instance, { rng: seededRandom(1), deadline: Date.now() + 1000 });
    const json = JSON.stringify(family.serializeSolution(instance, solution));
    const report = await oracle.score('rcpsp', `export default () => (${json});`, instances.slice(0, 1), fast);
    expect(report.instances[0].status).toBe('ok');
    expect(report.instances[0].objective).toBe(family.evaluate(instance, solution).objective);
  });

  it('a killed sandbox process costs only the instance it was running', async () => {
    const slow = serialSchedule('const end = Date.now() + 400; while (Date.now() < end) {} return result;');
    const running = oracle.score('rcpsp', slow, instances, { ...fast, timeoutMs: 2000, chunkSize: 2 });
    while ((oracle.pool?.pids({ busy: true }) ?? []).length === 0)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const pid of oracle.pool?.pids({ busy: true }) ?? []) process.kill(pid, 'SIGKILL');
    const report = await running;
    const seen = JSON.stringify(report.instances);
    expect(report.instances.filter((r) => r.status === 'ok').length, seen).toBeGreaterThanOrEqual(1);
    expect(
      report.instances.map((r) => r.status),
      seen,
    ).toContain('error');
    expect(report.instances.find((r) => r.status === 'error')?.message).toMatch(/crashed and was replaced/);
    const after = await oracle.score('rcpsp', serialSchedule(), instances, fast);
    expect(after.instances.map((r) => r.status)).toEqual(['ok', 'ok']);
  });
});
