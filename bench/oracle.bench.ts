/**
 * The oracle's throughput (`npm run bench -- oracle`): evaluations per second of whole
 * heuristics and of skeleton candidates on j30-sized RCPSP instances and 20-pod clusters,
 * through a pool of sandbox processes kept open (as a search loop's evaluator keeps it),
 * next to the same candidate function called in this process on the same instances with
 * the same checks (parse the instance JSON, run, write the JSON answer, parse it with the
 * family's solution parser, evaluate; instances parsed once, as the sandbox processes
 * keep them; a new candidate module each batch on both sides, as in a search loop). The overhead is the ratio of the two times per
 * evaluation, measured side by side in one run, in wall time and in CPU time (this process
 * and the pool's processes, from /proc): on a shared machine the CPU figures say what the
 * oracle costs, the wall figures what it delivered under that load. ORACLE_INSTANCES (default 200) sets the
 * batch size, ORACLE_WORKERS (default 2) the pool size.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { family as podPacking } from '../models/pod-packing/index.js';
import { family as rcpsp } from '../models/rcpsp/index.js';
import type { AnyFamily } from '../src/family/contract.js';
import { judge } from '../src/oracle/judge.js';
import { openOracle } from '../src/oracle/score.js';
import { seededRandom } from '../src/util/random.js';

/** Batches run so far: each gets a new candidate source, so no JIT warmth carries over. */
let batches = 0;

interface Case {
  label: string;
  family: AnyFamily;
  /** The candidate module's source. */
  source: string;
  skeleton?: string;
  instances: unknown[];
}

/** A whole heuristic made of a skeleton and a fixed decision: the same code the skeleton case runs, as one module. */
function wholeHeuristic(family: AnyFamily, skeleton: string, decision: string): string {
  const source = family.skeletons?.[skeleton].source ?? '';
  return `const method = (${source});\nconst decide = (${decision});\nexport default (data, ctx) => method(data, decide, ctx, (m) => { throw new Error(m); });\n`;
}

function cases(count: number): Case[] {
  const j30 = Array.from({ length: count }, (_, k) => rcpsp.generate({ size: 'medium' }, k + 1));
  const pods20 = Array.from({ length: count }, (_, k) => podPacking.generate({ nodes: 5, podsPerNode: 4 }, k + 1));
  const lst = '(activity) => -activity.latestStart';
  const mostAllocated =
    '(pod, node) => 2 - node.free.cpu / Math.max(node.cpu, 1) - node.free.memory / Math.max(node.memory, 1)';
  return [
    {
      label: 'rcpsp j30, whole heuristic (serial SGS, LST)',
      family: rcpsp,
      source: wholeHeuristic(rcpsp, 'serial-sgs', lst),
      instances: j30,
    },
    {
      label: 'rcpsp j30, skeleton serial-sgs (LST priority)',
      family: rcpsp,
      source: `export default ${lst};`,
      skeleton: 'serial-sgs',
      instances: j30,
    },
    {
      label: 'pod-packing 20 pods, whole heuristic (scheduler loop)',
      family: podPacking,
      source: wholeHeuristic(podPacking, 'scheduler-score', mostAllocated),
      instances: pods20,
    },
    {
      label: 'pod-packing 20 pods, skeleton scheduler-score',
      family: podPacking,
      source: `export default ${mostAllocated};`,
      skeleton: 'scheduler-score',
      instances: pods20,
    },
  ];
}

/** The candidate called in this process, with the work the oracle does around each call except the sandbox. */
async function inProcessMs(item: Case): Promise<{ wall: number; cpu: number }> {
  // A new module each batch, as the oracle gets: both sides start with a cold JIT.
  const source = `${item.source}\n// in-process batch ${++batches}\n`;
  const module = (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as {
    default: (...args: unknown[]) => unknown;
  };
  const method = item.skeleton
    ? (new Function(`return (${item.family.skeletons?.[item.skeleton].source})`)() as (...args: unknown[]) => unknown)
    : undefined;
  const texts = item.instances.map((instance) => JSON.stringify(item.family.serialize(instance)));
  // Parsed once, as the sandbox processes keep them (parsed-instances.ts).
  const parsed = texts.map((text) => item.family.parse(JSON.parse(text)));
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (const [k, text] of texts.entries()) {
    const instance = parsed[k];
    const data = JSON.parse(text);
    const ctx = { seed: 1, random: seededRandom(1), deadlineMs: Date.now() + 1000, now: Date.now };
    const invalid = (message: string) => {
      throw new Error(message);
    };
    const answer = method ? method(data, module.default, ctx, invalid) : await module.default(data, ctx);
    const verdict = judge(item.family, instance, {
      kind: 'returned',
      text: JSON.stringify(answer),
      console: '',
      timeMs: 0,
    });
    if (verdict.status !== 'ok') throw new Error(`${item.label}: in-process run is ${verdict.status}`);
  }
  const cpu = process.cpuUsage(cpuStarted);
  return { wall: (performance.now() - started) / texts.length, cpu: (cpu.user + cpu.system) / 1000 / texts.length };
}

/** CPU time (user + system) of a process in ms, from /proc (Linux); 0 where it cannot be read. */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks of 1/100 s
  } catch {
    return 0;
  }
}

/** CPU ms of this process and the pool's processes together. */
function oracleCpuMs(oracle: ReturnType<typeof openOracle>): number {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1000 + (oracle.pool?.pids() ?? []).reduce((sum, pid) => sum + processCpuMs(pid), 0);
}

async function oracleMs(oracle: ReturnType<typeof openOracle>, item: Case): Promise<{ wall: number; cpu: number }> {
  const inputs = item.instances.map((instance, k) => ({ name: `i${k}`, instance }));
  const started = performance.now();
  const cpuStarted = oracleCpuMs(oracle);
  // A new source each batch, as in a search loop: no sandbox of an earlier batch is reused.
  const source = `${item.source}\n// batch ${++batches}\n`;
  const report = await oracle.score(item.family.id, source, inputs, { cache: false, skeleton: item.skeleton });
  const elapsed = performance.now() - started;
  const cpu = oracleCpuMs(oracle) - cpuStarted;
  if (report.summary.byStatus.ok !== inputs.length)
    throw new Error(`${item.label}: ${JSON.stringify(report.summary.byStatus)}`);
  return { wall: elapsed / inputs.length, cpu: cpu / inputs.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(_args: string[]): Promise<void> {
  const count = Number(process.env.ORACLE_INSTANCES ?? 200);
  const workers = Number(process.env.ORACLE_WORKERS ?? 2);
  const oracle = openOracle({ workers });
  try {
    const all = cases(count);
    await oracleMs(oracle, { ...all[0], instances: all[0].instances.slice(0, 4 * workers) }); // start the processes
    console.log(`${count} instances per batch, ${workers} sandbox processes, median of 3 batches, cache off`);
    // CPU times next to wall times show how loaded the machine was.
    console.log(
      `load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${cpus().length} cores`,
    );
    console.log(
      '| case | oracle evals/s | oracle ms/eval | oracle CPU ms/eval (all processes) | in-process ms/eval | in-process CPU ms/eval | overhead (wall) | overhead (CPU) |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const item of all) {
      const runs = [await oracleMs(oracle, item), await oracleMs(oracle, item), await oracleMs(oracle, item)];
      const sandboxed = median(runs.map((r) => r.wall));
      const sandboxedCpu = median(runs.map((r) => r.cpu));
      const locals = [await inProcessMs(item), await inProcessMs(item), await inProcessMs(item)];
      const local = median(locals.map((l) => l.wall));
      const cpu = median(locals.map((l) => l.cpu));
      console.log(
        `| ${item.label} | ${(1000 / sandboxed).toFixed(0)} | ${sandboxed.toFixed(3)} | ${sandboxedCpu.toFixed(3)} | ${local.toFixed(3)} | ${cpu.toFixed(3)} | ${(sandboxed / local).toFixed(1)}x | ${(sandboxedCpu / cpu).toFixed(1)}x |`,
      );
    }
  } finally {
    oracle.close();
  }
}
