/**
 * The token split of a fixed set of replicas, as a linear program: with the replicas where they
 * are, choose how many of each expert's tokens each of its replicas serves so that the slowest
 * GPU's expert time (the roofline's affine pieces per replica, 3x in training) plus the busiest
 * GPU's share of the home all-to-alls (`homeTokenMs`) is least. EPLB splits evenly;
 * a router that steers tokens between replicas can do this instead. It runs on every layer
 * before stage 1, in milliseconds even at 256 experts on 64 GPUs.
 */
import { LinExpr, Model } from '../../../src/dsl/index.js';
import { expertReplicaPieces } from '../../../src/perf/expert-traffic.js';
import { solve } from '../../../src/solve/solve.js';
import type { ExpertPlacementInstance } from '../instance.js';
import { activePieces, type Clusters } from './pricing.js';
import { homeTokenMs } from './token-comm.js';

/**
 * The clusters with their tokens re-split by the LP (the same clusters when it finds nothing
 * better or the layer has no expert with two replicas).
 *
 * @example
 * ```ts
 * const balanced = await balanceShares(instance, 0, clusters, 1);
 * ```
 */
export async function balanceShares(
  instance: ExpertPlacementInstance,
  l: number,
  clusters: Clusters,
  timeLimitSec: number,
): Promise<Clusters> {
  const n = instance.routing.n[l];
  const copies = new Array<number>(instance.experts).fill(0);
  for (const list of clusters.experts) for (const e of list) copies[e]++;
  if (!copies.some((c) => c > 1)) return clusters;
  const pieces = expertReplicaPieces(instance.cluster.gpu, instance.model);
  const model = new Model(`expert-placement-shares-l${l}`);
  const slowest = model.addVar({ lb: 0 });
  const served = Array.from({ length: instance.experts }, () => new LinExpr());
  const shares = clusters.experts.map((list) => list.map((e) => model.addVar({ lb: 0, ub: n[e] })));
  const busiest = model.addVar({ lb: 0 });
  const perToken = homeTokenMs(instance, l);
  clusters.experts.forEach((list, g) => {
    const load = new LinExpr();
    const received = new LinExpr();
    list.forEach((e, i) => {
      served[e].add(shares[g][i]);
      received.add(shares[g][i], perToken);
      if (n[e] <= 0) return;
      const time = model.addVar({ lb: 0 });
      for (const p of activePieces(pieces, n[e]))
        model.addConstraint(LinExpr.of(time).minus(LinExpr.of(shares[g][i]).times(p.slope)).ge(p.intercept));
      load.add(time);
    });
    // The slowest GPU is at least as slow as this one, and the busiest port as busy.
    model.addConstraint(LinExpr.of(slowest).minus(load).ge(0));
    model.addConstraint(LinExpr.of(busiest).minus(received).ge(0));
  });
  // Each expert's replicas serve all its tokens.
  served.forEach((expr, e) => model.addConstraint(expr.eq(n[e])));
  model.minimize(
    LinExpr.of(slowest)
      .times(instance.phase === 'training' ? 3 : 1)
      .plus(busiest),
  );
  const result = await solve(model, { timeLimitSec });
  if (!result.hasSolution) return clusters;
  const tokens = shares.map((list) => list.map((v) => Math.max(0, result.values[v.index])));
  return { experts: clusters.experts, tokens: normalized(instance, l, clusters.experts, tokens) };
}

/** Each expert's shares scaled to add up to its routed tokens exactly. */
function normalized(instance: ExpertPlacementInstance, l: number, experts: number[][], tokens: number[][]): number[][] {
  const total = new Array<number>(instance.experts).fill(0);
  const copies = new Array<number>(instance.experts).fill(0);
  experts.forEach((list, g) =>
    list.forEach((e, i) => {
      total[e] += tokens[g][i];
      copies[e]++;
    }),
  );
  return experts.map((list, g) =>
    list.map((e, i) =>
      total[e] > 0 ? (tokens[g][i] * instance.routing.n[l][e]) / total[e] : instance.routing.n[l][e] / copies[e],
    ),
  );
}
