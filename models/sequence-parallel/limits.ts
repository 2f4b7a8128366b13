/** The ranges the sequence-parallel schema admits (the README states them). */
import { perfLimits } from '../../src/perf/limits.js';

export const sequenceParallelLimits = {
  /** Tokens of one sequence: 16M, far beyond any context trained today. */
  length: 16_777_216,
  /** Sequences in one global batch. */
  sequences: 8192,
  /** GPUs of the cluster. */
  gpus: perfLimits.gpus,
} as const;
