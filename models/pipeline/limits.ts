/**
 * The ranges every pipeline reader accepts: the JSON schema (`instance.ts`), the derived form
 * (`derive.ts`, whose model and cluster fields take the performance model's ranges from
 * src/perf/limits.ts) and the `hf` reader, which goes through both. Times up to 1e9 ms and
 * amounts of memory up to 1e12 keep every sum of a schedule finite and exact to well under a
 * millisecond; the counts bound what an instance can ask for.
 */
export const pipelineLimits = {
  /** Pipeline ranks. */
  devices: 65_536,
  /** Model chunks (stages) per device. */
  chunks: 64,
  microbatches: 1_048_576,
  /** A pass's time or the communication time, in ms. */
  time: 1_000_000_000,
  /** Activation memory of a stage (M_B, M_W) and a device's limit, in the instance's memory unit. */
  memory: 1_000_000_000_000,
} as const;
