/** A GPU and a link for hardware catalogs (`--catalog FILE.json`) in tests: H100 NVL-like figures. */

/** A GPU record of a catalog, reaching the rest of the cluster over `interLink`. */
export const catalogGpu = (name: string, interLink: string) => ({
  name,
  bf16FlopsPerS: 835e12,
  hbmBytes: 94e9,
  hbmBytesPerS: 3.9e12,
  scaleUpBytesPerS: 300e9,
  gemmEfficiency: 0.75,
  memoryEfficiency: 0.8,
  intraLink: 'nvlink4',
  interLink,
});

/** A link record of a catalog: 100 GB/s, 5 µs. */
export const catalogLink = (name: string) => ({ name, bytesPerS: 100e9, latencyS: 5e-6, efficiency: 0.9 });
