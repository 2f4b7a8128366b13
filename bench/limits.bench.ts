/**
 * `npm run bench -- limits [--limit=S] [--only=FAMILY]`: does `--time-limit` hold at every size?
 * Per family, instances from small to the largest the schema admits go through the CLI in a
 * child process (what a user sees: start-up, reading, the method, writing), with `solve` and
 * `heuristic` at `--time-limit S` (default 5). Prints per run the wall time, the child's peak
 * memory (max RSS), the exit code and status, and a verdict: `ok` (an answer within the limit
 * plus the stated overhead: start-up, reading the file, one pass of the default heuristic),
 * `refused` (exit 2 at once, with the size), or `OVER` (late, above 2 GB, or any other exit).
 *
 * A family is added with one entry in `families` below: its id and a few instances (the
 * `data` of an instance file, built by its generator or by hand).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getFamily } from '../src/family/registry.js';

/** One instance of a family: a label and its instance-file `data`. */
interface SizedInstance {
  label: string;
  data(): Promise<unknown> | unknown;
}

interface FamilyLimits {
  family: string;
  instances: SizedInstance[];
}

/** The `data` of a generated instance, through the family's own generator and serializer. */
function generated(familyId: string, params: Record<string, unknown>, seed = 1): () => Promise<unknown> {
  return async () => {
    const family = await getFamily(familyId);
    return family.serialize(family.generate(params, seed));
  };
}

/** n activities of one period (or `duration`) on one resource of capacity 10, no precedence. */
function flatRcpsp(n: number, duration = 1, odd?: number): () => unknown {
  return () => ({
    resources: [{ id: 'r', capacity: 10 }],
    activities: Array.from({ length: n }, (_, i) => ({
      id: `a${i}`,
      duration: i === 0 && odd !== undefined ? odd : duration,
      demand: { r: 1 },
    })),
  });
}

function pipelineData(devices: number, microbatches: number, chunks = 1): () => unknown {
  return () => ({ devices, microbatches, chunks, times: { F: 1, B: 1, W: 0.5 } });
}

const bundled = (path: string) => () => JSON.parse(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')).data;

/** The families and their sizes; the new families add one entry each. */
export const families: FamilyLimits[] = [
  {
    family: 'rcpsp',
    instances: [
      { label: 'psplib-like 30 activities', data: generated('rcpsp', { activities: 30 }) },
      { label: '2,000 unit activities', data: flatRcpsp(2_000) },
      { label: '20,000 unit activities', data: flatRcpsp(20_000) },
      { label: '100,000 unit activities', data: flatRcpsp(100_000) },
      { label: '10 activities of 1e9 periods', data: flatRcpsp(10, 1e9) },
      { label: '10 of 1e9 and one of 7 periods', data: flatRcpsp(10, 1e9, 7) },
    ],
  },
  {
    family: 'pipeline',
    instances: [
      { label: '4 devices x 16 microbatches', data: pipelineData(4, 16) },
      { label: '8 x 1,000 (24,000 passes)', data: pipelineData(8, 1_000) },
      { label: '8 x 4,096 (98,304 passes)', data: pipelineData(8, 4_096) },
      { label: '4 x 1,048,576 (schema maximum)', data: pipelineData(4, 1_048_576) },
      { label: '65,536 devices x 64 chunks x 1,048,576', data: pipelineData(65_536, 1_048_576, 64) },
    ],
  },
  {
    family: 'pod-packing',
    instances: [
      { label: '8 nodes x 4 pods', data: generated('pod-packing', { nodes: 8, podsPerNode: 4 }) },
      {
        label: 'GPU cluster, 512 nodes (bundled)',
        data: bundled('instances/pod-packing/gpu-grid/gpu-n512-l110-p3-s1.json'),
      },
      { label: '1,000 nodes x 20 pods', data: generated('pod-packing', { nodes: 1_000, podsPerNode: 20 }) },
      { label: '5,000 nodes x 20 pods (100,000)', data: generated('pod-packing', { nodes: 5_000, podsPerNode: 20 }) },
    ],
  },
  {
    family: 'parallel-plan',
    instances: [
      { label: 'small (generated)', data: generated('parallel-plan', { size: 'small' }) },
      {
        label: 'Llama 3 405B on 16,384 H100',
        data: generated('parallel-plan', { size: 'large', model: 'llama3-405b', gpus: 16_384 }),
      },
      {
        label: 'DeepSeek-V3 on 2,048 H100',
        data: generated('parallel-plan', { size: 'large', model: 'deepseek-v3', gpus: 2_048 }),
      },
    ],
  },
  {
    family: 'serving-plan',
    instances: [
      { label: 'small (generated)', data: generated('serving-plan', { size: 'small' }) },
      { label: 'Llama 3 70B, 16 H100, 1,000 requests', data: generated('serving-plan', { size: 'large' }) },
      {
        label: '200,000 requests (schema maximum)',
        data: generated('serving-plan', { size: 'large', requests: 200_000 }),
      },
    ],
  },
  {
    family: 'sequence-parallel',
    instances: [
      { label: 'small (generated)', data: generated('sequence-parallel', { size: 'small' }) },
      { label: 'batch 128 on 64 GPUs, 128K context', data: generated('sequence-parallel', { size: 'large' }) },
      {
        label: 'batch 8,192 (schema maximum) on 1,024 GPUs',
        data: generated('sequence-parallel', { size: 'large', batch: 8_192, gpus: 1_024 }),
      },
    ],
  },
  {
    family: 'expert-placement',
    instances: [
      { label: 'small (generated)', data: generated('expert-placement', { size: 'small' }) },
      { label: 'Mixtral 32 layers on 8 GPUs over 2 nodes', data: generated('expert-placement', { size: 'large' }) },
      {
        label: 'DeepSeek-V3, 58 layers on 64 GPUs',
        data: generated('expert-placement', {
          size: 'large',
          model: 'deepseek-v3',
          gpus: 64,
          gpusPerNode: 8,
          layers: 58,
        }),
      },
    ],
  },
];

const entry = fileURLToPath(new URL('./support/cli-entry.ts', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  wallSec: number;
  rssMb: number;
  code: number | null;
  status: string;
  message: string;
}

/** The CLI in a child process; its peak RSS comes from the entry's exit hook. */
function runCli(args: string[], killAfterSec: number): Promise<Run> {
  const rssFile = join(tmpdir(), `schedlab-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: root,
      env: { ...process.env, SCHEDLAB_RSS_FILE: rssFile },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterSec * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      let rssMb = Number.NaN;
      try {
        rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
        rmSync(rssFile);
      } catch {}
      const status = /"status":"([^"]+)"/.exec(stdout)?.[1] ?? (code === 2 ? 'refused' : '-');
      resolve({ wallSec: (performance.now() - started) / 1000, rssMb, code, status, message: stderr.trim() });
    });
  });
}

/** `--name=value` (one word, so that bench/run.ts does not take the value for a bench's name). */
function option(args: string[], name: string): string | undefined {
  return args.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
}

/** ok, refused or OVER, by the promise stated in the file header. */
function verdict(run: Run, limitSec: number, overheadSec: number): string {
  if (run.rssMb > 2048) return 'OVER (memory)';
  if (run.code === 2) return run.wallSec <= overheadSec ? 'refused' : 'OVER (slow refusal)';
  if (run.code !== 0) return `OVER (exit ${run.code})`;
  return run.wallSec <= limitSec + overheadSec ? 'ok' : 'OVER (time)';
}

export async function run(args: string[]): Promise<void> {
  const limitSec = Number(option(args, '--limit') ?? 5);
  const only = option(args, '--only');
  const dir = mkdtempSync(join(tmpdir(), 'schedlab-limits-'));
  const startup = await runCli(['families'], 60);
  // Start-up plus reading a file and one pass of the default heuristic: 10 s beyond start-up, stated in the README.
  const overheadSec = startup.wallSec + 10;
  console.log(
    `CLI start-up ${startup.wallSec.toFixed(1)} s; limit ${limitSec} s; allowed overhead ${overheadSec.toFixed(1)} s`,
  );
  console.log(['family', 'instance', 'command', 'wall s', 'max RSS MB', 'exit', 'status', 'verdict'].join('\t'));
  for (const { family, instances } of families) {
    if (only !== undefined && family !== only) continue;
    for (const instance of instances) {
      const file = join(dir, `${family}-${instance.label.replace(/\W+/g, '-')}.json`);
      writeFileSync(file, JSON.stringify({ family, name: instance.label, data: await instance.data() }));
      for (const command of ['solve', 'heuristic']) {
        const result = await runCli([command, file, '--time-limit', String(limitSec), '--json'], limitSec + 120);
        const cells = [family, instance.label, command, result.wallSec.toFixed(1), result.rssMb.toFixed(0)];
        console.log([...cells, result.code, result.status, verdict(result, limitSec, overheadSec)].join('\t'));
        if (result.code !== 0) console.log(`\t${result.message.split('\n')[0].slice(0, 240)}`);
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
