/**
 * One small instance per family and a real solution of it from a heuristic, for the report
 * views' tests: the data test checks each family's `reportView` against the solution and the
 * evaluator, the browser test draws the same views.
 */
import type { Family } from '../../src/family/contract.js';
import type { ReportView } from '../../src/family/report-view.js';
import { heuristicContext } from '../support/heuristics.js';
import { family as expertPlacement } from '../../models/expert-placement/index.js';
import { family as parallelPlan } from '../../models/parallel-plan/index.js';
import { family as pipeline } from '../../models/pipeline/index.js';
import { family as podPacking } from '../../models/pod-packing/index.js';
import { podInstance } from './views-pod-instance.js';
import { family as rcpsp } from '../../models/rcpsp/index.js';
import { family as sequenceParallel } from '../../models/sequence-parallel/index.js';
import { family as servingPlan } from '../../models/serving-plan/index.js';

/** A family's instance, a heuristic's solution of it, and the family's view of that solution. */
export interface ViewCase<I, S> {
  family: Family<I, S>;
  instance: I;
  solution: S;
  view: ReportView;
}

function viewCase<I, S>(family: Family<I, S>, instance: I, heuristic = 'default'): ViewCase<I, S> {
  const solution = family.heuristics[heuristic](instance, heuristicContext(1, 5));
  if (!family.reportView) throw new Error(`family ${family.id} has no reportView`);
  return { family, instance, solution, view: family.reportView(instance, solution) };
}

/** Every family's case, built once per test file (each takes well under a second). */
export function viewCases() {
  return {
    rcpsp: viewCase(rcpsp, rcpsp.generate({ kind: 'psplib', size: 'small' }, 3)),
    pipeline: viewCase(pipeline, pipeline.generate({ devices: 4, microbatches: 8 }, 1), 'zb-h1'),
    'pod-packing': viewCase(podPacking, podInstance),
    'expert-placement': viewCase(expertPlacement, expertPlacement.generate({ size: 'small', redundantSlots: 4 }, 1)),
    'parallel-plan': viewCase(
      parallelPlan,
      parallelPlan.parse({
        name: 'llama3-70b-32gpu',
        model: 'llama3-70b',
        cluster: { gpu: 'h100-sxm', gpus: 32 },
        workload: { seqLength: 4096, globalBatch: 128 },
      }),
      'rule-of-thumb',
    ),
    'serving-plan': viewCase(
      servingPlan,
      servingPlan.generate({ size: 'small', requests: 200, rate: 20 }, 1),
      'distserve',
    ),
    'sequence-parallel': viewCase(
      sequenceParallel,
      sequenceParallel.generate({ size: 'small', batch: 24, gpus: 8, gpusPerNode: 4, maxContext: 32768 }, 1),
    ),
  };
}
