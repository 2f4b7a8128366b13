/**
 * The JSON form of a hardware catalog extension: `{ gpus: [...], links: [...], clusters: [...] }`,
 * validated with zod and merged over the built-ins. Errors name the path inside the document.
 */
import { z } from 'zod';
import { inputError } from '../errors.js';
import { clusterCatalog } from './clusters.js';
import { gpuCatalog, linkCatalog, type ClusterPreset, type HardwareCatalog } from './hardware.js';

/** Default SRAM for user GPUs that do not give one: A100's 163 KB, the smallest NVIDIA figure since Ampere. */
const defaultSramBytesPerSm = 163 * 1024;

const gpuSchema = z.object({
  name: z.string().min(1),
  bf16FlopsPerS: z.number().positive(),
  hbmBytes: z.number().positive(),
  hbmBytesPerS: z.number().positive(),
  scaleUpBytesPerS: z.number().positive(),
  gemmEfficiency: z.number().gt(0).lte(1),
  memoryEfficiency: z.number().gt(0).lte(1),
  sramBytesPerSm: z.number().positive().default(defaultSramBytesPerSm),
  intraLink: z.string(),
  interLink: z.string(),
});

const linkSchema = z.object({
  name: z.string().min(1),
  bytesPerS: z.number().positive(),
  latencyS: z.number().nonnegative(),
  efficiency: z.number().gt(0).lte(1),
});

const clusterSchema = z.object({
  name: z.string().min(1),
  gpu: z.string().min(1),
  gpusPerNode: z.number().int().positive(),
  intraLink: z.string().min(1),
  interLink: z.string().min(1),
});

const catalogSchema = z.object({
  gpus: z.array(gpuSchema).default([]),
  links: z.array(linkSchema).default([]),
  clusters: z.array(clusterSchema).default([]),
});

const expected =
  'expected { gpus: GpuSpec[], links: LinkSpec[], clusters: { name, gpu, gpusPerNode, intraLink, interLink }[] } with positive numbers in SI units';

/** Every GPU and link a cluster (or a GPU's default links) names must exist in the merged catalog. */
function checkReferences(
  catalog: HardwareCatalog,
  gpus: { intraLink: string; interLink: string }[],
  clusters: ClusterPreset[],
  file?: string,
): void {
  const missing = (kind: 'gpus' | 'links', name: string, path: string): void => {
    if (catalog[kind][name]) return;
    throw inputError(
      `invalid hardware catalog: ${kind === 'gpus' ? 'GPU' : 'link'} '${name}' is not in the catalog; use one of ${Object.keys(catalog[kind]).join(', ')} or add it`,
      { file, path },
    );
  };
  gpus.forEach((gpu, index) => {
    missing('links', gpu.intraLink, `gpus.${index}.intraLink`);
    missing('links', gpu.interLink, `gpus.${index}.interLink`);
  });
  clusters.forEach((cluster, index) => {
    missing('gpus', cluster.gpu, `clusters.${index}.gpu`);
    missing('links', cluster.intraLink, `clusters.${index}.intraLink`);
    missing('links', cluster.interLink, `clusters.${index}.interLink`);
  });
}

/**
 * Validate a JSON catalog extension and merge it over the built-ins. Entries with a built-in
 * name replace it; clusters and GPUs may refer to links and GPUs of the same document.
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
    const path = issue?.path.length ? issue.path.join('.') : '(root)';
    throw inputError(`invalid hardware catalog: ${issue?.message ?? 'malformed'}; ${expected}`, { file, path });
  }
  const catalog: Required<HardwareCatalog> = {
    gpus: { ...gpuCatalog },
    links: { ...linkCatalog },
    clusters: { ...clusterCatalog },
  };
  for (const link of parsed.data.links) catalog.links[link.name] = link;
  for (const gpu of parsed.data.gpus) catalog.gpus[gpu.name] = gpu;
  for (const cluster of parsed.data.clusters) catalog.clusters[cluster.name] = cluster;
  checkReferences(catalog, parsed.data.gpus, parsed.data.clusters, file);
  return catalog;
}
