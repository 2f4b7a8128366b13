/**
 * Named cluster presets: a node (GPU, GPUs per node, scale-up link) and the scale-out link
 * between nodes, each from the system's datasheet or the paper that used it. A preset has no
 * size; `makeClusterFromPreset` builds as many nodes as a plan needs.
 */
import { inputError } from '../errors.js';
import {
  builtInCatalog,
  getGpu,
  getLink,
  sizedCluster,
  type ClusterPreset,
  type ClusterSpec,
  type HardwareCatalog,
} from './hardware.js';

/** Built-in cluster presets. */
export const clusterCatalog: Record<string, ClusterPreset> = {
  // NVIDIA DGX SuperPOD with DGX A100 (reference architecture; Selene, on which Narayanan et al.
  // 2021 ran): 8 A100-80GB per DGX A100 over NVLink 3 / NVSwitch, 8 HDR 200 Gb/s InfiniBand
  // NICs per node for the compute fabric, one per GPU.
  'dgx-a100-superpod': {
    name: 'dgx-a100-superpod',
    gpu: 'a100-80gb',
    gpusPerNode: 8,
    intraLink: 'nvlink3',
    interLink: 'ib-hdr',
  },
  // NVIDIA DGX SuperPOD with DGX H100 (reference architecture, DGX H100 datasheet): 8 H100 SXM
  // over NVLink 4, 8 ConnectX-7 NDR 400 Gb/s InfiniBand ports per node, one per GPU.
  'dgx-h100-superpod': {
    name: 'dgx-h100-superpod',
    gpu: 'h100-sxm',
    gpusPerNode: 8,
    intraLink: 'nvlink4',
    interLink: 'ib-ndr',
  },
  // NVIDIA DGX B200 datasheet: 8 B200 over NVLink 5, 8 ConnectX-7 400 Gb/s ports for compute.
  'dgx-b200': { name: 'dgx-b200', gpu: 'b200', gpusPerNode: 8, intraLink: 'nvlink5', interLink: 'ib-ndr' },
  // Meta's 24K-GPU RoCE cluster that trained Llama 3 405B (Dubey et al. 2024, Section 3.3.1):
  // Grand Teton servers of 8 H100 (80 GB, 700 W) joined by NVLink, RoCE at 400 Gbps per GPU on
  // Arista 7800 / Minipack2 switches in a three-layer Clos network.
  'meta-roce-h100': {
    name: 'meta-roce-h100',
    gpu: 'h100-sxm',
    gpusPerNode: 8,
    intraLink: 'nvlink4',
    interLink: 'roce-400g',
  },
  // Meta's companion 24K-GPU cluster on NVIDIA Quantum-2 InfiniBand, 400 Gbps per GPU, which
  // trained the smaller Llama 3 models (same section).
  'meta-ib-h100': { name: 'meta-ib-h100', gpu: 'h100-sxm', gpusPerNode: 8, intraLink: 'nvlink4', interLink: 'ib-ndr' },
};

/**
 * Look up a cluster preset by name (case-insensitive), in the built-ins and a user catalog.
 *
 * @example
 * ```ts
 * getClusterPreset('dgx-h100-superpod').interLink; // 'ib-ndr'
 * ```
 */
export function getClusterPreset(name: string, catalog: HardwareCatalog = builtInCatalog): ClusterPreset {
  const presets = { ...clusterCatalog, ...catalog.clusters };
  const preset = presets[name.toLowerCase()] ?? presets[name];
  if (!preset)
    throw inputError(
      `unknown cluster '${name}'; expected one of ${Object.keys(presets).join(', ')} (or add it with a hardware catalog JSON)`,
    );
  return preset;
}

/**
 * A cluster of `gpus` GPUs built from a named preset.
 *
 * @example
 * ```ts
 * const cluster = makeClusterFromPreset('meta-roce-h100', 16384);
 * cluster.nodes; // 2048
 * cluster.interLink.name; // 'roce-400g'
 * ```
 */
export function makeClusterFromPreset(
  name: string,
  gpus: number,
  catalog: HardwareCatalog = builtInCatalog,
): ClusterSpec {
  const preset = getClusterPreset(name, catalog);
  const gpu = getGpu(preset.gpu, catalog);
  return sizedCluster(
    gpu,
    gpus,
    preset.gpusPerNode,
    getLink(preset.intraLink, catalog),
    getLink(preset.interLink, catalog),
    preset.name,
  );
}
