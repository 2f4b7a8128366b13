/**
 * Seeded GPU clusters (`generate({ grid: 'gpu', ... })`): identical 8-GPU nodes (128 cores,
 * 1.5 TiB, `nvidia.com/gpu: 8`) in racks of 8 (`schedlab.io/rack`, the gangs' topology
 * key) and two zones, and jobs of 1 to 64 GPUs until the GPUs requested are `load` times
 * the cluster's: a job of up to 8 GPUs is one pod, a larger one a gang of 8-GPU workers
 * (minMember: all of them), each GPU with 12 cores and 128 GiB. Sizes are drawn towards
 * small jobs (1, 2, 4, 8, 16, 32, 64 GPUs with weights 25, 15, 15, 20, 10, 10, 5). Each job
 * has one of `priorities` tiers (0, 1000, ...). A share `cpuShare` of the pods are
 * CPU-only services (1-16 cores, 4-64 GiB, ReplicaSets of 1-4). Jobs arrive in random
 * order; the first `runningShare` of them were placed on arrival by the default scheduler
 * with coscheduling and run (movable and evictable: their controllers recreate them), the
 * rest are pending. Grid: nodes {16, 32, 64, 128, 256, 512} x load {0.9, 1.0, 1.1, 1.2}.
 */
import type { GenerateParams } from '../../src/family/contract.js';
import { GenerateParamReader } from '../../src/family/generate-params.js';
import { pickOne, randomInt, seededRandom } from '../../src/util/random.js';
import { kubeScheduler } from './heuristics/kube-scheduler.js';
import type { Pod, PodGroup, PodNode, PodPackingInstance } from './types.js';

export interface GpuGrid {
  nodes: number;
  /** GPUs requested over the cluster's GPUs. */
  load: number;
  priorities: number;
  /** Share of the jobs (in arrival order) that were placed and run. */
  runningShare: number;
  /** Share of the pods that request no GPU. */
  cpuShare: number;
  /** Keep gangs within the fewest racks (the objective's last level). */
  compactGangs: boolean;
}

/** The grid's axes. */
export const gpuGrid = { nodes: [16, 32, 64, 128, 256, 512], load: [0.9, 1.0, 1.1, 1.2] };

const sizes: Record<'small' | 'medium' | 'large', GpuGrid> = {
  small: { nodes: 16, load: 1.1, priorities: 3, runningShare: 0.5, cpuShare: 0.2, compactGangs: false },
  medium: { nodes: 64, load: 1.1, priorities: 3, runningShare: 0.5, cpuShare: 0.2, compactGangs: false },
  large: { nodes: 256, load: 1.1, priorities: 3, runningShare: 0.5, cpuShare: 0.2, compactGangs: false },
};

const gib = 2 ** 30;
const rackKey = 'schedlab.io/rack';
const jobSizes = [1, 2, 4, 8, 16, 32, 64];
const jobWeights = [25, 15, 15, 20, 10, 10, 5];
/** The GPU grid point of `params`: a named size, overridden by explicit knobs; an unknown knob is an input error. */
export function gpuGridOf(params: GenerateParams): GpuGrid {
  const reader = new GenerateParamReader(params, 'pod-packing (grid gpu)', ['grid']);
  const base = reader.size(sizes, 'small');
  const grid = {
    nodes: reader.number('nodes', base.nodes, 1, 5000),
    load: reader.number('load', base.load, 0, 10, { integer: false, above: true }),
    priorities: reader.number('priorities', base.priorities, 1, 10),
    runningShare: reader.number('runningShare', base.runningShare, 0, 1, { integer: false }),
    cpuShare: reader.number('cpuShare', base.cpuShare, 0, 0.9, { integer: false }),
    compactGangs: reader.choice('compactGangs', base.compactGangs, [false, true]),
  };
  reader.finish();
  return grid;
}

function makeNodes(grid: GpuGrid): PodNode[] {
  const width = String(grid.nodes).length;
  return Array.from({ length: grid.nodes }, (_, n) => {
    const name = `gpu-${String(n + 1).padStart(width, '0')}`;
    const labels = {
      'kubernetes.io/hostname': name,
      'topology.kubernetes.io/zone': n < grid.nodes / 2 ? 'zone-a' : 'zone-b',
      [rackKey]: `rack-${String(Math.floor(n / 8) + 1).padStart(3, '0')}`,
    };
    return {
      name,
      cpu: 128_000,
      memory: 1536 * gib,
      pods: 110,
      resources: { 'nvidia.com/gpu': 8 },
      labels,
      taints: [],
    };
  });
}

function pod(name: string, gpus: number, priority: number, owner: string): Pod {
  return {
    name,
    cpu: gpus > 0 ? 12_000 * gpus : 0,
    memory: gpus > 0 ? 128 * gib * gpus : 0,
    ...(gpus > 0 ? { resources: { 'nvidia.com/gpu': gpus } } : {}),
    priority,
    owner,
    nodeSelector: {},
    affinity: [],
    tolerations: [],
    movable: false,
    evictable: false,
  };
}

function drawSize(rng: () => number): number {
  let pick = rng() * jobWeights.reduce((a, b) => a + b, 0);
  for (let k = 0; k < jobSizes.length; k++) if ((pick -= jobWeights[k]) < 0) return jobSizes[k];
  return jobSizes[jobSizes.length - 1];
}

/** One unit of arrival: a GPU job (one pod or a gang) or a CPU-only ReplicaSet. */
interface Arrival {
  pods: Pod[];
  gang?: { name: string; minMember: number };
}

function gpuJob(rng: () => number, k: number, priority: number): Arrival {
  const gpus = drawSize(rng);
  const name = `job-${String(k).padStart(4, '0')}`;
  if (gpus <= 8) return { pods: [pod(name, gpus, priority, `Job/${name}`)] };
  const workers = Array.from({ length: gpus / 8 }, (_, w) => pod(`${name}-w${w}`, 8, priority, `Job/${name}`));
  return { pods: workers, gang: { name, minMember: workers.length } };
}

function cpuService(rng: () => number, k: number, priority: number): Arrival {
  const owner = `rs-${String(k).padStart(4, '0')}`;
  const [cores, memory] = [randomInt(rng, 1, 16), randomInt(rng, 4, 64)];
  return {
    pods: Array.from({ length: randomInt(rng, 1, 4) }, (_, r) => ({
      ...pod(`${owner}-${r}`, 0, priority, `ReplicaSet/${owner}`),
      cpu: cores * 1000,
      memory: memory * gib,
    })),
  };
}

/** Jobs until `load` x the cluster's GPUs are requested, with CPU-only services mixed in. */
function arrivals(grid: GpuGrid, rng: () => number): Arrival[] {
  const tiers = Array.from({ length: grid.priorities }, (_, k) => k * 1000);
  const target = grid.load * grid.nodes * 8;
  const units: Arrival[] = [];
  let [gpus, pods, cpuPods] = [0, 0, 0];
  for (let k = 0; gpus < target; k++) {
    const priority = pickOne(rng, tiers);
    const unit = cpuPods < grid.cpuShare * (pods + 1) ? cpuService(rng, k, priority) : gpuJob(rng, k, priority);
    units.push(unit);
    pods += unit.pods.length;
    for (const p of unit.pods) {
      if (p.resources) gpus += p.resources['nvidia.com/gpu'];
      else cpuPods += 1;
    }
  }
  return units;
}

/** The instance with `units` pending, in order, and their gangs. */
function assemble(name: string, nodes: PodNode[], units: Arrival[], grid: GpuGrid): PodPackingInstance {
  const pods: Pod[] = [];
  const groups: PodGroup[] = [];
  for (const unit of units) {
    const first = pods.length;
    pods.push(...unit.pods.map((p) => ({ ...p })));
    if (unit.gang)
      groups.push({ name: unit.gang.name, minMember: unit.gang.minMember, pods: unit.pods.map((_, j) => first + j) });
  }
  return {
    name,
    nodes,
    pods,
    ...(groups.length > 0 ? { groups } : {}),
    topologyKey: rackKey,
    ...(grid.compactGangs ? { compactGangs: true } : {}),
  };
}

/**
 * A seeded GPU cluster at one grid point.
 *
 * @example
 * ```ts
 * const instance = generateGpuCluster({ grid: 'gpu', nodes: 64, load: 1.1 }, 3);
 * ```
 */
export function generateGpuCluster(params: GenerateParams, seed: number): PodPackingInstance {
  const grid = gpuGridOf(params);
  const rng = seededRandom(seed);
  const units = arrivals(grid, rng);
  // Arrival order is random; the first share of the jobs arrived early and ran.
  for (let k = units.length - 1; k > 0; k--) {
    const j = Math.floor(rng() * (k + 1));
    [units[k], units[j]] = [units[j], units[k]];
  }
  const early = Math.round(grid.runningShare * units.length);
  const name = `gpu-n${grid.nodes}-l${Math.round(grid.load * 100)}-p${grid.priorities}${grid.compactGangs ? '-c' : ''}-s${seed}`;
  const instance = assemble(name, makeNodes(grid), units, grid);
  const before = assemble(name, instance.nodes, units.slice(0, early), grid);
  const placed = kubeScheduler(before).assignment;
  instance.pods.forEach((p, k) => {
    if (k >= placed.length || placed[k] < 0) return;
    Object.assign(p, { node: placed[k], movable: true, evictable: true });
  });
  return instance;
}
