/**
 * How stage 1 prices a cluster: each replica's roofline pieces that matter on its expert's
 * token range (in ms), several copies of an expert on one cluster as one cell, and stage 1's
 * objective for given clusters (the basis of the property that a proven stage-1 optimum beats
 * no baseline).
 */
import { expertReplicaPieces, type AffinePiece } from '../../../src/perf/expert-traffic.js';
import type { ExpertPlacementInstance } from '../instance.js';
import { homeTokenMs } from './token-comm.js';

/** One cluster per GPU: its experts (with repeats for replicas) and the tokens each serves. */
export interface Clusters {
  experts: number[][];
  tokens: number[][];
}

/** The pieces that are the maximum somewhere on [0, tokens] (in ms). */
export function activePieces(pieces: AffinePiece[], tokens: number): AffinePiece[] {
  const ms = pieces.map((p) => ({ slope: 1000 * p.slope, intercept: 1000 * p.intercept }));
  const points = [0, tokens];
  for (const a of ms)
    for (const b of ms)
      if (a.slope !== b.slope) {
        const at = (b.intercept - a.intercept) / (a.slope - b.slope);
        if (at > 0 && at < tokens) points.push(at);
      }
  const value = (p: AffinePiece, m: number) => p.slope * m + p.intercept;
  const active = ms.filter((p) => points.some((m) => ms.every((q) => value(p, m) >= value(q, m) - 1e-12)));
  return active.length > 0 ? active : ms;
}

/** ms of `copies` replicas of expert e serving `tokens` in all, as the model prices them. */
export function replicaMs(
  instance: ExpertPlacementInstance,
  l: number,
): (e: number, tokens: number, copies: number) => number {
  const pieces = expertReplicaPieces(instance.cluster.gpu, instance.model);
  return (e, tokens, copies) => {
    const routed = instance.routing.n[l][e];
    if (routed <= 0 || copies <= 0) return 0;
    return Math.max(...activePieces(pieces, routed).map((p) => p.slope * tokens + p.intercept * copies));
  };
}

/**
 * Stage 1's objective for given clusters, as the model prices them: the basis of the property
 * that a proven stage-1 optimum is never worse than a baseline's clusters.
 *
 * @example
 * ```ts
 * stageOneObjective(instance, 0, clusters); // ms: mean + half the absolute deviation + the busiest's traffic
 * ```
 */
export function stageOneObjective(instance: ExpertPlacementInstance, l: number, clusters: Clusters): number {
  const ms = replicaMs(instance, l);
  const loads = clusters.experts.map((list, g) => {
    const cells = new Map<number, { copies: number; tokens: number }>();
    list.forEach((e, i) => {
      const cell = cells.get(e) ?? { copies: 0, tokens: 0 };
      cells.set(e, { copies: cell.copies + 1, tokens: cell.tokens + clusters.tokens[g][i] });
    });
    return [...cells].reduce((sum, [e, cell]) => sum + ms(e, cell.tokens, cell.copies), 0);
  });
  const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
  const deviation = loads.reduce((sum, load) => sum + Math.abs(load - mean), 0);
  const busiest =
    Math.max(...clusters.tokens.map((list) => list.reduce((a, b) => a + b, 0))) * homeTokenMs(instance, l);
  return (instance.phase === 'training' ? 3 : 1) * (mean + deviation / 2) + busiest;
}
