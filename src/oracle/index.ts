/** The oracle: sandboxed, reproducible scoring of outside heuristics (README.md here). */
export { score, openOracle, type ScoreOptions } from './score.js';
export type { InstanceInput } from './inputs.js';
export { defaultCacheDir } from './cache.js';
export { defaultLimits } from './types.js';
export type {
  ScoreReport,
  InstanceScore,
  ScoreStatus,
  SandboxLimits,
  OpenEvolveResult,
} from './types.js';
