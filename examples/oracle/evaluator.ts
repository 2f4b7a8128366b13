/**
 * A search loop's evaluator in Node: the same contract as evaluator.py, through the
 * library (one pool kept open across candidates) instead of the command line.
 *
 * @example
 * ```ts
 * const evaluator = openEvaluator({ family: 'rcpsp', instances: ['instances/rcpsp/psplib-like'] });
 * const { metrics, artifacts } = await evaluator.evaluate(readFileSync('candidate.js', 'utf8'));
 * evaluator.close();
 * ```
 */
import { SchedlabError } from '../../src/errors.js';
import { openOracle, type ScoreOptions } from '../../src/oracle/score.js';
import type { OpenEvolveResult } from '../../src/oracle/types.js';

export interface EvaluatorSettings extends ScoreOptions {
  family: string;
  instances: string[];
}

/** An evaluator with its sandbox processes started once; `close()` ends them. */
export function openEvaluator(settings: EvaluatorSettings) {
  const { family, instances, ...options } = settings;
  const oracle = openOracle({ workers: options.workers ?? 2 });
  return {
    /** The OpenEvolve-compatible result; a candidate schedlab refuses (bad input) scores 0 with the reason. */
    async evaluate(source: string): Promise<OpenEvolveResult> {
      try {
        return (await oracle.score(family, source, instances, options)).openevolve;
      } catch (error) {
        if (error instanceof SchedlabError && error.kind === 'input')
          return { metrics: { combined_score: 0 }, artifacts: { error: error.describe() } };
        throw error;
      }
    },
    close: () => oracle.close(),
  };
}
