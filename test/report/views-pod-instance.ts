/** The pod-packing instance of the report views' tests, apart so that the SVG test loads one family only. */
import { family as podPacking } from '../../models/pod-packing/index.js';

const gpuNode = (name: string) => ({ name, cpu: '32', memory: '256Gi', resources: { 'nvidia.com/gpu': 4 } });
const pod = (name: string, priority: number, gpus: number, node?: string) => ({
  name,
  cpu: '6',
  memory: '48Gi',
  priority,
  resources: { 'nvidia.com/gpu': gpus },
  ...(node ? { node } : {}),
});

/** Two 4-GPU nodes, one running pod, and more GPU requests than fit: some pods stay pending. */
export const podInstance = podPacking.parse({
  name: 'gpu-overbooked',
  nodes: [gpuNode('node-a'), { ...gpuNode('node-b'), labels: { zone: 'b' } }],
  pods: [
    pod('trainer-0', 100, 2, 'node-a'),
    pod('trainer-1', 100, 2),
    pod('inference-0', 50, 1),
    pod('inference-1', 50, 1),
    pod('notebook-0', 0, 2),
    pod('notebook-1', 0, 2),
  ],
});
