/**
 * A training plan: how a model is split over a cluster. `resolveTrainPlan` fills defaults and
 * checks that the degrees divide the GPUs, the batch, the heads and the experts, with errors
 * that say what to change.
 */
import { inputError } from '../errors.js';
import { clusterGpus, type ClusterSpec } from './hardware.js';
import type { ModelSpec } from './llm.js';
import type { AttentionKernel, Recompute } from './memory.js';
import { checkHeadsDivide, checkWhole, perfLimits } from './limits.js';
import { checkStageLayers, equalChunkSize, evenStageLayers } from './pipeline-stages.js';

/** Pipeline schedules the model knows. */
export type Schedule = '1f1b' | 'gpipe' | 'interleaved' | 'zb-h1';
/** Every schedule name, for the CLI's help and checks. */
export const schedules: readonly Schedule[] = ['1f1b', 'gpipe', 'interleaved', 'zb-h1'];

/** A training plan; omitted fields take the defaults listed. */
export interface TrainPlan {
  model: ModelSpec;
  cluster: ClusterSpec;
  /** GPUs used; default all of the cluster. */
  gpus?: number;
  tp: number;
  pp: number;
  /** Default `gpus / (tp pp cp)`. */
  dp?: number;
  /** Expert parallelism, carved out of the data-parallel ranks; default 1. */
  ep?: number;
  /** Context parallelism; default 1. */
  cp?: number;
  /** Sequence parallelism; default on when `tp > 1`. */
  sp?: boolean;
  seqLength: number;
  globalBatch: number;
  /** Default 1. */
  microBatch?: number;
  /** Default '1f1b'. */
  schedule?: Schedule;
  /** Model chunks per stage of the interleaved schedule; default 2. */
  virtualStages?: number;
  /** Default 'none'. */
  recompute?: Recompute;
  /** ZeRO stage 0-3; default 0. */
  zeroStage?: number;
  /** Megatron's distributed optimizer (FP32 gradients, sharded optimizer); default false. */
  distributedOptimizer?: boolean;
  /** Default 'flash'. */
  attention?: AttentionKernel;
  /** Overlap the data-parallel gradient reduction with the last backward pass; default true. */
  overlapGradReduce?: boolean;
  /**
   * Transformer layers of each pipeline stage, first to last (`fewerLayersOnEndStages` gives
   * Llama 3's layout); default an even split, the first stages taking the remainder.
   */
  stageLayers?: number[];
}

/** A plan with every default filled in. */
export type ResolvedTrainPlan = Required<TrainPlan> & { microbatches: number };

/** A parallel degree or a count of GPUs: a whole number from 1 to `perfLimits.gpus`. */
function requirePositiveInt(value: number, flag: string, max: number = perfLimits.gpus): void {
  checkWhole(value, flag, max);
}

/**
 * Fill defaults and validate a plan.
 *
 * @example
 * ```ts
 * const plan = resolveTrainPlan({ model: getModelPreset('llama3-8b'), cluster: makeCluster('h100', 8),
 *   tp: 1, pp: 1, seqLength: 8192, globalBatch: 64 });
 * plan.dp; // 8
 * ```
 */
export function resolveTrainPlan(plan: TrainPlan): ResolvedTrainPlan {
  const gpus = plan.gpus ?? clusterGpus(plan.cluster);
  const cp = plan.cp ?? 1;
  for (const [value, flag] of [
    [gpus, '--gpus'],
    [plan.tp, '--tp'],
    [plan.pp, '--pp'],
    [cp, '--cp'],
  ] as const) {
    requirePositiveInt(value, flag);
  }
  requirePositiveInt(plan.seqLength, '--seq', perfLimits.tokens);
  requirePositiveInt(plan.globalBatch, '--global-batch', perfLimits.sequences);
  const modelParallel = plan.tp * plan.pp * cp;
  if (gpus % modelParallel !== 0)
    throw inputError(
      `--tp ${plan.tp} x --pp ${plan.pp} x --cp ${cp} = ${modelParallel} does not divide --gpus ${gpus}; pick degrees whose product divides the GPU count`,
    );
  const dp = plan.dp ?? gpus / modelParallel;
  requirePositiveInt(dp, '--dp');
  if (dp * modelParallel !== gpus)
    throw inputError(
      `--tp ${plan.tp} x --pp ${plan.pp} x --cp ${cp} x --dp ${dp} = ${dp * modelParallel}, but --gpus is ${gpus}; make the product equal the GPU count (or omit --dp)`,
    );
  const microBatch = plan.microBatch ?? 1;
  requirePositiveInt(microBatch, '--micro-batch', perfLimits.sequences);
  if (plan.globalBatch % (dp * microBatch) !== 0)
    throw inputError(
      `--global-batch ${plan.globalBatch} is not a multiple of --dp ${dp} x --micro-batch ${microBatch}; each data-parallel rank needs a whole number of microbatches`,
    );
  const ep = plan.ep ?? 1;
  checkModelFits(plan, ep, dp, cp);
  const zeroStage = plan.zeroStage ?? 0;
  if (![0, 1, 2, 3].includes(zeroStage)) throw inputError(`--zero must be 0, 1, 2 or 3, got ${zeroStage}`);
  const schedule = plan.schedule ?? '1f1b';
  if (!schedules.includes(schedule))
    throw inputError(`--schedule must be one of ${schedules.join(', ')}, got '${schedule}'`);
  const stageLayers = plan.stageLayers ?? evenStageLayers(plan.model.layers, plan.pp);
  checkStageLayers(stageLayers, plan.model.layers, plan.pp);
  checkChunks(plan, stageLayers, plan.virtualStages ?? 2);
  return {
    ...plan,
    gpus,
    dp,
    ep,
    cp,
    sp: plan.sp ?? plan.tp > 1,
    microBatch,
    schedule,
    virtualStages: plan.virtualStages ?? 2,
    recompute: plan.recompute ?? 'none',
    zeroStage,
    distributedOptimizer: plan.distributedOptimizer ?? false,
    attention: plan.attention ?? 'flash',
    overlapGradReduce: plan.overlapGradReduce ?? true,
    stageLayers: [...stageLayers],
    microbatches: plan.globalBatch / (dp * microBatch),
  };
}

/** Checks that the model splits as the plan asks. */
function checkModelFits(plan: TrainPlan, ep: number, dp: number, cp: number): void {
  const model = plan.model;
  requirePositiveInt(ep, '--ep');
  checkHeadsDivide(model, plan.tp, '--tp');
  if (plan.pp > model.layers)
    throw inputError(
      `--pp ${plan.pp} exceeds the ${model.layers} layers of ${model.name}; use at most one stage per layer`,
    );
  if (plan.seqLength % cp !== 0) throw inputError(`--seq ${plan.seqLength} is not a multiple of --cp ${cp}`);
  if (ep > 1 && !model.moe)
    throw inputError(`--ep ${ep} needs a mixture-of-experts model, and ${model.name} is dense; use --ep 1`);
  if (ep > 1 && (dp * cp) % ep !== 0)
    throw inputError(`--ep ${ep} must divide --dp x --cp = ${dp * cp} (experts are sharded over data-parallel ranks)`);
  if (model.moe && model.moe.experts % ep !== 0)
    throw inputError(`--ep ${ep} does not divide the ${model.moe.experts} experts of ${model.name}`);
}

/**
 * The interleaved schedule splits the fullest stage into `chunks` equal model chunks, none
 * larger elsewhere (`equalChunkSize`): the closed-form bubble, (p - 1) / v of a stage's time,
 * holds only then.
 */
function checkChunks(plan: TrainPlan, stageLayers: readonly number[], chunks: number): void {
  requirePositiveInt(chunks, '--virtual-stages');
  if ((plan.schedule ?? '1f1b') !== 'interleaved') return;
  const fullest = Math.max(...stageLayers);
  if (fullest < chunks) {
    throw inputError(
      `the interleaved schedule with --virtual-stages ${chunks} needs at least ${chunks} layers on a stage, and the fullest stage of ${plan.model.name} has ${fullest}; use fewer virtual stages, 1f1b or a smaller --pp`,
    );
  }
  const { message } = equalChunkSize(stageLayers, chunks);
  if (message) throw inputError(message);
}
