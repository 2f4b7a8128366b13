/**
 * Expert placement, side by side in one run:
 *
 * 1. Mixtral-8x7B, skewed profiles (Zipf 1.2, correlation 0.6, 32 layers, seq 4096 x 1 sequence
 *    per GPU per microbatch), EP=4 in one node and EP=8 over two nodes of 4: MoE time per
 *    microbatch (training: forward + backward) of every method, and the end-to-end step time
 *    through `estimateTraining`. The estimate prices experts as perfectly balanced, so the step of
 *    a placement is `estimate + microbatches x (MoE time of the placement - MoE time of the
 *    uniform profile under contiguous placement)`: the estimate plus what imbalance and traffic
 *    add on top of the balanced case.
 * 2. DeepSeek-V3-sized: 256 experts on 32 and 64 GPUs (nodes of 8) with 0/32/64 redundant slots:
 *    imbalance and MoE time of EPLB vs the two-stage ILP, and each stage's solve time.
 * 3. The two-stage split vs the single-stage MIP on small Mixtral cases.
 *
 * Environment: EP_BENCH_TWO_STAGE_S (default 20: two-stage time limit for parts 1 and 3),
 * EP_BENCH_DS_S (default 60), EP_BENCH_DS_LAYERS (default 58), EP_BENCH_MIP_S (default 30),
 * EP_BENCH_PARTS (default "1,2,3").
 */
import { contiguous, evaluateExpertPlacement, family, solveTwoStage } from '../models/expert-placement/index.js';
import { parseExpertPlacement, type ExpertPlacementInstance } from '../models/expert-placement/instance.js';
import { solveWithMip } from '../src/family/run.js';
import { makeCluster } from '../src/perf/hardware.js';
import { getModelPreset } from '../src/perf/llm.js';
import { estimateTraining } from '../src/perf/train-estimate.js';

const env = (key: string, fallback: number) => Number(process.env[key] ?? fallback);
const parts = (process.env.EP_BENCH_PARTS ?? '1,2,3').split(',');
const fmt = (x: number, digits = 3) => x.toFixed(digits);

async function methods(instance: ExpertPlacementInstance, twoStageSec: number) {
  const rows: {
    method: string;
    ms: number;
    imbalance: number;
    worst: number;
    crossGB: number;
    seconds: number;
    note?: string;
  }[] = [];
  for (const name of ['contiguous', 'round-robin', 'lpt', 'eplb', 'routing-aware']) {
    const started = performance.now();
    const solution = family.heuristics[name](instance, { rng: Math.random, deadline: Date.now() + 1e4 });
    const e = evaluateExpertPlacement(instance, solution);
    rows.push({
      method: name,
      ms: e.objective,
      imbalance: e.metrics.imbalance,
      worst: e.metrics.maxImbalance,
      crossGB: e.metrics.crossNodeGB,
      seconds: (performance.now() - started) / 1000,
    });
  }
  const started = performance.now();
  const report = await solveTwoStage(instance, { timeLimitSec: twoStageSec });
  const e = evaluateExpertPlacement(instance, report.solution);
  const stage = (list: { seconds: number }[]) => list.reduce((s, x) => s + x.seconds, 0);
  rows.push({
    method: 'two-stage',
    ms: e.objective,
    imbalance: e.metrics.imbalance,
    worst: e.metrics.maxImbalance,
    crossGB: e.metrics.crossNodeGB,
    seconds: (performance.now() - started) / 1000,
    note: `start ${report.start.name} ${fmt(report.start.objective)}, kept ${report.won}; stage 1 ${fmt(stage(report.stage1), 1)} s (${report.stage1.filter((s) => s.termination === 'optimal').length}/${instance.layers} optimal), stage 2 ${fmt(stage(report.stage2), 1)} s`,
  });
  return rows;
}

function mixtralInstance(gpus: number, perNode: number, redundantSlots: number, seed: number): ExpertPlacementInstance {
  return family.generate(
    {
      gpus,
      gpusPerNode: perNode,
      redundantSlots,
      layers: 32,
      tokens: 4096 * gpus,
      zipf: 1.2,
      correlation: 0.6,
      phase: 'training',
    },
    seed,
  );
}

function uniformOf(instance: ExpertPlacementInstance): ExpertPlacementInstance {
  const total = instance.routing.n[0].reduce((a, b) => a + b, 0);
  const n = instance.routing.n.map((row) => row.map(() => total / row.length));
  return parseExpertPlacement({
    model: instance.modelRef,
    cluster: instance.clusterRef,
    phase: instance.phase,
    redundantSlots: instance.redundantSlots,
    routing: { n },
  });
}

async function partMixtral() {
  console.log('\n## Mixtral-8x7B, skewed profiles (Zipf 1.2, correlation 0.6), training, seq 4096, H100\n');
  console.log(
    '| EP | redundant | method | MoE ms/microbatch | vs contiguous | imbalance | cross-node GB | step s (estimate) | step speedup | time s | note |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [gpus, perNode, redundantSlots] of [
    [4, 8, 0],
    [8, 4, 0],
    [8, 4, 8],
  ]) {
    const instance = mixtralInstance(gpus, perNode, redundantSlots, 1);
    const plan = {
      model: getModelPreset('mixtral-8x7b'),
      cluster: makeCluster('h100', gpus, perNode),
      tp: 1,
      pp: 1,
      ep: gpus,
      seqLength: 4096,
      globalBatch: 8 * gpus,
      microBatch: 1,
    };
    const estimate = estimateTraining(plan);
    const balanced = evaluateExpertPlacement(uniformOf(instance), contiguous(uniformOf(instance))).objective;
    const rows = await methods(instance, env('EP_BENCH_TWO_STAGE_S', 20));
    const base = rows[0];
    const step = (ms: number) => estimate.stepTimeS + (estimate.plan.microbatches * (ms - balanced)) / 1000;
    for (const r of rows)
      console.log(
        `| ${gpus}${perNode < gpus ? ' (2 nodes)' : ''} | ${redundantSlots} | ${r.method} | ${fmt(r.ms)} | ${fmt(base.ms / r.ms)}x | ${fmt(r.imbalance)} | ${fmt(r.crossGB)} | ${fmt(step(r.ms))} | ${fmt((100 * (step(base.ms) - step(r.ms))) / step(base.ms), 1)}% | ${fmt(r.seconds, 1)} | ${r.note ?? ''} |`,
      );
  }
}

async function partDeepSeek() {
  const layers = env('EP_BENCH_DS_LAYERS', 58);
  console.log(
    `\n## DeepSeek-V3 (256 experts, top-8), ${layers} MoE layers, 8,192 tokens, inference, H100 nodes of 8; two-stage limit ${env('EP_BENCH_DS_S', 60)} s\n`,
  );
  console.log(
    '| GPUs | redundant | method | MoE ms | imbalance (mean) | worst layer | cross-node GB | time s | note |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const gpus of [32, 64])
    for (const redundantSlots of [0, 32, 64]) {
      if ((256 + redundantSlots) % gpus !== 0) {
        console.log(
          `| ${gpus} | ${redundantSlots} | - | - | - | - | - | - | ${256 + redundantSlots} slots do not divide over ${gpus} GPUs (equal expert counts; EPLB asserts the same) |`,
        );
        continue;
      }
      const instance = family.generate(
        { model: 'deepseek-v3', gpus, gpusPerNode: 8, layers, tokens: 8192, zipf: 1.2, redundantSlots },
        1,
      );
      const rows = (await methods(instance, env('EP_BENCH_DS_S', 60))).filter(
        (r) => r.method === 'eplb' || r.method === 'two-stage' || r.method === 'contiguous' || r.method === 'lpt',
      );
      for (const r of rows)
        console.log(
          `| ${gpus} | ${redundantSlots} | ${r.method} | ${fmt(r.ms)} | ${fmt(r.imbalance)} | ${fmt(r.worst)} | ${fmt(r.crossGB)} | ${fmt(r.seconds, 1)} | ${r.note ?? ''} |`,
        );
    }
}

async function partGap() {
  console.log('\n## Two-stage split vs single-stage MIP (Mixtral-8x7B, 2 layers, 4,096 tokens, Zipf 1.2)\n');
  console.log('| GPUs | single-stage ms | status | bound | time s | two-stage ms | time s | two-stage loss |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [gpus, seed] of [
    [2, 1],
    [2, 2],
    [4, 1],
    [4, 2],
  ]) {
    const instance = family.generate({ gpus, layers: 2, tokens: 4096, zipf: 1.2 }, seed);
    let started = performance.now();
    const mip = await solveWithMip(family, instance, { timeLimitSec: env('EP_BENCH_MIP_S', 30) });
    const mipSec = (performance.now() - started) / 1000;
    started = performance.now();
    const two = await solveTwoStage(instance, { timeLimitSec: env('EP_BENCH_TWO_STAGE_S', 20) });
    const twoSec = (performance.now() - started) / 1000;
    console.log(
      `| ${gpus} | ${fmt(mip.objective, 4)} | ${mip.status} | ${fmt(mip.bound, 4)} | ${fmt(mipSec, 1)} | ${fmt(two.objective, 4)} | ${fmt(twoSec, 1)} | ${fmt((100 * (two.objective - mip.objective)) / mip.objective, 2)}% |`,
    );
  }
}

/** Runs the parts named in EP_BENCH_PARTS. */
export async function run(_args: string[]): Promise<void> {
  if (parts.includes('1')) await partMixtral();
  if (parts.includes('2')) await partDeepSeek();
  if (parts.includes('3')) await partGap();
}
