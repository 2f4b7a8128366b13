/**
 * Sequence-parallel plans on 64 H100s (8 nodes of 8, NVLink 4 inside, NDR InfiniBand between):
 * Llama 2 7B and 13B, long-tail batches with contexts up to 128K and 256K. Every baseline and
 * FlexSP's solver side by side, step time (ms, the evaluator's) and FlexSP's speedup over each
 * static-SP baseline. Then batch 512: FlexSP with a binary per sequence and with length
 * buckets, solve time and step, and what bucketing loses.
 *
 * Environment: SP_BENCH_BATCH (default 256), SP_BENCH_S (FlexSP time limit, default 60),
 * SP_BENCH_BUCKET_BATCH (default 512; 0 skips the bucketing table).
 */
import {
  family,
  flexSp,
  generateSequenceParallel,
  type SequenceParallelInstance,
} from '../models/sequence-parallel/index.js';
import { seededRandom } from '../src/util/random.js';

const batch = Number(process.env.SP_BENCH_BATCH ?? 256);
const limitSec = Number(process.env.SP_BENCH_S ?? 60);
const bucketBatch = Number(process.env.SP_BENCH_BUCKET_BATCH ?? 512);
const baselines = ['static-fit', 'static-n', 'static-ffd', 'static-bfd', 'greedy'];

function step(model: string, maxContext: number, size: number): SequenceParallelInstance {
  return generateSequenceParallel({ size: 'large', model, maxContext, batch: size, gpus: 64, gpusPerNode: 8 }, 1);
}

const stepMs = (instance: SequenceParallelInstance, name: string) =>
  family.evaluate(instance, family.heuristics[name](instance, { rng: seededRandom(1), deadline: Date.now() + 60_000 }))
    .objective;

async function flex(instance: SequenceParallelInstance, bucketed: boolean) {
  const started = performance.now();
  const answer = await flexSp(instance, { timeLimitSec: limitSec, bucketed });
  const seconds = (performance.now() - started) / 1000;
  const evaluation = family.evaluate(instance, answer.solution);
  return {
    ms: evaluation.objective,
    seconds,
    bound: answer.bound,
    microBatches: evaluation.metrics.microBatches,
  };
}

async function speedups(): Promise<void> {
  console.log(`\nbatch ${batch}, FlexSP ${limitSec} s (bucketed above 128 sequences): step ms and FlexSP's speedup`);
  console.log(
    `| model | context | ${baselines.join(' | ')} | flexsp | bound | ${baselines
      .slice(0, 4)
      .map((b) => `vs ${b}`)
      .join(' | ')} |`,
  );
  console.log(`|${' --- |'.repeat(2 * baselines.length + 2)}`);
  for (const model of ['llama2-7b', 'llama2-13b']) {
    for (const context of [131072, 262144]) {
      const instance = step(model, context, batch);
      const base = baselines.map((name) => stepMs(instance, name));
      const plan = await flex(instance, batch > 128);
      const ratios = base.slice(0, 4).map((ms) => `${(ms / plan.ms).toFixed(2)}x`);
      console.log(
        `| ${model} | ${context / 1024}K | ${base.map((ms) => ms.toFixed(0)).join(' | ')} | ${plan.ms.toFixed(0)} | ${plan.bound.toFixed(0)} | ${ratios.join(' | ')} |`,
      );
    }
  }
}

async function bucketing(): Promise<void> {
  if (bucketBatch <= 0) return;
  console.log(`\nbatch ${bucketBatch}, llama2-7b, 128K, FlexSP ${limitSec} s: exact vs bucketed`);
  console.log('| variant | solve s | step ms | micro-batches | gap to bound | loss vs exact |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const instance = step('llama2-7b', 131072, bucketBatch);
  const exact = await flex(instance, false);
  const bucketed = await flex(instance, true);
  for (const [name, r] of [
    ['per sequence', exact],
    ['bucketed', bucketed],
  ] as const) {
    const gap = (r.ms - r.bound) / r.ms;
    const loss = (r.ms - exact.ms) / exact.ms;
    console.log(
      `| ${name} | ${r.seconds.toFixed(1)} | ${r.ms.toFixed(1)} | ${r.microBatches} | ${(100 * gap).toFixed(1)}% | ${(100 * loss).toFixed(2)}% |`,
    );
  }
}

export async function run(): Promise<void> {
  await speedups();
  await bucketing();
}
