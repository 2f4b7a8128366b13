/**
 * The "does not fit" message of a training plan: which memory is over and by how much, and the
 * changes that would shrink the largest kinds, chosen from what the plan does not already do.
 */
import type { ResolvedTrainPlan } from './plan.js';

/** The memory figures the message reports. */
export interface OverflowFigures {
  weightBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
  activationBytes: number;
  peakMemoryBytes: number;
  capacityBytes: number;
  stage: 'first' | 'middle' | 'last';
  stageIndex: number;
}

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(1)} GB`;

/** Doubling a degree is a fix only when it still divides what it must divide. */
function canDoubleTp(plan: ResolvedTrainPlan): boolean {
  return plan.model.heads % (2 * plan.tp) === 0 && 2 * plan.tp <= plan.cluster.gpusPerNode && plan.dp % 2 === 0;
}

function canDoublePp(plan: ResolvedTrainPlan): boolean {
  return 2 * plan.pp <= plan.model.layers && plan.dp % 2 === 0;
}

function activationFixes(plan: ResolvedTrainPlan, figures: OverflowFigures): string[] {
  const fixes: string[] = [];
  // Selective recomputation only drops the materialized s^2 scores; flash keeps none.
  if (plan.recompute === 'none' && plan.attention === 'materialized') fixes.push('--recompute selective');
  if (plan.recompute !== 'full') fixes.push('--recompute full');
  if (plan.microBatch > 1) fixes.push('a smaller --micro-batch');
  if (plan.tp > 1 && !plan.sp) fixes.push('--sp');
  if (plan.schedule === 'gpipe') fixes.push('--schedule 1f1b (it holds at most p microbatches, GPipe all of them)');
  if (plan.schedule === 'interleaved') {
    // More chunks shrink the extra warm-up, but only counts that divide the fullest stage (equalChunkSize).
    const fullest = Math.max(...plan.stageLayers);
    const more = Array.from({ length: fullest }, (_, i) => i + 1).find(
      (v) => v > plan.virtualStages && fullest % v === 0,
    );
    const moreChunks = more === undefined ? '' : ` or --virtual-stages ${more}`;
    fixes.push(`--schedule 1f1b${moreChunks} (fewer warm-up microbatches in flight)`);
  }
  if (plan.pp > 1 && figures.stage !== 'middle')
    fixes.push(`--stage-layers with fewer layers on the ${figures.stage} stage`);
  if (canDoubleTp(plan)) fixes.push('more --tp');
  if (plan.seqLength % (2 * plan.cp) === 0 && plan.dp % 2 === 0) fixes.push('more --cp');
  return fixes;
}

function modelParallelFixes(plan: ResolvedTrainPlan): string[] {
  return [...(canDoublePp(plan) ? ['more --pp'] : []), ...(canDoubleTp(plan) ? ['more --tp'] : [])];
}

const ranks = (plan: ResolvedTrainPlan): string => `${plan.dp * plan.cp} rank${plan.dp * plan.cp === 1 ? '' : 's'}`;

function optimizerFixes(plan: ResolvedTrainPlan): string[] {
  if (plan.zeroStage === 0 && !plan.distributedOptimizer)
    return ['--zero 1 or --distributed-optimizer', ...modelParallelFixes(plan)];
  return [`more GPUs in data parallelism (the states are sharded over ${ranks(plan)})`, ...modelParallelFixes(plan)];
}

function gradientFixes(plan: ResolvedTrainPlan): string[] {
  if (plan.zeroStage < 2) {
    const why = plan.distributedOptimizer
      ? ' (it shards the FP32 gradients the distributed optimizer keeps whole)'
      : '';
    return [`--zero 2${why}`, ...modelParallelFixes(plan)];
  }
  return [`more GPUs in data parallelism (the gradients are sharded over ${ranks(plan)})`, ...modelParallelFixes(plan)];
}

function weightFixes(plan: ResolvedTrainPlan): string[] {
  return [...(plan.zeroStage < 3 ? ['--zero 3'] : []), ...modelParallelFixes(plan)];
}

/**
 * The message: needed, available and over; the kinds by size; fixes for the largest kinds
 * (as many as it takes for their bytes to cover the excess, at most two).
 *
 * @example
 * ```ts
 * const plan = resolveTrainPlan({ model: getModelPreset('llama3-70b'), cluster: makeCluster('h100', 8), tp: 8, pp: 1, seqLength: 8192, globalBatch: 8 });
 * overflowMessage(plan, trainingMemory(plan)); // 'does not fit: ... the largest, optimizer states, shrinks with --zero 1 or --distributed-optimizer'
 * ```
 */
export function overflowMessage(plan: ResolvedTrainPlan, m: OverflowFigures): string {
  const kinds: [string, number, string[]][] = [
    ['activations', m.activationBytes, activationFixes(plan, m)],
    ['optimizer states', m.optimizerBytes, optimizerFixes(plan)],
    ['gradients', m.gradientBytes, gradientFixes(plan)],
    ['weights', m.weightBytes, weightFixes(plan)],
  ];
  kinds.sort((a, b) => b[1] - a[1]);
  const over = m.peakMemoryBytes - m.capacityBytes;
  const where = plan.pp > 1 ? `the ${m.stage} pipeline stage (stage ${m.stageIndex} of ${plan.pp})` : 'each GPU';
  const parts = kinds.map(([name, bytes]) => `${name} ${gb(bytes)}`).join(', ');
  const advice: string[] = [];
  let covered = 0;
  for (const [index, [name, bytes, fixes]] of kinds.entries()) {
    if (advice.length === 2 || covered >= over) break;
    const lead = index === 0 ? `the largest, ${name}, shrinks with` : `${name} shrink with`;
    advice.push(
      fixes.length > 0
        ? `${lead} ${fixes.join(', ')}`
        : `${name}: nothing left in this plan shrinks them; use GPUs with more memory`,
    );
    covered += bytes;
  }
  return `does not fit: ${gb(m.peakMemoryBytes)} needed on ${where}, ${gb(m.capacityBytes)} available (over by ${gb(over)}); ${parts}; ${advice.join('; ')}`;
}
