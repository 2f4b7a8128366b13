/**
 * The hardware catalog: GPUs, links and clusters. Every figure cites its source. Users
 * extend the catalog from JSON through `parseHardwareCatalog`, which validates with zod.
 *
 * Units are SI throughout: FLOP/s, bytes, bytes/s, seconds. Link bandwidths are per GPU
 * and per direction, which is what a ring collective can drive.
 */
import { z } from 'zod';
import { inputError } from '../errors.js';

/** One accelerator model. */
export interface GpuSpec {
  name: string;
  /** Dense BF16 tensor-core peak, FLOP/s (no structured sparsity). */
  bf16FlopsPerS: number;
  /** HBM capacity, bytes. */
  hbmBytes: number;
  /** HBM peak bandwidth, bytes/s. */
  hbmBytesPerS: number;
  /** Scale-up (NVLink / Infinity Fabric) bandwidth per GPU per direction, bytes/s. */
  scaleUpBytesPerS: number;
  /** Fraction of peak a large, well-shaped BF16 GEMM reaches (cuBLAS/hipBLASLt measured). */
  gemmEfficiency: number;
  /** Fraction of HBM peak a streaming kernel reaches. */
  memoryEfficiency: number;
  /** Default intra-node and inter-node links when a cluster is built from this GPU alone. */
  intraLink: string;
  interLink: string;
}

/** One interconnect. */
export interface LinkSpec {
  name: string;
  /** Bandwidth per GPU per direction, bytes/s. */
  bytesPerS: number;
  /** Per-message latency of one collective step (alpha), seconds. */
  latencyS: number;
  /** Fraction of `bytesPerS` that NCCL/RCCL bus bandwidth reaches. */
  efficiency: number;
}

/** A homogeneous cluster. */
export interface ClusterSpec {
  gpu: GpuSpec;
  gpusPerNode: number;
  nodes: number;
  intraLink: LinkSpec;
  interLink: LinkSpec;
}

const GB = 1e9;
const TB = 1e12;

/** Built-in GPUs. */
export const gpuCatalog: Record<string, GpuSpec> = {
  // NVIDIA A100 Tensor Core GPU datasheet (2021): BF16 312 TFLOP/s dense, 80 GB HBM2e at
  // 2,039 GB/s, NVLink 3 600 GB/s bidirectional. GEMM efficiency 0.75 (about 234 TFLOP/s):
  // the sustained rate inside training that Korthikanti et al. 2022's 1T run implies (HFU 57%
  // with a 12% bubble and about 6% TP communication); short cuBLAS benchmarks reach 0.85.
  'a100-80gb': {
    name: 'a100-80gb', bf16FlopsPerS: 312e12, hbmBytes: 80 * GB, hbmBytesPerS: 2.039 * TB,
    scaleUpBytesPerS: 300 * GB, gemmEfficiency: 0.75, memoryEfficiency: 0.8,
    intraLink: 'nvlink3', interLink: 'ib-hdr',
  },
  // NVIDIA H100 Tensor Core GPU datasheet (SXM5): BF16 989 TFLOP/s dense (1,979 with
  // sparsity), 80 GB HBM3 at 3.35 TB/s, NVLink 4 900 GB/s bidirectional. Large BF16 GEMMs
  // reach about 700-750 TFLOP/s (cuBLAS measurements), hence 0.75.
  'h100-sxm': {
    name: 'h100-sxm', bf16FlopsPerS: 989e12, hbmBytes: 80 * GB, hbmBytesPerS: 3.35 * TB,
    scaleUpBytesPerS: 450 * GB, gemmEfficiency: 0.75, memoryEfficiency: 0.8,
    intraLink: 'nvlink4', interLink: 'ib-ndr',
  },
  // NVIDIA H200 Tensor Core GPU datasheet (SXM): same compute as H100 SXM, 141 GB HBM3e at
  // 4.8 TB/s, NVLink 900 GB/s bidirectional.
  'h200': {
    name: 'h200', bf16FlopsPerS: 989e12, hbmBytes: 141 * GB, hbmBytesPerS: 4.8 * TB,
    scaleUpBytesPerS: 450 * GB, gemmEfficiency: 0.75, memoryEfficiency: 0.8,
    intraLink: 'nvlink4', interLink: 'ib-ndr',
  },
  // NVIDIA DGX B200 / HGX B200 datasheet: BF16 2.25 PFLOP/s dense per GPU (4.5 sparse),
  // 180 GB HBM3e per GPU (1,440 GB per 8-GPU system) at 7.7 TB/s, NVLink 5 1.8 TB/s
  // bidirectional. GEMM efficiency assumed as for H100 (no vendor measurement cited).
  'b200': {
    name: 'b200', bf16FlopsPerS: 2.25e15, hbmBytes: 180 * GB, hbmBytesPerS: 7.7 * TB,
    scaleUpBytesPerS: 900 * GB, gemmEfficiency: 0.75, memoryEfficiency: 0.8,
    intraLink: 'nvlink5', interLink: 'ib-ndr',
  },
  // AMD Instinct MI300X datasheet: BF16 1,307.4 TFLOP/s dense, 192 GB HBM3 at 5.3 TB/s,
  // 7 Infinity Fabric links, 896 GB/s aggregate bidirectional peer bandwidth. Measured
  // BF16 GEMMs reach well under peak (about 60%; public hipBLASLt benchmarks), hence 0.6.
  'mi300x': {
    name: 'mi300x', bf16FlopsPerS: 1307.4e12, hbmBytes: 192 * GB, hbmBytesPerS: 5.3 * TB,
    scaleUpBytesPerS: 448 * GB, gemmEfficiency: 0.6, memoryEfficiency: 0.75,
    intraLink: 'infinity-fabric', interLink: 'roce-400g',
  },
};

/**
 * Built-in links. Latencies are per collective step (alpha): about 1 us over NVLink (nccl-tests
 * reach 10-15 us for a small 8-GPU all-reduce of 14 ring steps), several us over a NIC.
 */
export const linkCatalog: Record<string, LinkSpec> = {
  // NVLink 3 (A100): 12 links x 25 GB/s per direction = 300 GB/s per direction (A100 datasheet).
  // NCCL all-reduce bus bandwidth on DGX A100 is about 230-240 GB/s (nccl-tests), hence 0.78.
  'nvlink3': { name: 'nvlink3', bytesPerS: 300 * GB, latencyS: 1e-6, efficiency: 0.78 },
  // NVLink 4 (H100): 18 links x 25 GB/s per direction = 450 GB/s (H100 datasheet); nccl-tests
  // bus bandwidth on DGX H100 about 360-370 GB/s, hence 0.8.
  'nvlink4': { name: 'nvlink4', bytesPerS: 450 * GB, latencyS: 1e-6, efficiency: 0.8 },
  // NVLink 5 (B200): 1.8 TB/s bidirectional = 900 GB/s per direction (B200 datasheet).
  'nvlink5': { name: 'nvlink5', bytesPerS: 900 * GB, latencyS: 1e-6, efficiency: 0.8 },
  // AMD Infinity Fabric on MI300X: 7 links x 64 GB/s per direction = 448 GB/s (MI300X datasheet);
  // a ring uses only some of the point-to-point links, hence a lower fraction.
  'infinity-fabric': { name: 'infinity-fabric', bytesPerS: 448 * GB, latencyS: 5e-6, efficiency: 0.6 },
  // PCIe 4.0 x16: 16 GT/s x 16 lanes, 128b/130b = 31.5 GB/s per direction (PCI-SIG spec).
  'pcie4': { name: 'pcie4', bytesPerS: 31.5 * GB, latencyS: 5e-6, efficiency: 0.8 },
  // PCIe 5.0 x16: 32 GT/s x 16 lanes = 63 GB/s per direction (PCI-SIG spec).
  'pcie5': { name: 'pcie5', bytesPerS: 63 * GB, latencyS: 5e-6, efficiency: 0.8 },
  // InfiniBand HDR: 200 Gb/s = 25 GB/s per port, one port per GPU (DGX A100 has 8 HDR NICs).
  'ib-hdr': { name: 'ib-hdr', bytesPerS: 25 * GB, latencyS: 6e-6, efficiency: 0.9 },
  // InfiniBand NDR: 400 Gb/s = 50 GB/s per port, one ConnectX-7 per GPU (DGX H100 datasheet).
  'ib-ndr': { name: 'ib-ndr', bytesPerS: 50 * GB, latencyS: 6e-6, efficiency: 0.9 },
  // RoCE v2 over 400 GbE: 50 GB/s per NIC, one per GPU (Llama 3 paper, Meta's RoCE cluster);
  // congestion control leaves less of the line rate than InfiniBand, hence 0.8.
  'roce-400g': { name: 'roce-400g', bytesPerS: 50 * GB, latencyS: 10e-6, efficiency: 0.8 },
};

const gpuSchema = z.object({
  name: z.string().min(1),
  bf16FlopsPerS: z.number().positive(),
  hbmBytes: z.number().positive(),
  hbmBytesPerS: z.number().positive(),
  scaleUpBytesPerS: z.number().positive(),
  gemmEfficiency: z.number().gt(0).lte(1),
  memoryEfficiency: z.number().gt(0).lte(1),
  intraLink: z.string(),
  interLink: z.string(),
});

const linkSchema = z.object({
  name: z.string().min(1),
  bytesPerS: z.number().positive(),
  latencyS: z.number().nonnegative(),
  efficiency: z.number().gt(0).lte(1),
});

const catalogSchema = z.object({
  gpus: z.array(gpuSchema).default([]),
  links: z.array(linkSchema).default([]),
});

/** A catalog of GPUs and links, the built-ins plus whatever a user added. */
export interface HardwareCatalog {
  gpus: Record<string, GpuSpec>;
  links: Record<string, LinkSpec>;
}

/**
 * Validate a JSON catalog extension (`{ gpus: [...], links: [...] }`) and merge it over the
 * built-ins. Entries with a built-in name replace it.
 *
 * @example
 * ```ts
 * const catalog = parseHardwareCatalog({ links: [{ name: 'ib-xdr', bytesPerS: 100e9, latencyS: 5e-6, efficiency: 0.9 }] });
 * catalog.links['ib-xdr'].bytesPerS; // 100e9
 * ```
 */
export function parseHardwareCatalog(json: unknown, file?: string): HardwareCatalog {
  const parsed = catalogSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    throw inputError(`invalid hardware catalog: ${issue?.message ?? 'malformed'}; expected { gpus: GpuSpec[], links: LinkSpec[] } with positive numbers in SI units`, { file, path });
  }
  const catalog: HardwareCatalog = { gpus: { ...gpuCatalog }, links: { ...linkCatalog } };
  for (const link of parsed.data.links) catalog.links[link.name] = link;
  for (const gpu of parsed.data.gpus) catalog.gpus[gpu.name] = gpu;
  return catalog;
}

/** Aliases users type for built-in GPUs. */
const gpuAliases: Record<string, string> = {
  a100: 'a100-80gb', 'a100-sxm': 'a100-80gb', h100: 'h100-sxm', 'h200-sxm': 'h200', 'mi300': 'mi300x',
};

/**
 * Look up a GPU by name (case-insensitive; `a100`, `h100` are aliases).
 *
 * @example
 * ```ts
 * getGpu('H100').bf16FlopsPerS; // 989e12
 * ```
 */
export function getGpu(name: string, catalog: HardwareCatalog = { gpus: gpuCatalog, links: linkCatalog }): GpuSpec {
  const key = name.toLowerCase();
  const gpu = catalog.gpus[gpuAliases[key] ?? key];
  if (!gpu) throw inputError(`unknown GPU '${name}'; expected one of ${Object.keys(catalog.gpus).join(', ')} (or add it with a hardware catalog JSON)`);
  return gpu;
}

/**
 * Look up a link by name.
 *
 * @example
 * ```ts
 * getLink('ib-ndr').bytesPerS; // 50e9
 * ```
 */
export function getLink(name: string, catalog: HardwareCatalog = { gpus: gpuCatalog, links: linkCatalog }): LinkSpec {
  const link = catalog.links[name.toLowerCase()];
  if (!link) throw inputError(`unknown link '${name}'; expected one of ${Object.keys(catalog.links).join(', ')}`);
  return link;
}

/**
 * A cluster of `gpus` GPUs of one kind, `gpusPerNode` to a node, with the GPU's default links.
 *
 * @example
 * ```ts
 * const cluster = makeCluster('a100', 64); // 8 DGX A100 nodes, NVLink 3 + HDR InfiniBand
 * cluster.nodes; // 8
 * ```
 */
export function makeCluster(gpuName: string, gpus: number, gpusPerNode = 8, catalog?: HardwareCatalog): ClusterSpec {
  if (!Number.isInteger(gpus) || gpus < 1) throw inputError(`--gpus must be a positive integer, got ${gpus}`);
  if (!Number.isInteger(gpusPerNode) || gpusPerNode < 1) throw inputError(`--gpus-per-node must be a positive integer, got ${gpusPerNode}`);
  if (gpus > gpusPerNode && gpus % gpusPerNode !== 0) {
    throw inputError(`--gpus ${gpus} is not a multiple of --gpus-per-node ${gpusPerNode}; use whole nodes`);
  }
  const gpu = getGpu(gpuName, catalog);
  const perNode = Math.min(gpusPerNode, gpus);
  return {
    gpu, gpusPerNode: perNode, nodes: Math.ceil(gpus / perNode),
    intraLink: getLink(gpu.intraLink, catalog), interLink: getLink(gpu.interLink, catalog),
  };
}

/** Total GPUs of a cluster. */
export function clusterGpus(cluster: ClusterSpec): number {
  return cluster.gpusPerNode * cluster.nodes;
}
