/**
 * Pod packing targets (issue 6): on generated instances of the paper's grid where the
 * default kube-scheduler (LeastAllocated, DefaultPreemption) leaves pods pending, the
 * share where the lexicographic MIP at 1 s and at 10 s places more high-priority pods
 * (per-tier placed counts compared lexicographically), the share where it places fewer
 * (must be 0), the share where it proves the default placement already optimal, and the
 * time to solve at 32 nodes x 8 pods per node.
 *
 * Environment: POD_BENCH_NODES (e.g. "4,8"), POD_BENCH_SEEDS (seeds per grid point,
 * default 1), POD_BENCH_LIMITS (seconds, default "1,10"), POD_BENCH_PROVE_LIMIT (seconds
 * for the 32 x 8 timing, default 60; 0 skips it), POD_BENCH_OUT (a JSON file of all rows).
 */
import { writeFileSync } from 'node:fs';
import { evaluatePodPacking, placedByTier } from '../models/pod-packing/evaluate.js';
import { generatePodPacking, paperGrid } from '../models/pod-packing/generate.js';
import { kubeScheduler } from '../models/pod-packing/heuristics/kube-scheduler.js';
import { compareLexicographic, solvePodPackingLexicographic } from '../models/pod-packing/lexicographic.js';
import type { PodPackingInstance } from '../models/pod-packing/instance.js';

interface Row {
  instance: string;
  nodes: number;
  podsPerNode: number;
  priorities: number;
  utilization: number;
  pending: number;
  limitSec: number;
  /** +1 the MIP places more by tier (lexicographically), 0 the same, -1 fewer. */
  comparison: number;
  topTierGain: number;
  placementProven: boolean;
  timeMs: number;
}

function numbers(value: string | undefined, fallback: number[]): number[] {
  return value ? value.split(',').map(Number).filter(Number.isFinite) : fallback;
}

function* gridInstances(nodes: number[], seeds: number): Generator<[PodPackingInstance, Record<string, number>]> {
  for (const n of nodes) for (const podsPerNode of paperGrid.podsPerNode) for (const priorities of paperGrid.priorities) {
    for (const utilization of paperGrid.utilization) for (let seed = 1; seed <= seeds; seed++) {
      const params = { nodes: n, podsPerNode, priorities, utilization };
      yield [generatePodPacking(params, seed), params];
    }
  }
}

async function measure(instance: PodPackingInstance, params: Record<string, number>, limitSec: number): Promise<Row> {
  const baseline = kubeScheduler(instance);
  const before = placedByTier(instance, evaluatePodPacking(instance, baseline));
  const report = await solvePodPackingLexicographic(instance, { timeLimitSec: limitSec, warmStart: baseline });
  const evaluation = evaluatePodPacking(instance, report.solution);
  if (!evaluation.feasible) throw new Error(`${instance.name}: the MIP's placement fails the evaluator: ${evaluation.violations[0].message}`);
  const after = placedByTier(instance, evaluation);
  return {
    instance: instance.name, nodes: params.nodes, podsPerNode: params.podsPerNode, priorities: params.priorities, utilization: params.utilization,
    pending: evaluatePodPacking(instance, baseline).metrics.pending, limitSec,
    comparison: compareLexicographic(after, before), topTierGain: after[0] - before[0],
    placementProven: report.tiers.every((t) => t.placedProven), timeMs: report.timeMs,
  };
}

function share(rows: Row[], test: (row: Row) => boolean): string {
  const hits = rows.filter(test).length;
  return `${hits}/${rows.length} (${rows.length ? ((100 * hits) / rows.length).toFixed(1) : '-'}%)`;
}

function summarize(rows: Row[], limits: number[]): void {
  console.log('| limit | instances with pending pods | MIP places more (by tier) | more at the top tier | fewer | default proven optimal | mean time |');
  console.log('|---|---|---|---|---|---|---|');
  for (const limit of limits) {
    const at = rows.filter((r) => r.limitSec === limit);
    const proven = share(at, (r) => r.comparison === 0 && r.placementProven);
    const mean = at.reduce((t, r) => t + r.timeMs, 0) / Math.max(1, at.length);
    console.log(`| ${limit} s | ${at.length} | ${share(at, (r) => r.comparison > 0)} | ${share(at, (r) => r.topTierGain > 0)} | ${share(at, (r) => r.comparison < 0)} | ${proven} | ${(mean / 1000).toFixed(2)} s |`);
  }
}

async function timeLargest(limitSec: number, seeds: number): Promise<void> {
  if (limitSec <= 0) return;
  const times: number[] = [];
  let proven = 0;
  let total = 0;
  for (const priorities of paperGrid.priorities) for (const utilization of paperGrid.utilization) for (let seed = 1; seed <= seeds; seed++) {
    const instance = generatePodPacking({ nodes: 32, podsPerNode: 8, priorities, utilization }, seed);
    const report = await solvePodPackingLexicographic(instance, { timeLimitSec: limitSec });
    total++;
    if (report.proven) {
      proven++;
      times.push(report.timeMs);
    }
    console.log(`  32x8 ${instance.name}: ${(report.timeMs / 1000).toFixed(2)} s, ${report.proven ? 'every level proven' : 'not all levels proven'}`);
  }
  times.sort((a, b) => a - b);
  const median = times.length ? times[Math.floor(times.length / 2)] / 1000 : Number.NaN;
  const max = times.length ? times[times.length - 1] / 1000 : Number.NaN;
  console.log(`32 nodes x 8 pods/node (256 pods): ${proven}/${total} proven within ${limitSec} s; median ${median.toFixed(2)} s, max ${max.toFixed(2)} s among proven`);
}

/** Run the pod-packing targets; see the header for the environment knobs. */
export async function run(_args: string[]): Promise<void> {
  const nodes = numbers(process.env.POD_BENCH_NODES, paperGrid.nodes);
  const seeds = Number(process.env.POD_BENCH_SEEDS ?? 1);
  const limits = numbers(process.env.POD_BENCH_LIMITS, [1, 10]);
  const rows: Row[] = [];
  let scanned = 0;
  for (const [instance, params] of gridInstances(nodes, seeds)) {
    scanned++;
    if (evaluatePodPacking(instance, kubeScheduler(instance)).metrics.pending === 0) continue;
    for (const limit of limits) rows.push(await measure(instance, params, limit));
    const last = rows[rows.length - 1];
    console.log(`  ${instance.name}: pending ${last.pending}; ${rows.slice(-limits.length).map((r) => `${r.limitSec}s ${r.comparison > 0 ? 'more' : r.comparison < 0 ? 'FEWER' : 'same'}${r.placementProven ? ' (proven)' : ''}`).join(', ')}`);
  }
  console.log(`\n${scanned} generated instances (nodes ${nodes.join(',')}, ${seeds} seed(s) per grid point); the default scheduler leaves pods pending in ${rows.length / Math.max(1, limits.length)}.`);
  summarize(rows, limits);
  await timeLargest(Number(process.env.POD_BENCH_PROVE_LIMIT ?? 60), Math.min(seeds, 1));
  if (process.env.POD_BENCH_OUT) writeFileSync(process.env.POD_BENCH_OUT, JSON.stringify(rows, null, 1));
}
