/**
 * Pod packing on GPU clusters (issue 13): the GPU grid (models/pod-packing/generate-gpu.ts:
 * 8-GPU nodes, jobs of 1-64 GPUs with gangs and priority tiers, CPU-only services, half the
 * jobs already running), the default scheduler with the coscheduling plugin against the MIP
 * (the lexicographic method, what `schedlab solve` runs) at each time limit, side by side in
 * one run. Per method and limit, summed over the instances: GPUs placed per priority tier
 * (highest first), GPUs stranded by fragmentation (free on nodes too short for the smallest
 * pending GPU request), pending pods, gangs placed, racks spanned beyond one per gang; and
 * how often the method is better, equal or worse than the scheduler in the lexicographic
 * order (per tier: pods placed, then disruption), which must never be worse.
 *
 * Environment: POD_GPU_NODES (default "16,32,64,128,256,512"), POD_GPU_LOADS (default
 * "0.9,1.0,1.1,1.2"), POD_GPU_SEEDS (seeds per grid point, default 1), POD_GPU_LIMITS
 * (seconds, default "1,10"), POD_GPU_COMPACT=1 (gangs kept in the fewest racks: the
 * objective's last level), POD_GPU_OUT (a JSON file of all rows).
 */
import { writeFileSync } from 'node:fs';
import { evaluatePodPacking } from '../models/pod-packing/evaluate.js';
import { generatePodPacking } from '../models/pod-packing/generate.js';
import { gpuGrid } from '../models/pod-packing/generate-gpu.js';
import { kubeScheduler } from '../models/pod-packing/heuristics/kube-scheduler.js';
import { priorityTiers, type PodPackingInstance } from '../models/pod-packing/instance.js';
import {
  compareLexicographic,
  lexicographicVector,
  solvePodPackingLexicographic,
} from '../models/pod-packing/lexicographic.js';
import type { PodPackingSolution } from '../models/pod-packing/types.js';

const gpu = 'nvidia.com/gpu';

interface Row {
  instance: string;
  method: string;
  limitSec: number;
  /** GPUs placed per tier, highest first. */
  gpusByTier: number[];
  stranded: number;
  pending: number;
  gangsPlaced: number;
  extraRacks: number;
  /** Against the scheduler: +1 better, 0 equal, -1 worse (lexicographic by tier). */
  comparison: number;
  proven: boolean;
  timeMs: number;
}

function numbers(value: string | undefined, fallback: number[]): number[] {
  return value ? value.split(',').map(Number).filter(Number.isFinite) : fallback;
}

function row(
  instance: PodPackingInstance,
  method: string,
  limitSec: number,
  solution: PodPackingSolution,
  baseline: PodPackingSolution,
  extra: { proven: boolean; timeMs: number },
): Row {
  const evaluation = evaluatePodPacking(instance, solution);
  if (!evaluation.feasible)
    throw new Error(`${instance.name}: ${method} fails the evaluator: ${evaluation.violations[0].message}`);
  const m = evaluation.metrics;
  return {
    instance: instance.name,
    method,
    limitSec,
    gpusByTier: priorityTiers(instance).map((priority) => m[`placed.${gpu}.p${priority}`] ?? 0),
    stranded: m[`stranded.${gpu}`] ?? 0,
    pending: m.pending,
    gangsPlaced: m['gangs.placed'] ?? 0,
    extraRacks: m['topology.extraDomains'] ?? 0,
    comparison: compareLexicographic(lexicographicVector(instance, solution), lexicographicVector(instance, baseline)),
    ...extra,
  };
}

async function measure(instance: PodPackingInstance, limits: number[]): Promise<Row[]> {
  const started = performance.now();
  const baseline = kubeScheduler(instance);
  const baselineMs = performance.now() - started;
  const rows = [
    row(instance, 'kube-scheduler+coscheduling', 0, baseline, baseline, { proven: false, timeMs: baselineMs }),
  ];
  for (const limitSec of limits) {
    const report = await solvePodPackingLexicographic(instance, { timeLimitSec: limitSec, warmStart: baseline });
    if (report.solution === undefined) throw new Error(`${instance.name}: the lexicographic method found no placement`);
    rows.push(row(instance, 'mip (lexicographic)', limitSec, report.solution, baseline, report));
  }
  return rows;
}

function sum(rows: Row[], pick: (row: Row) => number): number {
  return rows.reduce((total, r) => total + pick(r), 0);
}

function summarize(rows: Row[]): void {
  const tiers = Math.max(...rows.map((r) => r.gpusByTier.length));
  const tierHeads = Array.from({ length: tiers }, (_, k) => `GPUs placed, tier ${k + 1}`);
  console.log(
    `| method | limit | instances | ${tierHeads.join(' | ')} | GPUs stranded | pods pending | gangs placed | racks beyond one per gang | better / equal / worse than the scheduler | proven | mean time | max time |`,
  );
  console.log(`|${' --- |'.repeat(12 + tiers)}`);
  const groups = [...new Set(rows.map((r) => `${r.method}\u0000${r.limitSec}`))];
  for (const key of groups) {
    const [method, limit] = key.split('\u0000');
    const at = rows.filter((r) => r.method === method && String(r.limitSec) === limit);
    const byTier = Array.from({ length: tiers }, (_, k) => sum(at, (r) => r.gpusByTier[k] ?? 0));
    const verdicts = [1, 0, -1].map((c) => at.filter((r) => r.comparison === c).length).join(' / ');
    const times = at.map((r) => r.timeMs / 1000);
    console.log(
      `| ${method} | ${limit === '0' ? '-' : `${limit} s`} | ${at.length} | ${byTier.join(' | ')} | ${sum(at, (r) => r.stranded)} | ${sum(at, (r) => r.pending)} | ${sum(at, (r) => r.gangsPlaced)} | ${sum(at, (r) => r.extraRacks)} | ${verdicts} | ${at.filter((r) => r.proven).length} | ${(sum(at, (r) => r.timeMs) / at.length / 1000).toFixed(2)} s | ${Math.max(...times).toFixed(2)} s |`,
    );
  }
}

/** Run the GPU-cluster comparison; see the header for the environment knobs. */
export async function run(_args: string[]): Promise<void> {
  const nodes = numbers(process.env.POD_GPU_NODES, gpuGrid.nodes);
  const loads = numbers(process.env.POD_GPU_LOADS, gpuGrid.load);
  const seeds = Number(process.env.POD_GPU_SEEDS ?? 1);
  const limits = numbers(process.env.POD_GPU_LIMITS, [1, 10]);
  const compactGangs = process.env.POD_GPU_COMPACT === '1';
  const rows: Row[] = [];
  for (const n of nodes)
    for (const load of loads)
      for (let seed = 1; seed <= seeds; seed++) {
        const instance = generatePodPacking({ grid: 'gpu', nodes: n, load, compactGangs }, seed);
        const mine = await measure(instance, limits);
        rows.push(...mine);
        console.log(
          `  ${instance.name}: ${mine.map((r) => `${r.method}${r.limitSec ? ` ${r.limitSec}s` : ''} GPUs ${r.gpusByTier.join('/')} stranded ${r.stranded} ${r.comparison > 0 ? 'better' : r.comparison < 0 ? 'WORSE' : 'same'} ${(r.timeMs / 1000).toFixed(1)}s`).join('; ')}`,
        );
      }
  console.log(
    `\nGPU grid: nodes ${nodes.join(',')} x load ${loads.join(',')} x ${seeds} seed(s)${compactGangs ? ', gangs kept compact' : ''}; tiers highest first.`,
  );
  summarize(rows);
  if (process.env.POD_GPU_OUT) writeFileSync(process.env.POD_GPU_OUT, JSON.stringify(rows, null, 1));
}
