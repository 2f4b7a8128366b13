/**
 * Pod packing targets (issue 6). On generated instances of the paper's grid where the
 * default kube-scheduler (LeastAllocated, DefaultPreemption) leaves pods pending, per
 * method and time limit (1 s and 10 s):
 * - "places more high-priority pods": at the highest priority tier where the MIP's and the
 *   scheduler's placed counts differ, the MIP places more (the target: >= 44% at 1 s,
 *   >= 73% at 10 s);
 * - "fewer": at that tier the scheduler places more (the target: never);
 * - "default proven optimal": the same placed count at every tier, and the MIP proved each
 *   tier's count the most possible (given the tiers above);
 * and the time to solve at 32 nodes x 8 pods per node (every tier proven).
 *
 * Methods, side by side in one run (POD_BENCH_METHODS, default "before,mip,mip+heuristics"):
 * - `before`: the first version: `solveLexicographic` with 2 x tiers levels (placed, then
 *   disruption), the time split evenly, started from the scheduler's placement;
 * - `mip`: one weighted solve per tier, counting-bound skips, started from the scheduler;
 * - `mip-split`, `mip+heuristics-split`: two solves per tier (placed, then disruption);
 * - `mip+heuristics`: the same, started from the best of the scheduler and the baselines
 *   (the family's exact method as shipped). The "start alone" column counts the instances
 *   where that start already places more, so the MIP's own share is visible.
 *
 * Environment: POD_BENCH_NODES (e.g. "4,8"), POD_BENCH_SEEDS (seeds per grid point,
 * default 1), POD_BENCH_LIMITS (seconds, default "1,10"), POD_BENCH_METHODS,
 * POD_BENCH_PROVE_LIMIT (seconds for the 32 x 8 timing, default 60; 0 skips it),
 * POD_BENCH_PROVE_METHODS (default: the last method), POD_BENCH_OUT (a JSON file of all rows).
 * POD_BENCH_METHODS=none POD_BENCH_PROVE_METHODS=mip+heuristics runs only the 32 x 8 timing.
 */
import { writeFileSync } from 'node:fs';
import { solveLexicographic } from '../src/solve/lexicographic.js';
import { evaluatePodPacking, placedByTier } from '../models/pod-packing/evaluate.js';
import { formulatePodPacking } from '../models/pod-packing/formulation.js';
import { generatePodPacking, paperGrid } from '../models/pod-packing/generate.js';
import { kubeScheduler } from '../models/pod-packing/heuristics/kube-scheduler.js';
import { compareLexicographic, solvePodPackingLexicographic } from '../models/pod-packing/lexicographic.js';
import type { PodPackingInstance, PodPackingSolution } from '../models/pod-packing/instance.js';

interface Outcome {
  solution: PodPackingSolution;
  /** Every tier's placed count proven the most possible. */
  placementProven: boolean;
  proven: boolean;
  /** The start the MIP began from places more than the scheduler. */
  startMore: boolean;
  timeMs: number;
}

type Method = (instance: PodPackingInstance, baseline: PodPackingSolution, limitSec: number) => Promise<Outcome>;

/** The first version of the exact method, kept here only to measure against. */
const before: Method = async (instance, baseline, limitSec) => {
  const started = performance.now();
  const mip = formulatePodPacking(instance, { incumbent: baseline });
  const objectives = mip.tiers.flatMap((priority, k) => [
    { name: `placed.p${priority}`, sense: 'max' as const, expr: mip.placedAtLeast[k], absoluteTolerance: 0.5 },
    { name: `disruption.p${priority}`, sense: 'min' as const, expr: mip.disruptionAtLeast[k], absoluteTolerance: 0.5 },
  ]);
  const { levels } = await solveLexicographic(mip.model, objectives, {
    timeLimitSec: limitSec,
    ...(mip.start ? { warmStart: mip.start } : {}),
  });
  const last = [...levels].reverse().find((level) => level.result?.hasSolution);
  const decoded = last?.result ? mip.decode(last.result.values) : baseline;
  const solution = evaluatePodPacking(instance, decoded).feasible ? decoded : baseline;
  return {
    solution,
    placementProven: levels.length === 2 * mip.tiers.length && levels.every((l, i) => i % 2 === 1 || l.proven),
    proven: levels.length === 2 * mip.tiers.length && levels.every((l) => l.proven),
    startMore: false,
    timeMs: performance.now() - started,
  };
};

const exact =
  (heuristicStarts: boolean, split = false): Method =>
  async (instance, baseline, limitSec) => {
    const report = await solvePodPackingLexicographic(instance, {
      timeLimitSec: limitSec,
      warmStart: baseline,
      heuristicStarts,
      split,
    });
    // Every grid instance has a feasible start (the scheduler's), so a placement always exists.
    if (report.solution === undefined) throw new Error(`${instance.name}: the lexicographic method found no placement`);
    return {
      solution: report.solution,
      placementProven: report.tiers.every((t) => t.placedProven),
      proven: report.proven,
      startMore: report.start !== 'given',
      timeMs: report.timeMs,
    };
  };

const methods: Record<string, Method> = {
  before,
  mip: exact(false),
  'mip-split': exact(false, true),
  'mip+heuristics': exact(true),
  'mip+heuristics-split': exact(true, true),
};

interface Row {
  method: string;
  instance: string;
  nodes: number;
  podsPerNode: number;
  priorities: number;
  utilization: number;
  pending: number;
  limitSec: number;
  /** +1 the MIP places more at the highest tier that differs, 0 the same at every tier, -1 fewer. */
  comparison: number;
  startMore: boolean;
  placementProven: boolean;
  timeMs: number;
}

function numbers(value: string | undefined, fallback: number[]): number[] {
  return value ? value.split(',').map(Number).filter(Number.isFinite) : fallback;
}

function* gridInstances(nodes: number[], seeds: number): Generator<[PodPackingInstance, Record<string, number>]> {
  for (const n of nodes)
    for (const podsPerNode of paperGrid.podsPerNode)
      for (const priorities of paperGrid.priorities) {
        for (const utilization of paperGrid.utilization)
          for (let seed = 1; seed <= seeds; seed++) {
            const params = { nodes: n, podsPerNode, priorities, utilization };
            yield [generatePodPacking(params, seed), params];
          }
      }
}

async function measure(
  method: string,
  instance: PodPackingInstance,
  params: Record<string, number>,
  limitSec: number,
): Promise<Row> {
  const baseline = kubeScheduler(instance);
  const baselineEvaluation = evaluatePodPacking(instance, baseline);
  const outcome = await methods[method](instance, baseline, limitSec);
  const evaluation = evaluatePodPacking(instance, outcome.solution);
  if (!evaluation.feasible)
    throw new Error(
      `${instance.name}: the ${method} placement fails the evaluator: ${evaluation.violations[0].message}`,
    );
  return {
    method,
    instance: instance.name,
    nodes: params.nodes,
    podsPerNode: params.podsPerNode,
    priorities: params.priorities,
    utilization: params.utilization,
    pending: baselineEvaluation.metrics.pending,
    limitSec,
    comparison: compareLexicographic(placedByTier(instance, evaluation), placedByTier(instance, baselineEvaluation)),
    startMore: outcome.startMore,
    placementProven: outcome.placementProven,
    timeMs: outcome.timeMs,
  };
}

function share(rows: Row[], test: (row: Row) => boolean): string {
  const hits = rows.filter(test).length;
  return `${hits}/${rows.length} (${rows.length ? ((100 * hits) / rows.length).toFixed(1) : '-'}%)`;
}

function summarize(rows: Row[], names: string[], limits: number[]): void {
  console.log(
    '| method | limit | instances with pending pods | places more high-priority pods | start alone places more | fewer | default proven optimal | mean time |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const limit of limits)
    for (const method of names) {
      const at = rows.filter((r) => r.limitSec === limit && r.method === method);
      const mean = at.reduce((t, r) => t + r.timeMs, 0) / Math.max(1, at.length);
      console.log(
        `| ${method} | ${limit} s | ${at.length} | ${share(at, (r) => r.comparison > 0)} | ${share(at, (r) => r.startMore)} | ${share(at, (r) => r.comparison < 0)} | ${share(at, (r) => r.comparison === 0 && r.placementProven)} | ${(mean / 1000).toFixed(2)} s |`,
      );
    }
}

async function timeLargest(method: string, limitSec: number, seeds: number): Promise<void> {
  const times: number[] = [];
  let proven = 0;
  for (const priorities of paperGrid.priorities)
    for (const utilization of paperGrid.utilization)
      for (let seed = 1; seed <= seeds; seed++) {
        const instance = generatePodPacking({ nodes: 32, podsPerNode: 8, priorities, utilization }, seed);
        const outcome = await methods[method](instance, kubeScheduler(instance), limitSec);
        if (outcome.proven) proven++;
        times.push(outcome.timeMs);
        console.log(
          `  ${method} 32x8 ${instance.name}: ${(outcome.timeMs / 1000).toFixed(2)} s, ${outcome.proven ? 'every tier proven' : 'not every tier proven'}`,
        );
      }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] / 1000;
  console.log(
    `${method}, 32 nodes x 8 pods/node (256 pods): ${proven}/${times.length} proven within ${limitSec} s; time median ${median.toFixed(2)} s, max ${(times[times.length - 1] / 1000).toFixed(2)} s (a time limit counts as ${limitSec} s)`,
  );
}

/** Run the pod-packing targets; see the header for the environment knobs. */
export async function run(_args: string[]): Promise<void> {
  const nodes = numbers(process.env.POD_BENCH_NODES, paperGrid.nodes);
  const seeds = Number(process.env.POD_BENCH_SEEDS ?? 1);
  const limits = numbers(process.env.POD_BENCH_LIMITS, [1, 10]);
  const names = (process.env.POD_BENCH_METHODS ?? Object.keys(methods).join(','))
    .split(',')
    .filter((name) => name in methods);
  const rows: Row[] = [];
  let scanned = 0;
  for (const [instance, params] of gridInstances(nodes, seeds)) {
    scanned++;
    if (evaluatePodPacking(instance, kubeScheduler(instance)).metrics.pending === 0) continue;
    const mine: Row[] = [];
    for (const limit of limits) for (const method of names) mine.push(await measure(method, instance, params, limit));
    rows.push(...mine);
    if (mine.length > 0)
      console.log(
        `  ${instance.name}: pending ${mine[0].pending}; ${mine.map((r) => `${r.method} ${r.limitSec}s ${r.comparison > 0 ? 'more' : r.comparison < 0 ? 'FEWER' : 'same'}${r.placementProven ? ' (proven)' : ''}`).join(', ')}`,
      );
  }
  const pending = rows.length / Math.max(1, limits.length * names.length);
  console.log(
    `\n${scanned} generated instances (nodes ${nodes.join(',')}, ${seeds} seed(s) per grid point); the default scheduler leaves pods pending in ${pending}.`,
  );
  summarize(rows, names, limits);
  const proveLimit = Number(process.env.POD_BENCH_PROVE_LIMIT ?? 60);
  const proveMethods = (process.env.POD_BENCH_PROVE_METHODS ?? names[names.length - 1] ?? '')
    .split(',')
    .filter((name) => name in methods);
  if (proveLimit > 0) for (const method of proveMethods) await timeLargest(method, proveLimit, Math.min(seeds, 1));
  if (process.env.POD_BENCH_OUT) writeFileSync(process.env.POD_BENCH_OUT, JSON.stringify(rows, null, 1));
}
