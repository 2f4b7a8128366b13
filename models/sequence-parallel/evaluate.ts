/**
 * The independent evaluator of sequence-parallel plans: it never imports the planners. Each
 * micro-batch runs its SP groups side by side and ends with its slowest group; micro-batches
 * run one after another, so the step time is the sum of their slowest groups. A group's time
 * is its sequences' compute plus its all-to-alls on the links its own GPUs span (intra-node
 * when all sit in one node), from the performance model (`src/perf/ulysses.ts`).
 *
 * Rules: every sequence runs exactly once; a group has an allowed degree and GPUs of the
 * cluster; groups of one micro-batch share no GPU; a group's tokens per GPU fit the capacity.
 */
import type { Evaluation, Violation } from '../../src/family/contract.js';
import type { CommGroup } from '../../src/perf/communication.js';
import { ulyssesGroupLatencySeconds, ulyssesSequenceSeconds } from '../../src/perf/ulysses.js';
import type { SequenceParallelInstance, SequenceParallelSolution, SpGroup } from './instance.js';

/** The communicator of the GPUs a group actually holds: its size and the most of them in one node. */
export function groupLayout(instance: SequenceParallelInstance, group: SpGroup): CommGroup {
  const perNodeCount = new Map<number, number>();
  for (let r = group.firstGpu; r < group.firstGpu + group.degree; r++) {
    const node = Math.floor(r / instance.cluster.gpusPerNode);
    perNodeCount.set(node, (perNodeCount.get(node) ?? 0) + 1);
  }
  const { intraLink, interLink } = instance.cluster;
  return { size: group.degree, perNode: Math.max(1, ...perNodeCount.values()), intraLink, interLink };
}

/** Milliseconds of one group as placed: its sequences' compute and all-to-all bytes plus the latency once. */
export function simulatedGroupMs(instance: SequenceParallelInstance, group: SpGroup): number {
  if (group.sequences.length === 0) return 0;
  const layout = groupLayout(instance, group);
  const { model, cluster } = instance;
  let seconds = ulyssesGroupLatencySeconds(model, layout);
  for (const i of group.sequences) seconds += ulyssesSequenceSeconds(model, cluster.gpu, instance.lengths[i], layout);
  return 1000 * seconds;
}

/** Every sequence of the batch runs in exactly one group. */
function sequenceOnce(instance: SequenceParallelInstance, solution: SequenceParallelSolution): Violation[] {
  const seen = new Array<number>(instance.lengths.length).fill(0);
  for (const mb of solution.microBatches) for (const g of mb.groups) for (const i of g.sequences) seen[i]++;
  const violations: Violation[] = [];
  seen.forEach((count, i) => {
    if (count === 1) return;
    const what = count === 0 ? 'is in no group' : `is in ${count} groups`;
    violations.push({
      constraint: 'sequence-once',
      entities: [`sequence ${i}`],
      message: `sequence ${i} ${what}; put it in exactly one group of one micro-batch`,
    });
  });
  return violations;
}

/** A group's degree is one the instance allows and its GPUs exist. */
function groupShape(instance: SequenceParallelInstance, group: SpGroup, name: string): Violation[] {
  const out: Violation[] = [];
  if (!instance.degrees.includes(group.degree))
    out.push({
      constraint: 'degree-allowed',
      entities: [name],
      message: `${name} has degree ${group.degree}; the allowed degrees are ${instance.degrees.join(', ')}`,
    });
  if (group.firstGpu + group.degree > instance.gpus)
    out.push({
      constraint: 'gpus-exist',
      entities: [name],
      message: `${name} needs GPUs ${group.firstGpu}..${group.firstGpu + group.degree - 1}; the cluster has GPUs 0..${instance.gpus - 1}`,
    });
  return out;
}

/** Groups of one micro-batch run at the same time, so they share no GPU. */
function gpusDisjoint(groups: SpGroup[], m: number): Violation[] {
  const owner = new Map<number, number>();
  const out: Violation[] = [];
  groups.forEach((g, k) => {
    for (let r = g.firstGpu; r < g.firstGpu + g.degree; r++) {
      const other = owner.get(r);
      if (other === undefined) owner.set(r, k);
      else if (out.every((v) => v.entities[2] !== `group ${k}`))
        out.push({
          constraint: 'gpus-disjoint',
          entities: [`micro-batch ${m}`, `group ${other}`, `group ${k}`],
          message: `in micro-batch ${m}, groups ${other} and ${k} both use GPU ${r}; give each group its own GPUs`,
        });
    }
  });
  return out;
}

/** The tokens a group's GPUs hold (its sequences' tokens over its degree) fit the capacity per GPU. */
function memory(instance: SequenceParallelInstance, group: SpGroup, name: string): Violation[] {
  const tokens = group.sequences.reduce((sum, i) => sum + instance.lengths[i], 0);
  const perGpu = tokens / group.degree;
  if (perGpu <= instance.tokenCapacity) return [];
  const gb = (perGpu * instance.capacityInfo.bytesPerToken + instance.capacityInfo.stateBytes) / 1e9;
  return [
    {
      constraint: 'memory',
      entities: [name, ...group.sequences.map((i) => `sequence ${i}`)],
      message: `${name} (sequences ${group.sequences.join(', ')}) puts ${perGpu.toFixed(0)} tokens on each of its ${group.degree} GPUs (about ${gb.toFixed(1)} GB), over the limit of ${instance.tokenCapacity} tokens per GPU; move sequences out or use a larger degree`,
    },
  ];
}

/**
 * True when a group counts in the step time: it has sequences, an allowed degree and GPUs
 * that exist (the report view times the same groups).
 */
export function timedGroup(instance: SequenceParallelInstance, group: SpGroup): boolean {
  return group.sequences.length > 0 && groupShape(instance, group, '').length === 0;
}

/** One micro-batch: its rule checks (pushed to `violations`), its slowest group, its groups and its peak tokens per GPU. */
function runMicroBatch(instance: SequenceParallelInstance, groups: SpGroup[], m: number, violations: Violation[]) {
  violations.push(...gpusDisjoint(groups, m));
  const result = { slowestMs: 0, groups: 0, peakTokens: 0 };
  groups.forEach((g, k) => {
    const name = `micro-batch ${m} group ${k}`;
    const shape = groupShape(instance, g, name);
    violations.push(...shape, ...memory(instance, g, name));
    if (!timedGroup(instance, g)) return;
    result.groups++;
    result.slowestMs = Math.max(result.slowestMs, simulatedGroupMs(instance, g));
    const tokens = g.sequences.reduce((sum, i) => sum + instance.lengths[i], 0);
    result.peakTokens = Math.max(result.peakTokens, tokens / g.degree);
  });
  return result;
}

/**
 * Score a plan: the step time in ms, and every broken rule.
 *
 * @example
 * ```ts
 * const evaluation = evaluateSequenceParallel(instance, plan);
 * evaluation.objective; // step time, ms
 * evaluation.metrics.microBatches;
 * ```
 */
export function evaluateSequenceParallel(
  instance: SequenceParallelInstance,
  solution: SequenceParallelSolution,
): Evaluation {
  const violations = sequenceOnce(instance, solution);
  let stepMs = 0;
  let peakTokens = 0;
  let groups = 0;
  solution.microBatches.forEach((mb, m) => {
    const run = runMicroBatch(instance, mb.groups, m, violations);
    stepMs += run.slowestMs;
    groups += run.groups;
    peakTokens = Math.max(peakTokens, run.peakTokens);
  });
  const feasible = violations.length === 0;
  const tokens = instance.lengths.reduce((a, b) => a + b, 0);
  return {
    feasible,
    objective: stepMs,
    violations,
    metrics: {
      microBatches: solution.microBatches.filter((mb) => mb.groups.some((g) => g.sequences.length > 0)).length,
      groups,
      peakTokensPerGpu: peakTokens,
      peakMemoryGb: (peakTokens * instance.capacityInfo.bytesPerToken + instance.capacityInfo.stateBytes) / 1e9,
      tokensPerSecond: feasible && stepMs > 0 ? tokens / (stepMs / 1000) : 0,
    },
  };
}
