/**
 * The performance model's prediction of a plan, and the `schedlab estimate train` command
 * line that reproduces it by hand.
 */
import { SchedlabError } from '../../src/errors.js';
import { estimateTraining, type TrainEstimate } from '../../src/perf/train-estimate.js';
import type { ParallelPlanInstance, Plan } from './instance.js';
import { trainPlanOf } from './plan.js';

/**
 * The estimate of a plan, or undefined when the performance model refuses it (a degree that
 * does not divide, a layout that does not add up).
 *
 * @example
 * ```ts
 * predictPlan(instance, plan)?.stepTimeS;
 * ```
 */
export function predictPlan(instance: ParallelPlanInstance, plan: Plan): TrainEstimate | undefined {
  try {
    return estimateTraining(trainPlanOf(instance, plan));
  } catch (error) {
    if (error instanceof SchedlabError && error.kind === 'input') return undefined;
    throw error;
  }
}

function clusterFlags(instance: ParallelPlanInstance): string {
  const ref = instance.clusterRef;
  if ('preset' in ref) return `--cluster ${ref.preset}`;
  const links = `${ref.intraLink ? ` --intra-link ${ref.intraLink}` : ''}${ref.interLink ? ` --inter-link ${ref.interLink}` : ''}`;
  return `--gpu ${ref.gpu} --gpus-per-node ${ref.gpusPerNode ?? 8}${links}`;
}

/**
 * The command that re-runs a plan: `schedlab estimate train --model ... --tp ... --json`. A
 * model given as a config.json object is written `CONFIG.json` (save the object there).
 *
 * @example
 * ```ts
 * estimateCommand(instance, plan); // 'schedlab estimate train --model llama3-8b --gpu h100 --gpus-per-node 8 --gpus 8 --tp 8 ...'
 * ```
 */
export function estimateCommand(instance: ParallelPlanInstance, plan: Plan): string {
  const model = typeof instance.modelRef === 'string' ? instance.modelRef : 'CONFIG.json';
  const flags = [
    `--model ${model} ${clusterFlags(instance)} --gpus ${instance.gpus}`,
    `--seq ${instance.seqLength} --global-batch ${instance.globalBatch}`,
    `--tp ${plan.tp} --pp ${plan.pp} --dp ${plan.dp} --cp ${plan.cp} --ep ${plan.ep} --micro-batch ${plan.microBatch}`,
    `--schedule ${plan.schedule}${plan.schedule === 'interleaved' ? ` --virtual-stages ${plan.virtualStages}` : ''}`,
    `--recompute ${plan.recompute} --zero ${plan.zero}${plan.distributedOptimizer ? ' --distributed-optimizer' : ''}`,
    `--stage-layers ${plan.stageLayers.join(',')} --attention ${instance.attention}`,
  ];
  return `schedlab estimate train ${flags.join(' ')}`;
}
