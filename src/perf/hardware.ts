/**
 * The hardware catalog: GPUs and links. Every figure cites its source; where a figure is an
 * assumption, the comment says so and why the value was chosen. Cluster presets live in
 * `clusters.ts`; users extend the catalog from JSON through `parseHardwareCatalog`
 * (`hardware-json.ts`).
 *
 * Units are SI throughout: FLOP/s, bytes, bytes/s, seconds. Link bandwidths are per GPU
 * and per direction, which is what a ring collective can drive.
 */
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
  /**
   * On-chip shared memory one thread block can use on one SM (CU), bytes: the SRAM size `M` of
   * Dao et al.'s FlashAttention analysis, which sets its tile sizes and hence its HBM traffic.
   */
  sramBytesPerSm: number;
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
  /** The preset it was built from, when it was. */
  name?: string;
  gpu: GpuSpec;
  gpusPerNode: number;
  nodes: number;
  intraLink: LinkSpec;
  interLink: LinkSpec;
}

/** A named kind of cluster: the node and its links, without a size (`makeClusterFromPreset` sizes it). */
export interface ClusterPreset {
  name: string;
  /** GPU name in the catalog. */
  gpu: string;
  gpusPerNode: number;
  /** Link names in the catalog. */
  intraLink: string;
  interLink: string;
}

/** A catalog of GPUs, links and cluster presets, the built-ins plus whatever a user added. */
export interface HardwareCatalog {
  gpus: Record<string, GpuSpec>;
  links: Record<string, LinkSpec>;
  /** Absent means the built-in presets only. */
  clusters?: Record<string, ClusterPreset>;
}

const GB = 1e9;
const TB = 1e12;
const KiB = 1024;

/*
 * memoryEfficiency (all GPUs) is an assumption: no single measurement is cited. Copy and
 * STREAM-triad kernels on large buffers reach roughly 85-93% of the datasheet HBM bandwidth on
 * A100 and H100 in public BabelStream-style measurements; the memory-bound kernels of a training
 * step (norms, activations, optimizer updates) run on smaller tensors and overlap less, so we
 * take a round 0.8 below those measurements. MI300X gets 0.75, lower by assumption: its eight
 * HBM stacks sit behind four I/O dies joined by Infinity Fabric, and we cite no measurement
 * that would put it at NVIDIA's fraction.
 */

/** Built-in GPUs. */
export const gpuCatalog: Record<string, GpuSpec> = {
  // NVIDIA A100 Tensor Core GPU datasheet (2021): BF16 312 TFLOP/s dense, 80 GB HBM2e at
  // 2,039 GB/s, NVLink 3 600 GB/s bidirectional. GEMM efficiency 0.75 (about 234 TFLOP/s):
  // the sustained rate inside training that Korthikanti et al. 2022's 1T run implies (HFU 57%
  // with a 12% bubble and about 6% TP communication); short cuBLAS benchmarks reach 0.85.
  // Shared memory: up to 164 KB per SM, 163 KB per thread block (NVIDIA A100 whitepaper; CUDA
  // C++ Programming Guide, compute capability 8.0).
  'a100-80gb': {
    name: 'a100-80gb',
    bf16FlopsPerS: 312e12,
    hbmBytes: 80 * GB,
    hbmBytesPerS: 2.039 * TB,
    scaleUpBytesPerS: 300 * GB,
    gemmEfficiency: 0.75,
    memoryEfficiency: 0.8,
    sramBytesPerSm: 163 * KiB,
    intraLink: 'nvlink3',
    interLink: 'ib-hdr',
  },
  // NVIDIA H100 Tensor Core GPU datasheet (SXM5): BF16 989 TFLOP/s dense (1,979 with
  // sparsity), 80 GB HBM3 at 3.35 TB/s, NVLink 4 900 GB/s bidirectional. Large BF16 GEMMs
  // reach about 700-750 TFLOP/s (cuBLAS measurements), hence 0.75. Shared memory: up to 228 KB
  // per SM, 227 KB per thread block (NVIDIA H100 whitepaper; CUDA Programming Guide, 9.0).
  'h100-sxm': {
    name: 'h100-sxm',
    bf16FlopsPerS: 989e12,
    hbmBytes: 80 * GB,
    hbmBytesPerS: 3.35 * TB,
    scaleUpBytesPerS: 450 * GB,
    gemmEfficiency: 0.75,
    memoryEfficiency: 0.8,
    sramBytesPerSm: 227 * KiB,
    intraLink: 'nvlink4',
    interLink: 'ib-ndr',
  },
  // NVIDIA H200 Tensor Core GPU datasheet (SXM): same GH100 compute and SMs as H100 SXM, 141 GB
  // HBM3e at 4.8 TB/s, NVLink 900 GB/s bidirectional.
  h200: {
    name: 'h200',
    bf16FlopsPerS: 989e12,
    hbmBytes: 141 * GB,
    hbmBytesPerS: 4.8 * TB,
    scaleUpBytesPerS: 450 * GB,
    gemmEfficiency: 0.75,
    memoryEfficiency: 0.8,
    sramBytesPerSm: 227 * KiB,
    intraLink: 'nvlink4',
    interLink: 'ib-ndr',
  },
  // NVIDIA DGX B200 / HGX B200 datasheet: BF16 2.25 PFLOP/s dense per GPU (4.5 sparse),
  // 180 GB HBM3e per GPU (1,440 GB per 8-GPU system) at 7.7 TB/s, NVLink 5 1.8 TB/s
  // bidirectional. Shared memory 228 KB per SM, 227 KB per block (NVIDIA Blackwell tuning guide,
  // compute capability 10.0). gemmEfficiency 0.75 is an assumption: we found no published
  // sustained BF16 GEMM measurement for B200, so it takes H100's figure rather than a guess.
  b200: {
    name: 'b200',
    bf16FlopsPerS: 2.25e15,
    hbmBytes: 180 * GB,
    hbmBytesPerS: 7.7 * TB,
    scaleUpBytesPerS: 900 * GB,
    gemmEfficiency: 0.75,
    memoryEfficiency: 0.8,
    sramBytesPerSm: 227 * KiB,
    intraLink: 'nvlink5',
    interLink: 'ib-ndr',
  },
  // AMD Instinct MI300X datasheet: BF16 1,307.4 TFLOP/s dense, 192 GB HBM3 at 5.3 TB/s,
  // 7 Infinity Fabric links, 896 GB/s aggregate bidirectional peer bandwidth; 64 KB of LDS per
  // CU (AMD CDNA 3 architecture whitepaper). gemmEfficiency 0.6 is an assumption: independent
  // measurements (SemiAnalysis, "MI300X vs H100 vs H200 Benchmark Part 1: Training", Dec 2024)
  // found MI300X's BF16 GEMMs far below its datasheet peak and below H100's fraction; 0.6 is a
  // round value under H100's 0.75 that no published row was fitted to.
  mi300x: {
    name: 'mi300x',
    bf16FlopsPerS: 1307.4e12,
    hbmBytes: 192 * GB,
    hbmBytesPerS: 5.3 * TB,
    scaleUpBytesPerS: 448 * GB,
    gemmEfficiency: 0.6,
    memoryEfficiency: 0.75,
    sramBytesPerSm: 64 * KiB,
    intraLink: 'infinity-fabric',
    interLink: 'roce-400g',
  },
};

/*
 * Link latencies are per collective step (alpha). NCCL's own cost model (NVIDIA/nccl
 * src/graph/tuning.cc, table hwLat, ring algorithm) charges per step, for the LL / LL128 / Simple
 * protocols: NVLink 0.47 / 1.9 / 3.4 us, PCIe 1.0 / 2.5 / 5.7 us, network 2.7 / 4.0 / 9.6 us;
 * RCCL's copy of that table (ROCm/rccl, same file) charges 2.3 / 2.3 / 2.7 us over xGMI (Infinity
 * Fabric). Latency only matters for small messages, which NCCL sends with LL or LL128, so each
 * alpha below sits between those two protocols' figures unless its comment says otherwise.
 */

/** Built-in links. */
export const linkCatalog: Record<string, LinkSpec> = {
  // NVLink 3 (A100): 12 links x 25 GB/s per direction = 300 GB/s per direction (A100 datasheet).
  // NCCL all-reduce bus bandwidth on DGX A100 is about 230-240 GB/s (nccl-tests; NCCL's tuning
  // model caps Ampere bus bandwidth at 235 GB/s), hence 0.78. Alpha 1 us (see above).
  nvlink3: { name: 'nvlink3', bytesPerS: 300 * GB, latencyS: 1e-6, efficiency: 0.78 },
  // NVLink 4 (H100): 18 links x 25 GB/s per direction = 450 GB/s (H100 datasheet); nccl-tests
  // bus bandwidth on DGX H100 about 360-370 GB/s, hence 0.8. Alpha 1 us (see above).
  nvlink4: { name: 'nvlink4', bytesPerS: 450 * GB, latencyS: 1e-6, efficiency: 0.8 },
  // NVLink 5 (B200): 1.8 TB/s bidirectional = 900 GB/s per direction (B200 datasheet). The 0.8
  // fraction is an assumption carried over from NVLink 4 (no B200 nccl-tests figure cited).
  nvlink5: { name: 'nvlink5', bytesPerS: 900 * GB, latencyS: 1e-6, efficiency: 0.8 },
  // AMD Infinity Fabric on MI300X: 7 links x 64 GB/s per direction = 448 GB/s (MI300X datasheet).
  // Alpha 2.7 us: RCCL's per-step xGMI figure (see above). The 0.6 fraction is an assumption: the
  // GPUs are fully connected point to point, so a ring drives one 64 GB/s link per neighbour and
  // reaches the 448 GB/s aggregate only through many concurrent rings, which RCCL builds but
  // never perfectly balances; no RCCL bus-bandwidth measurement is cited.
  'infinity-fabric': { name: 'infinity-fabric', bytesPerS: 448 * GB, latencyS: 2.7e-6, efficiency: 0.6 },
  // PCIe 4.0 x16: 16 GT/s x 16 lanes, 128b/130b = 31.5 GB/s per direction (PCI-SIG spec). Alpha
  // 5 us: NCCL's Simple-protocol PCIe figure (5.7 us), since PCIe transfers pass through host
  // bridges. The 0.8 fraction is an assumption from the protocol: TLP headers and DLLP traffic
  // leave about 85-90% of the line rate for payload at 256-byte packets (PCIe base
  // specification framing), and NCCL's staging costs a little more.
  pcie4: { name: 'pcie4', bytesPerS: 31.5 * GB, latencyS: 5e-6, efficiency: 0.8 },
  // PCIe 5.0 x16: 32 GT/s x 16 lanes = 63 GB/s per direction (PCI-SIG spec); latency and
  // fraction as for PCIe 4.0.
  pcie5: { name: 'pcie5', bytesPerS: 63 * GB, latencyS: 5e-6, efficiency: 0.8 },
  // InfiniBand HDR: 200 Gb/s = 25 GB/s per port, one port per GPU (DGX A100 has 8 HDR NICs for
  // compute). The 0.9 fraction is an assumption: InfiniBand's credit-based flow control lets
  // NCCL run close to line rate, and 0.9 leaves room for headers and proxy overheads. Alpha
  // 6 us: between NCCL's LL128 (4.0 us) and Simple (9.6 us) network figures.
  'ib-hdr': { name: 'ib-hdr', bytesPerS: 25 * GB, latencyS: 6e-6, efficiency: 0.9 },
  // InfiniBand NDR: 400 Gb/s = 50 GB/s per port, one ConnectX-7 per GPU (DGX H100 datasheet);
  // fraction and alpha as for HDR.
  'ib-ndr': { name: 'ib-ndr', bytesPerS: 50 * GB, latencyS: 6e-6, efficiency: 0.9 },
  // RoCE v2 over 400 GbE: 50 GB/s per NIC, one per GPU (Dubey et al. 2024, Section 3.3.1:
  // Meta's RoCE cluster, 400 Gbps between GPUs). Both figures are assumptions: NCCL's model has
  // one network latency for IB and RoCE, and we take its Simple figure rounded up (10 us)
  // because a three-tier Clos Ethernet fabric adds switch hops; Ethernet congestion control
  // (DCQCN) keeps links further from line rate than InfiniBand's credit-based flow control,
  // hence 0.8 against IB's 0.9.
  'roce-400g': { name: 'roce-400g', bytesPerS: 50 * GB, latencyS: 10e-6, efficiency: 0.8 },
};

/** The built-in catalog, for default arguments. */
export const builtInCatalog: HardwareCatalog = { gpus: gpuCatalog, links: linkCatalog };

/** Aliases users type for built-in GPUs. */
const gpuAliases: Record<string, string> = {
  a100: 'a100-80gb',
  'a100-sxm': 'a100-80gb',
  h100: 'h100-sxm',
  'h200-sxm': 'h200',
  mi300: 'mi300x',
};

/**
 * Look up a GPU by name (case-insensitive; `a100`, `h100` are aliases).
 *
 * @example
 * ```ts
 * getGpu('H100').bf16FlopsPerS; // 989e12
 * ```
 */
export function getGpu(name: string, catalog: HardwareCatalog = builtInCatalog): GpuSpec {
  const key = name.toLowerCase();
  const gpu = catalog.gpus[gpuAliases[key] ?? key] ?? catalog.gpus[name];
  if (!gpu)
    throw inputError(
      `unknown GPU '${name}'; expected one of ${Object.keys(catalog.gpus).join(', ')} (or add it with a hardware catalog JSON)`,
    );
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
export function getLink(name: string, catalog: HardwareCatalog = builtInCatalog): LinkSpec {
  const link = catalog.links[name.toLowerCase()] ?? catalog.links[name];
  if (!link)
    throw inputError(
      `unknown link '${name}'; expected one of ${Object.keys(catalog.links).join(', ')} (or add it with a hardware catalog JSON)`,
    );
  return link;
}

/** Nodes of `gpusPerNode` that hold `gpus` GPUs, refusing partial nodes. */
function checkNodes(gpus: number, gpusPerNode: number): void {
  if (!Number.isInteger(gpus) || gpus < 1) throw inputError(`--gpus must be a positive integer, got ${gpus}`);
  if (!Number.isInteger(gpusPerNode) || gpusPerNode < 1)
    throw inputError(`--gpus-per-node must be a positive integer, got ${gpusPerNode}`);
  if (gpus > gpusPerNode && gpus % gpusPerNode !== 0) {
    throw inputError(`--gpus ${gpus} is not a multiple of --gpus-per-node ${gpusPerNode}; use whole nodes`);
  }
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
  checkNodes(gpus, gpusPerNode);
  const gpu = getGpu(gpuName, catalog);
  return sizedCluster(gpu, gpus, gpusPerNode, getLink(gpu.intraLink, catalog), getLink(gpu.interLink, catalog));
}

/**
 * A cluster of `gpus` GPUs with explicit links (a partial node when `gpus < gpusPerNode`).
 *
 * @example
 * ```ts
 * sizedCluster(getGpu('h100'), 16, 8, getLink('nvlink4'), getLink('roce-400g')).nodes; // 2
 * ```
 */
export function sizedCluster(
  gpu: GpuSpec,
  gpus: number,
  gpusPerNode: number,
  intraLink: LinkSpec,
  interLink: LinkSpec,
  name?: string,
): ClusterSpec {
  checkNodes(gpus, gpusPerNode);
  const perNode = Math.min(gpusPerNode, gpus);
  return {
    ...(name ? { name } : {}),
    gpu,
    gpusPerNode: perNode,
    nodes: Math.ceil(gpus / perNode),
    intraLink,
    interLink,
  };
}

/** Total GPUs of a cluster. */
export function clusterGpus(cluster: ClusterSpec): number {
  return cluster.gpusPerNode * cluster.nodes;
}
