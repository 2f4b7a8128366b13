/**
 * Seeded instances on the grid of "Priority Matters: Optimising Kubernetes Clusters
 * Usage with Constraint-Based Pod Packing": nodes {4, 8, 16, 32} x average pods per node
 * {4, 8} x priority levels {1, 2, 4} x target utilization {0.90, 0.95, 1.00, 1.05}.
 *
 * Pods come in ReplicaSets of 1-4 identical pods (one priority per ReplicaSet) requesting
 * 100-1000 millicores and 100-1000 MB (decimal megabytes, 10^6 bytes, as the issue and the
 * paper state the range). Nodes are identical, sized so that the total
 * request is `utilization` times the cluster's capacity. ReplicaSets arrive in random
 * order; the first `runningShare` of the pods were placed on arrival by the default
 * scheduler (LeastAllocated, one at a time, no preemption) and now run, movable and
 * evictable; those that found no room and the rest of the pods are pending.
 */
import { inputError } from '../../src/errors.js';
import type { GenerateParams } from '../../src/family/contract.js';
import { GenerateParamReader } from '../../src/family/generate-params.js';
import { randomInt, seededRandom } from '../../src/util/random.js';
import { generateGpuCluster } from './generate-gpu.js';
import type { Pod, PodNode, PodPackingInstance } from './instance.js';
import { Cluster } from './heuristics/cluster.js';
import { selectNode } from './heuristics/kube-scheduler.js';

export interface PodPackingGrid {
  nodes: number;
  podsPerNode: number;
  priorities: number;
  utilization: number;
  /** Share of the pods that arrived earlier and run (default 0.5). */
  runningShare: number;
}

/** The paper's grid values. */
export const paperGrid = {
  nodes: [4, 8, 16, 32],
  podsPerNode: [4, 8],
  priorities: [1, 2, 4],
  utilization: [0.9, 0.95, 1.0, 1.05],
};

const sizes: Record<'small' | 'medium' | 'large', PodPackingGrid> = {
  small: { nodes: 4, podsPerNode: 4, priorities: 2, utilization: 1.0, runningShare: 0.5 },
  medium: { nodes: 16, podsPerNode: 8, priorities: 2, utilization: 1.0, runningShare: 0.5 },
  large: { nodes: 32, podsPerNode: 8, priorities: 4, utilization: 1.05, runningShare: 0.5 },
};

/** Decimal megabyte: the "100-1000 MB". */
const megabyte = 1_000_000;

/** The most nodes, and pods in all, a grid instance may have. */
const maxGridNodes = 5000;
const maxGridPods = 200_000;

/** The grid point of `params`: a named size, overridden by explicit knobs. */
export function gridOf(params: GenerateParams): PodPackingGrid {
  // The shared reader (src/family/generate-params.ts) also refuses a knob this generator does not have.
  const reader = new GenerateParamReader(params, 'pod-packing (grid paper)', ['grid']);
  const base = reader.size(sizes, 'small');
  // The scale the README measures (5,000 nodes, 100,000 pods) and twice its pods, not what memory would allow.
  const grid = {
    nodes: reader.number('nodes', base.nodes, 1, maxGridNodes),
    podsPerNode: reader.number('podsPerNode', base.podsPerNode, 1, maxGridPods),
    priorities: reader.number('priorities', base.priorities, 1, 1000),
    utilization: reader.number('utilization', base.utilization, 0, 10, { integer: false, above: true }),
    runningShare: reader.number('runningShare', base.runningShare, 0, 1, { integer: false }),
  };
  reader.finish();
  const pods = grid.nodes * grid.podsPerNode;
  if (pods > maxGridPods)
    throw inputError(
      `nodes ${grid.nodes} x podsPerNode ${grid.podsPerNode} = ${pods} pods; at most ${maxGridPods}: lower either knob`,
      { path: 'podsPerNode' },
    );
  return grid;
}

function makePods(grid: PodPackingGrid, rng: () => number): Pod[] {
  const total = grid.nodes * grid.podsPerNode;
  const pods: Pod[] = [];
  for (let rs = 0; pods.length < total; rs++) {
    const replicas = Math.min(randomInt(rng, 1, 4), total - pods.length);
    const cpu = randomInt(rng, 100, 1000);
    const memory = randomInt(rng, 100, 1000) * megabyte;
    const priority = randomInt(rng, 0, grid.priorities - 1) * 1000;
    const owner = `rs-${String(rs).padStart(3, '0')}`;
    for (let r = 0; r < replicas; r++) {
      pods.push({
        name: `${owner}-${r}`,
        cpu,
        memory,
        priority,
        owner,
        nodeSelector: {},
        affinity: [],
        tolerations: [],
        movable: true,
        evictable: true,
      });
    }
  }
  return pods;
}

function makeNodes(grid: PodPackingGrid, pods: Pod[]): PodNode[] {
  const totalCpu = pods.reduce((t, p) => t + p.cpu, 0);
  const totalMemory = pods.reduce((t, p) => t + p.memory, 0);
  const cpu = Math.ceil(totalCpu / (grid.nodes * grid.utilization) / 100) * 100;
  const memory = Math.ceil(totalMemory / (grid.nodes * grid.utilization) / megabyte) * megabyte;
  const width = String(grid.nodes).length;
  return Array.from({ length: grid.nodes }, (_, n) => {
    const name = `node-${String(n + 1).padStart(width, '0')}`;
    const labels = { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${'abc'[n % 3]}` };
    return { name, cpu, memory, pods: 110, labels, taints: [] };
  });
}

/** Place the first `runningShare` of the pods as the default scheduler did on their arrival. */
function settle(instance: PodPackingInstance, share: number): void {
  const cluster = new Cluster(instance);
  // The scheduler's node search resumes where the last pod's stopped.
  const sampler = { next: 0 };
  const arrived = Math.round(share * instance.pods.length);
  for (let p = 0; p < arrived; p++) {
    const n = selectNode(cluster, p, {}, undefined, sampler);
    if (n >= 0) cluster.bind(p, n);
  }
  instance.pods.forEach((pod, p) => {
    if (cluster.assignment[p] >= 0) pod.node = cluster.assignment[p];
    // Moving and evicting concern running pods only.
    else [pod.movable, pod.evictable] = [false, false];
  });
}

/**
 * A seeded instance at one grid point: the paper's grid, or with `grid: 'gpu'` a GPU
 * cluster (generate-gpu.ts).
 *
 * @example
 * ```ts
 * const instance = generatePodPacking({ nodes: 8, podsPerNode: 4, priorities: 2, utilization: 1.05 }, 7);
 * ```
 */
export function generatePodPacking(params: GenerateParams, seed: number): PodPackingInstance {
  const kind = new GenerateParamReader(params, 'pod-packing').choice('grid', 'paper', ['paper', 'gpu'] as const);
  if (kind === 'gpu') return generateGpuCluster(params, seed);
  const grid = gridOf(params);
  const rng = seededRandom(seed);
  const pods = makePods(grid, rng);
  const nodes = makeNodes(grid, pods);
  const name = `pp-n${grid.nodes}-p${grid.podsPerNode}-l${grid.priorities}-u${Math.round(grid.utilization * 100)}-s${seed}`;
  const instance: PodPackingInstance = { name, nodes, pods };
  settle(instance, grid.runningShare);
  return instance;
}
