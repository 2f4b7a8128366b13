/**
 * Parallel plans (`npm run bench -- parallel-plan`), three tables measured in one run:
 *
 * 1. `exact`: the enumeration (exact, what `solve` runs) beside the MIP, hill climbing and the
 *    rule of thumb on instances where the enumeration finishes: step time, gap to the
 *    enumeration's best, wall time; and the estimator's speed, `estimateTraining` beside the
 *    cached `FastEstimator`, in plans per second.
 * 2. `targets`: `solve` with a 10 s limit (what `schedlab solve --time-limit 10` runs) on
 *    Llama 3 70B (64-1,024 H100), Llama 3 405B (1,024-16,384), Mixtral 8x7B and DeepSeek-V3
 *    (64-2,048): time including parsing, status, plan, TF/GPU, MFU.
 * 3. `published`: Narayanan et al. 2021 Table 1 and Llama 3 Table 4 (`src/perf/published.ts`):
 *    the published configuration as a plan of the family (our model's settings: SP with TP,
 *    gradient reduction overlapped) beside the plan found, both predicted TF/GPU.
 * 4. `any`: layouts "any", the enumeration beside the MIP with its layout blocks.
 *
 * The targets table also gives the step of the plan's schedule run by the pipeline family
 * (`scheduledStepTimeS`) beside the closed form the search ranks by.
 *
 * Environment: PARALLEL_PLAN_BENCH = a comma list of `exact`, `targets`, `published`, `any` (default all).
 */
import { family } from '../models/parallel-plan/index.js';
import { FastEstimator } from '../models/parallel-plan/fast-estimate.js';
import { hillClimb, ruleOfThumb } from '../models/parallel-plan/heuristics.js';
import { parseParallelPlan, type ParallelPlanInstance, type Plan } from '../models/parallel-plan/instance.js';
import { evenLayers, planLabel } from '../models/parallel-plan/plan.js';
import { predictPlan } from '../models/parallel-plan/predict.js';
import { allPlans } from '../models/parallel-plan/space.js';
import { runMethod } from '../src/family/methods.js';
import { narayananTflopsPerGpu, publishedTrainingResults, type PublishedResult } from '../src/perf/published.js';
import { seededRandom } from '../src/util/random.js';

const sections = (process.env.PARALLEL_PLAN_BENCH ?? 'exact,targets,published,any').split(',');
const ms = (start: number): string => `${(performance.now() - start).toFixed(0)} ms`;
const pct = (a: number, b: number): string => `${((100 * (a - b)) / b).toFixed(2)}%`;

function instanceOf(
  model: unknown,
  cluster: unknown,
  seqLength: number,
  globalBatch: number,
  limits = {},
): ParallelPlanInstance {
  return parseParallelPlan({ model, cluster, workload: { seqLength, globalBatch }, limits });
}

/** Plans per second of estimateTraining and of the FastEstimator on the same plans. */
function estimatorSpeed(instance: ParallelPlanInstance): string {
  const plans = allPlans(instance)
    .filter((_, i) => i % 7 === 0)
    .slice(0, 2000);
  const start = performance.now();
  for (const plan of plans) predictPlan(instance, plan);
  const slow = plans.length / ((performance.now() - start) / 1000);
  const fast = new FastEstimator(instance);
  const pass = (): number => {
    const began = performance.now();
    for (const plan of plans) {
      fast.stepTime(plan);
      fast.peakMemory(plan);
    }
    return plans.length / ((performance.now() - began) / 1000);
  };
  const [cold, warm] = [pass(), pass()];
  return `${plans.length} plans: estimateTraining ${slow.toFixed(0)}/s; FastEstimator ${cold.toFixed(0)}/s with its caches cold, ${warm.toFixed(0)}/s warm (step and memory)`;
}

async function exactTable(): Promise<void> {
  const cases: [string, unknown, unknown, number, number][] = [
    ['Llama 3 8B, 8 H100', 'llama3-8b', { gpu: 'h100-sxm', gpus: 8 }, 4096, 64],
    ['Llama 3 8B, 32 H100', 'llama3-8b', { gpu: 'h100-sxm', gpus: 32 }, 8192, 256],
    ['Llama 3 70B, 64 H100', 'llama3-70b', { gpu: 'h100-sxm', gpus: 64 }, 8192, 512],
    ['Llama 3 70B, 256 H100', 'llama3-70b', { gpu: 'h100-sxm', gpus: 256 }, 8192, 1024],
    ['Mixtral 8x7B, 64 H100', 'mixtral-8x7b', { gpu: 'h100-sxm', gpus: 64 }, 4096, 1024],
    ['GPT-3 175B, 128 A100', 'gpt3-175b', { gpu: 'a100-80gb', gpus: 128 }, 2048, 512],
  ];
  console.log(
    '\n| case | enumerate (default) | proven | time | MIP gap | MIP time | hill-climb gap | rule-of-thumb gap | enumerate plan |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [label, model, cluster, seq, batch] of cases) {
    const instance = instanceOf(model, cluster, seq, batch);
    let start = performance.now();
    const exact = await runMethod(family, instance, undefined, { timeLimitSec: 60 });
    const exactTime = ms(start);
    start = performance.now();
    const mip = await runMethod(family, instance, 'mip', { timeLimitSec: 60 });
    const mipTime = ms(start);
    const climb = family.evaluate(
      instance,
      hillClimb(instance, { rng: seededRandom(1), deadline: Date.now() + 10_000 }),
    );
    const thumb = family.evaluate(instance, ruleOfThumb(instance));
    const plan = exact.solution ? planLabel(exact.solution) : 'none';
    console.log(
      `| ${label} | ${exact.objective.toFixed(3)} s | ${exact.proven} | ${exactTime} | ${pct(mip.objective, exact.objective)} | ${mipTime} | ${pct(climb.objective, exact.objective)} | ${pct(thumb.objective, exact.objective)} | ${plan} |`,
    );
  }
  console.log(
    `\nestimator speed, Llama 3 405B on 1,024 H100: ${estimatorSpeed(instanceOf('llama3-405b', { gpu: 'h100-sxm', gpus: 1024 }, 8192, 2048))}`,
  );
}

/** The pipeline family's run of the plan's schedule beside the closed form, or why it did not run. */
function scheduled(metrics: Record<string, number>): string {
  const step = metrics.scheduledStepTimeS;
  if (step === undefined) return `not run (${metrics.schedulePasses} passes)`;
  return `${step.toFixed(3)} s (${pct(step, metrics.stepTimeS ?? step)})`;
}

async function targetsTable(): Promise<void> {
  const cases: [string, number[], number, number][] = [
    ['llama3-70b', [64, 128, 256, 512, 1024], 8192, 1024],
    ['llama3-405b', [1024, 2048, 4096, 8192, 16384], 8192, 2048],
    ['mixtral-8x7b', [64, 256, 1024, 2048], 4096, 1024],
    ['deepseek-v3', [64, 256, 1024, 2048], 4096, 4096],
  ];
  console.log(
    '\n| model | H100 | seq x batch | time (parse + solve) | status | TF/GPU | MFU | step (closed form) | scheduled step | plan |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [model, counts, seq, batch] of cases) {
    for (const gpus of counts) {
      const start = performance.now();
      try {
        const instance = instanceOf(model, { gpu: 'h100-sxm', gpus }, seq, batch);
        const result = await runMethod(family, instance, undefined, { timeLimitSec: 10 });
        const m = result.evaluation.metrics;
        const plan = result.solution ? planLabel(result.solution) : 'none';
        console.log(
          `| ${model} | ${gpus} | ${seq} x ${batch} | ${ms(start)} | ${result.status} | ${m.tflopsPerGpu?.toFixed(0)} | ${((m.mfu ?? 0) * 100).toFixed(1)}% | ${m.stepTimeS?.toFixed(3)} s | ${scheduled(m)} | ${plan} |`,
        );
      } catch (error) {
        console.log(
          `| ${model} | ${gpus} | ${seq} x ${batch} | ${ms(start)} | refused | | | ${(error as Error).message.slice(0, 110)} |`,
        );
      }
    }
  }
}

/**
 * Layouts "any": the enumeration (even layouts, then layer moves) beside the MIP with its
 * layout blocks, on instances small enough for a block per candidate (provable) and on
 * Llama 3 405B at 8,192 H100s (not).
 */
async function anyLayoutTable(): Promise<void> {
  const narrow = { tp: { values: [2] }, pp: { values: [4] }, cp: { max: 1 }, recompute: ['none'], zero: [1] };
  const cases: [string, ParallelPlanInstance][] = ['zb-h1', 'interleaved', '1f1b'].map((schedule) => [
    `Llama 3 8B, 8 H100, tp2 pp4, ${schedule}`,
    instanceOf('llama3-8b', { gpu: 'h100-sxm', gpus: 8 }, 4096, 32, {
      ...narrow,
      layouts: 'any',
      schedules: [schedule],
      distributedOptimizer: false,
      maxMicroBatch: 1,
      maxVirtualStages: 3,
    }),
  ]);
  cases.push([
    'Llama 3 405B, 8,192 H100 (meta-roce-h100)',
    instanceOf('llama3-405b', { preset: 'meta-roce-h100', gpus: 8192 }, 8192, 2048, { layouts: 'any' }),
  ]);
  console.log('\n| case | enumerate (solve) | status | time | MIP | status | time | plan (MIP) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, instance] of cases) {
    let start = performance.now();
    const searched = await runMethod(family, instance, 'enumerate', { timeLimitSec: 10 });
    const searchTime = ms(start);
    start = performance.now();
    const mip = await runMethod(family, instance, 'mip', { timeLimitSec: 10 });
    const plan = mip.solution ? `${planLabel(mip.solution)} ${mip.solution.stageLayers.join(',')}` : 'none';
    console.log(
      `| ${name} | ${searched.objective.toFixed(3)} s | ${searched.status} | ${searchTime} | ${mip.objective.toFixed(3)} s | ${mip.status} | ${ms(start)} | ${plan} |`,
    );
  }
}

/** Narayanan's GPT as a config.json object (GELU MLP of 4h, tied embeddings, dropout). */
function gptConfig(row: PublishedResult): Record<string, unknown> {
  const m = row.plan.model;
  return {
    num_hidden_layers: m.layers,
    hidden_size: m.hiddenSize,
    num_attention_heads: m.heads,
    intermediate_size: m.ffnHiddenSize,
    vocab_size: m.vocabSize,
    hidden_act: 'gelu',
    tie_word_embeddings: true,
    attention_dropout: 0.1,
  };
}

/** The published configuration as a plan of the family. */
function publishedPlan(row: PublishedResult): Plan {
  const p = row.plan;
  const dp = p.dp ?? (p.gpus ?? p.cluster.nodes * p.cluster.gpusPerNode) / (p.tp * p.pp * (p.cp ?? 1));
  return {
    tp: p.tp,
    pp: p.pp,
    dp,
    cp: p.cp ?? 1,
    ep: 1,
    microBatch: p.microBatch ?? 1,
    schedule: p.schedule ?? '1f1b',
    virtualStages: p.virtualStages ?? 2,
    recompute: p.recompute ?? 'none',
    zero: p.zeroStage ?? 0,
    distributedOptimizer: p.distributedOptimizer ?? false,
    stageLayers: p.stageLayers ?? evenLayers(p.model.layers, p.pp),
  };
}

function tflops(instance: ParallelPlanInstance, row: PublishedResult, plan: Plan): string {
  const estimate = predictPlan(instance, plan);
  if (!estimate) return 'invalid';
  const fits = family.evaluate(instance, plan).feasible ? '' : ' (does not fit)';
  if (row.metric === 'mfu')
    return `${estimate.tflopsPerGpu.toFixed(1)} (MFU ${(100 * estimate.mfu).toFixed(1)}%)${fits}`;
  return `${narayananTflopsPerGpu(row.plan, estimate.stepTimeS, instance.gpus).toFixed(1)}${fits}`;
}

async function publishedTable(): Promise<void> {
  console.log(
    '\n| source | configuration | published plan, predicted TF/GPU | found plan, predicted TF/GPU | found plan | time |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of publishedTrainingResults().filter((r) => !r.source.startsWith('Korthikanti'))) {
    const llama = row.source.includes('Llama');
    const p = row.plan;
    const gpus = p.gpus ?? p.cluster.nodes * p.cluster.gpusPerNode;
    const cluster = llama ? { preset: 'meta-roce-h100', gpus } : { gpu: 'a100-80gb', gpus };
    const instance = parseParallelPlan({
      model: llama ? 'llama3-405b' : gptConfig(row),
      cluster,
      workload: { seqLength: p.seqLength, globalBatch: p.globalBatch, attention: p.attention ?? 'flash' },
      // Llama 3's layout puts one layer fewer on the end stages: uneven layouts are allowed there.
      limits: llama ? { layouts: 'any' } : {},
    });
    const start = performance.now();
    const found = await runMethod(family, instance, 'enumerate', { timeLimitSec: 30 });
    const time = ms(start);
    const plan = found.solution as Plan | undefined;
    console.log(
      `| ${row.source} | ${row.label} | ${tflops(instance, row, publishedPlan(row))} | ${plan ? tflops(instance, row, plan) : 'none'} | ${plan ? `${planLabel(plan)}${llama ? ` layers ${plan.stageLayers.join(',')}` : ''}` : ''} | ${time} |`,
    );
  }
}

/** Entry point of `npm run bench -- parallel-plan`. */
export async function run(): Promise<void> {
  if (sections.includes('exact')) await exactTable();
  if (sections.includes('targets')) await targetsTable();
  if (sections.includes('published')) await publishedTable();
  if (sections.includes('any')) await anyLayoutTable();
}
