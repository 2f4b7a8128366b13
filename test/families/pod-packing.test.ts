/** The family conformance suite on pod packing: the bundled manifests, small generated clusters, an overcommitted one. */
import { readFileSync } from 'node:fs';
import { family } from '../../models/pod-packing/index.js';
import { withConstraints } from '../models/pod-packing/support.js';
import { runFamilySuite } from './suite.js';

const example = readFileSync(new URL('../../instances/pod-packing/manifests/example.yaml', import.meta.url), 'utf8');
const gpuTwoPods = readFileSync(
  new URL('../../instances/pod-packing/manifests/gpu-two-pods.yaml', import.meta.url),
  'utf8',
);
const protectedPod = { owner: 'rs', priority: 100, movable: false, evictable: false };
/** Two running pods that may neither move nor be evicted ask for 2 CPUs of a 1-CPU node. */
const overcommitted = family.parse({
  name: 'overcommitted',
  nodes: [{ name: 'n', cpu: '1', memory: '4Gi' }],
  pods: [
    { name: 'a', cpu: '1', memory: '1Gi', node: 'n', ...protectedPod },
    { name: 'b', cpu: '1', memory: '1Gi', node: 'n', ...protectedPod },
  ],
});

const gpus = (count: number) => ({ resources: { 'nvidia.com/gpu': count } });
const gpuNode = (name: string) => ({ name, cpu: '64', memory: '512Gi', ...gpus(8) });
const worker = (name: string, priority: number) => ({
  name,
  cpu: '4',
  memory: '32Gi',
  priority,
  ...gpus(8),
  owner: 'Job/t',
});
const gangs = family.parse({
  name: 'gangs',
  nodes: [gpuNode('a'), gpuNode('b'), gpuNode('c')],
  pods: [
    { ...worker('big-0', 10), node: 'a' },
    worker('big-1', 10),
    worker('big-2', 10),
    worker('big-3', 10),
    worker('pair-0', 5),
    worker('pair-1', 5),
    { name: 'solo', cpu: '1', memory: '1Gi', ...gpus(4) },
  ],
  groups: [
    { name: 'big', minMember: 4, pods: ['big-0', 'big-1', 'big-2', 'big-3'] },
    { name: 'pair', minMember: 2, pods: ['pair-0', 'pair-1'] },
  ],
});

runFamilySuite(family, {
  instances: [
    family.readers.manifests.read(example)[0],
    // Extended resources: two 8-GPU pods for one 8-GPU node.
    family.readers.manifests.read(gpuTwoPods)[0],
    // A gang of three 8-GPU workers for two 8-GPU nodes, and a gang that fits.
    gangs,
    // The GPU grid: gangs, tiers, CPU-only pods, half running; and with gangs kept in few racks.
    family.generate({ grid: 'gpu', nodes: 16, load: 1.1 }, 1),
    family.generate({ grid: 'gpu', nodes: 16, load: 1.0, compactGangs: true }, 2),
    family.generate({ nodes: 3, podsPerNode: 3, priorities: 2, utilization: 1.05 }, 1),
    family.generate({ nodes: 4, podsPerNode: 3, priorities: 3, utilization: 0.95, runningShare: 0.8 }, 2),
    // Taints, labels, selectors, tolerations and protected running pods, for the filters.
    withConstraints(family.generate({ nodes: 4, podsPerNode: 3, priorities: 2, utilization: 1 }, 5), 5),
  ],
  infeasible: [overcommitted],
  generateParams: [{ size: 'small' }, { nodes: 4, podsPerNode: 4, priorities: 4, utilization: 1.05 }],
  seeds: [1, 2],
  timeLimitSec: 1,
  nativeFiles: [
    { name: 'example.yaml', text: example },
    { name: 'gpu-two-pods.yaml', text: gpuTwoPods },
  ],
  badSolutions: [{ json: { placement: { [overcommitted.pods[0].name]: 'n' } }, path: 'solution.placement.a' }],
});
