/**
 * `npm run bench -- hostile-sweep [--limit=S]`: numbers at the edges and sizes up to the
 * schema's largest, through every family command (`solve`, `solve --method ...`, `heuristic`,
 * `export`, `generate`), in-process as `test/cli/run-cli.ts` runs the CLI. Each run ends as
 * `answer` (exit 0, no NaN or Infinity in the output), `refused` (exit 2 with a message that
 * names the file and no stack trace) or `FAIL` (anything else: exit 1 unless a backend fault is
 * named, an internal error, a stack trace, a NaN). Prints the counts and every FAIL with its
 * command; the reader half of the sweep (random bytes, truncations, edits) is `robust-sweep`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../test/cli/run-cli.js';

type Data = Record<string, unknown>;

const big = 1_000_000_000;

function rcpsp(durations: number[], extra: { capacity?: number; demand?: number; chain?: boolean } = {}): Data {
  return {
    resources: [{ id: 'r', capacity: extra.capacity ?? 2 }],
    activities: durations.map((duration, i) => ({
      id: `a${i}`,
      duration,
      demand: { r: extra.demand ?? 1 },
      successors: extra.chain && i + 1 < durations.length ? [`a${i + 1}`] : [],
    })),
  };
}

const times = (F: number, B: number, W: number) => ({ F, B, W });

/** Instance files at the edges, by family. */
const instances: [string, string, Data][] = [
  ['rcpsp', 'zero durations', rcpsp([0, 0, 0])],
  ['rcpsp', 'chain of 10 x 1e6', rcpsp(Array(10).fill(1e6), { chain: true })],
  ['rcpsp', 'chain of 10 x 1e9', rcpsp(Array(10).fill(big), { chain: true })],
  ['rcpsp', '1e9 and 7 periods', rcpsp([big, 7, big])],
  ['rcpsp', 'capacity 0, demand 1', rcpsp([1, 2], { capacity: 0 })],
  ['rcpsp', 'capacity and demand 1e9', rcpsp([3, 4, 5], { capacity: big, demand: big })],
  ['rcpsp', 'chain of 10,000', rcpsp(Array(10_000).fill(1), { chain: true })],
  ['rcpsp', '6,000 free activities', rcpsp(Array(6_000).fill(1))],
  [
    'rcpsp',
    'deadline 1e9, release 1e9',
    {
      resources: [{ id: 'r', capacity: 1, downtime: [{ start: 0, end: big, capacity: 0 }] }],
      activities: [{ id: 'a', duration: big, demand: { r: 1 }, release: big, deadline: big }],
    },
  ],
  ['pipeline', 'all times 0', { devices: 4, microbatches: 8, times: times(0, 0, 0) }],
  ['pipeline', 'times 1e9', { devices: 4, microbatches: 8, times: times(big, big, big), comm: big }],
  ['pipeline', 'tight memory', { devices: 4, microbatches: 8, times: times(1, 1, 1), memory: { limit: 1e-9 } }],
  ['pipeline', '65,536 devices', { devices: 65_536, microbatches: 1, times: times(1, 1, 1) }],
  ['pipeline', '1,048,576 microbatches', { devices: 1, microbatches: 1_048_576, times: times(1, 1, 1) }],
  ['pipeline', '64 chunks x 2 devices', { devices: 2, microbatches: 4, chunks: 64, times: times(1, 2, 1) }],
  [
    'pipeline',
    'vshape, no split',
    { devices: 4, microbatches: 8, chunks: 2, placement: 'vshape', splitBackward: false, times: times(1, 2, 0) },
  ],
];

const commands: string[][] = [['solve'], ['solve', '--method', 'mip'], ['heuristic'], ['export', '--format', 'lp']];

/** `generate` at the knobs' edges (each refused at once or written). */
const generateCases: string[][] = [
  ['generate', 'rcpsp', '--param', 'activities=10000'],
  ['generate', 'rcpsp', '--param', 'activities=10001'],
  ['generate', 'pipeline', '--param', 'devices=65536', '--param', 'microbatches=1'],
  ['generate', 'pod-packing', '--param', 'nodes=1', '--param', 'podsPerNode=1'],
  ['generate', 'pod-packing', '--param', 'utilization=10'],
  ['generate', 'pod-packing', '--param', 'utilization=0'],
];

type Outcome = 'answer' | 'refused' | 'FAIL';

function outcomeOf(code: number, stdout: string, stderr: string): Outcome {
  const trace = /\n\s+at .+\(.*:\d+:\d+\)/.test(stderr) || /internal error/.test(stderr);
  if (trace) return 'FAIL';
  if (code === 0) return /\bNaN\b|Infinity/.test(stdout) ? 'FAIL' : 'answer';
  if (code === 2) return stderr.trim() === '' ? 'FAIL' : 'refused';
  return /backend .* --solver highs/.test(stderr) ? 'refused' : 'FAIL';
}

export async function run(args: string[]): Promise<void> {
  const limit = args.find((arg) => arg.startsWith('--limit='))?.slice('--limit='.length) ?? '3';
  const dir = mkdtempSync(join(tmpdir(), 'schedlab-hostile-'));
  const counts: Record<Outcome, number> = { answer: 0, refused: 0, FAIL: 0 };
  const failures: string[] = [];
  const runs: string[][] = [...generateCases.map((argv) => [...argv, '--out', dir])];
  instances.forEach(([family, label, data], k) => {
    const file = join(dir, `${family}-${k}.json`);
    writeFileSync(file, JSON.stringify({ family, name: label, data }));
    for (const command of commands) runs.push([command[0], file, ...command.slice(1), '--time-limit', limit]);
  });
  for (const argv of runs) {
    // export has no time limit flag.
    const args = argv[0] === 'export' ? argv.filter((_, i) => i < argv.length - 2) : argv;
    const started = performance.now();
    const { code, stdout, stderr } = await runCli(...args);
    const outcome = outcomeOf(code, stdout, stderr);
    counts[outcome]++;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      [outcome, code, seconds, args.join(' ').replace(dir, '.'), stderr.split('\n')[0].slice(0, 160)].join('\t'),
    );
    if (outcome === 'FAIL') failures.push(`${args.join(' ')}\n  ${stderr.slice(0, 400)}`);
  }
  console.log(`\n${runs.length} runs: ${counts.answer} answered, ${counts.refused} refused, ${counts.FAIL} failed`);
  for (const failure of failures) console.log(`FAIL ${failure}`);
  rmSync(dir, { recursive: true, force: true });
  if (counts.FAIL > 0) process.exitCode = 1;
}
