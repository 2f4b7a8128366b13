/**
 * The kube-scheduler's score plugins that differ between nodes for these instances,
 * with their integer arithmetic (pkg/scheduler/framework/plugins/noderesources and
 * tainttoleration, Kubernetes 1.30):
 * - NodeResourcesFit (weight 1) with the LeastAllocated (default), MostAllocated or
 *   RequestedToCapacityRatio strategy over cpu and memory (weight 1 each), on the
 *   "non-zero" requests (a container without a request counts as 100m CPU and 200Mi
 *   memory); a resource with allocatable 0 is skipped and leaves the weight sum, and
 *   RequestedToCapacityRatio divides only by the weights of resources scoring above 0;
 * - NodeResourcesBalancedAllocation (weight 1) on the actual requests, also skipping a
 *   resource with allocatable 0;
 * - TaintToleration (weight 3): fewer intolerable PreferNoSchedule taints score higher;
 * - PodTopologySpread (weight 2): topology-spread.ts.
 * The other default plugins (NodeAffinity preferred terms, InterPodAffinity,
 * ImageLocality) score every node alike here.
 */
import type { Pod, PodNode } from '../types.js';
import { intolerablePreferred } from './filters.js';

/** What the scores read of a node's requested totals: cpu and memory only (upstream's default scored resources). */
export type ScoredUsage = { cpu: number; memory: number };

export type ScoringStrategy = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

/** A utilization (0-100) → score (0-10) shape point of RequestedToCapacityRatio. */
export interface ShapePoint {
  utilization: number;
  score: number;
}

/** The usual bin-packing shape: score grows with utilization. */
export const defaultShape: ShapePoint[] = [
  { utilization: 0, score: 0 },
  { utilization: 100, score: 10 },
];

const maxNodeScore = 100;
/** schedutil.DefaultMilliCPURequest and DefaultMemoryRequest. */
export const nonZeroCpu = 100;
export const nonZeroMemory = 200 * 1024 * 1024;

/**
 * The requests the scores use: the manifest reader's per-container figure (`pod.nonZero`)
 * when there is one; otherwise the pod is taken as one container, so a zero total means a
 * missing request (an approximation for JSON instances, which have only pod totals).
 */
export function nonZeroRequest(pod: Pod): { cpu: number; memory: number } {
  if (pod.nonZero !== undefined) return pod.nonZero;
  return { cpu: pod.cpu === 0 ? nonZeroCpu : pod.cpu, memory: pod.memory === 0 ? nonZeroMemory : pod.memory };
}

/** Mean of the cpu and memory scores over those with allocatable > 0, integer division; 0 when none is scored. (Scalars: this runs per pod and node.) */
function weightedScore(cpuScore: number, cpuCapacity: number, memoryScore: number, memoryCapacity: number): number {
  const scored = (cpuCapacity !== 0 ? 1 : 0) + (memoryCapacity !== 0 ? 1 : 0);
  if (scored === 0) return 0;
  return Math.floor(((cpuCapacity !== 0 ? cpuScore : 0) + (memoryCapacity !== 0 ? memoryScore : 0)) / scored);
}

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * maxNodeScore) / capacity);
}

function mostRequested(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.floor((Math.min(requested, capacity) * maxNodeScore) / capacity);
}

/** helper.BuildBrokenLinearFunction on a shape scaled to 0-100. */
function brokenLinear(shape: ShapePoint[], utilization: number): number {
  const points = shape.map((p) => ({ utilization: p.utilization, score: p.score * (maxNodeScore / 10) }));
  for (let i = 0; i < points.length; i++) {
    if (utilization <= points[i].utilization) {
      if (i === 0) return points[0].score;
      const [a, b] = [points[i - 1], points[i]];
      return (
        a.score + Math.trunc(((b.score - a.score) * (utilization - a.utilization)) / (b.utilization - a.utilization))
      );
    }
  }
  return points[points.length - 1].score;
}

function ratioScore(shape: ShapePoint[], requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return brokenLinear(shape, 100);
  return brokenLinear(shape, Math.floor((requested * 100) / capacity));
}

/** RequestedToCapacityRatio's mean: only resources with allocatable > 0 and a positive score count, rounded. */
function ratioMean(cpuScore: number, cpuCapacity: number, memoryScore: number, memoryCapacity: number): number {
  const cpuCounts = cpuCapacity !== 0 && cpuScore > 0;
  const memoryCounts = memoryCapacity !== 0 && memoryScore > 0;
  const counted = (cpuCounts ? 1 : 0) + (memoryCounts ? 1 : 0);
  return counted === 0 ? 0 : Math.round(((cpuCounts ? cpuScore : 0) + (memoryCounts ? memoryScore : 0)) / counted);
}

/** NodeResourcesFit's score of a node for a pod; `scoringUsage` holds non-zero requests. */
export function resourceFitScore(
  strategy: ScoringStrategy,
  pod: Pod,
  node: PodNode,
  scoringUsage: ScoredUsage,
  shape = defaultShape,
): number {
  const request = pod.nonZero ?? nonZeroRequest(pod);
  const cpu = scoringUsage.cpu + request.cpu;
  const memory = scoringUsage.memory + request.memory;
  if (strategy === 'LeastAllocated')
    return weightedScore(leastRequested(cpu, node.cpu), node.cpu, leastRequested(memory, node.memory), node.memory);
  if (strategy === 'MostAllocated')
    return weightedScore(mostRequested(cpu, node.cpu), node.cpu, mostRequested(memory, node.memory), node.memory);
  return ratioMean(ratioScore(shape, cpu, node.cpu), node.cpu, ratioScore(shape, memory, node.memory), node.memory);
}

/** NodeResourcesBalancedAllocation: (1 - standard deviation of the requested fractions) x 100. */
export function balancedAllocationScore(pod: Pod, node: PodNode, usage: ScoredUsage): number {
  // With one resource left the deviation is 0 (upstream computes it only for two or more).
  if (node.cpu === 0 || node.memory === 0) return maxNodeScore;
  const cpu = Math.min(1, (usage.cpu + pod.cpu) / node.cpu);
  const memory = Math.min(1, (usage.memory + pod.memory) / node.memory);
  return Math.trunc((1 - Math.abs(cpu - memory) / 2) * maxNodeScore);
}

/** TaintToleration's scores over the feasible nodes, normalized (reverse) to 0-100. */
export function taintScores(pod: Pod, nodes: PodNode[]): number[] {
  const counts = nodes.map((node) => intolerablePreferred(pod, node));
  const most = Math.max(0, ...counts);
  if (most === 0) return counts.map(() => maxNodeScore);
  return counts.map((count) => maxNodeScore - Math.floor((maxNodeScore * count) / most));
}
