/**
 * MoETuner's second stage, one layer at a time: assign the layer's clusters (stage 1) to GPUs
 * one-to-one, given where the previous layer's replicas already are, minimizing the heaviest
 * GPU-pair traffic cost (the token-path bytes from the previous layer's GPU p to this layer's
 * GPU g over the p-g link's bandwidth) plus the busiest port of the busiest GPU (the sum of its
 * pairs on one link, send or receive: what the evaluator's all-to-all takes), with the total
 * cost over all pairs, scaled by 1/G^2, as a tie-breaker. Every GPU gets one cluster of S replicas, so memory stays even.
 */
import { LinExpr, Model, type Var } from '../../../src/dsl/index.js';
import { achievedBytesPerS } from '../../../src/perf/communication.js';
import { solve } from '../../../src/solve/solve.js';
import type { ExpertPlacementInstance } from '../instance.js';
import type { Clusters, StageResult } from './stage1.js';

/** Fractions of each expert's tokens each GPU (or cluster) serves. */
function fractions(instance: ExpertPlacementInstance, l: number, groups: Clusters): number[][] {
  const byExpert = Array.from({ length: groups.experts.length }, () => new Array<number>(instance.experts).fill(0));
  const copies = new Array<number>(instance.experts).fill(0);
  for (const list of groups.experts) for (const e of list) copies[e]++;
  groups.experts.forEach((list, g) =>
    list.forEach((e, i) => {
      const routed = instance.routing.n[l][e];
      byExpert[g][e] += routed > 0 ? groups.tokens[g][i] / routed : 1 / copies[e];
    }),
  );
  return byExpert;
}

/** ms of traffic from each previous-layer GPU to each cluster, before link costs: bytes. */
export function clusterTraffic(
  instance: ExpertPlacementInstance,
  l: number,
  previous: Clusters,
  clusters: Clusters,
): number[][] {
  const pairs = instance.routing.A?.[l - 1];
  const from = fractions(instance, l - 1, previous);
  const to = fractions(instance, l, clusters);
  const perPair = (2 / instance.topK) * 2 * instance.model.hiddenSize;
  return from.map((fp) =>
    to.map((tc) => {
      let bytes = 0;
      if (pairs) pairs.forEach((row, e) => fp[e] > 0 && row.forEach((count, f) => (bytes += count * fp[e] * tc[f])));
      return bytes * perPair;
    }),
  );
}

function costPerByte(instance: ExpertPlacementInstance, p: number, g: number): number {
  const perNode = instance.cluster.gpusPerNode;
  const link =
    Math.floor(p / perNode) === Math.floor(g / perNode) ? instance.cluster.intraLink : instance.cluster.interLink;
  return 1000 / achievedBytesPerS(link);
}

/** The cost of the p-g pair under an assignment (clusters to GPUs). */
function pairCost(
  instance: ExpertPlacementInstance,
  traffic: number[][],
  gpuOf: number[],
  p: number,
  g: number,
): number {
  let bytes = 0;
  gpuOf.forEach((at, c) => {
    if (at === g) bytes += traffic[p][c];
  });
  return bytes * costPerByte(instance, p, g);
}

/** Greedy start: the heaviest (GPU, cluster) traffic pairs first, so that it stays on one GPU. */
function greedyAssignment(traffic: number[][]): number[] {
  const G = traffic.length;
  const pairs = traffic
    .flatMap((row, p) => row.map((bytes, c) => ({ p, c, bytes })))
    .sort((a, b) => b.bytes - a.bytes || a.p - b.p || a.c - b.c);
  const gpuOf = new Array<number>(G).fill(-1);
  const taken = new Array<boolean>(G).fill(false);
  for (const { p, c } of pairs)
    if (gpuOf[c] < 0 && !taken[p]) {
      gpuOf[c] = p;
      taken[p] = true;
    }
  return gpuOf;
}

function build(instance: ExpertPlacementInstance, traffic: number[][]): { model: Model; y: Var[][]; worst: Var } {
  const G = instance.gpus;
  const model = new Model('expert-placement-stage2');
  const y = Array.from({ length: G }, () => Array.from({ length: G }, () => model.addVar({ type: 'binary' })));
  const worst = model.addVar({ lb: 0 });
  const busiestPort = model.addVar({ lb: 0 });
  const total = new LinExpr().add(worst).add(busiestPort);
  // Send and receive time of each GPU on each of its two ports (intra, inter node).
  const ports = Array.from({ length: G }, () => [new LinExpr(), new LinExpr(), new LinExpr(), new LinExpr()]);
  const perNode = instance.cluster.gpusPerNode;
  for (let c = 0; c < G; c++) model.addConstraint(new LinExpr().add(sumOf(y[c])).eq(1));
  for (let g = 0; g < G; g++) model.addConstraint(sumOf(y.map((row) => row[g])).eq(1));
  for (let p = 0; p < G; p++)
    for (let g = 0; g < G; g++) {
      if (p === g) continue;
      const cost = new LinExpr();
      for (let c = 0; c < G; c++) if (traffic[p][c] > 0) cost.add(y[c][g], traffic[p][c] * costPerByte(instance, p, g));
      total.add(cost.clone().scale(1 / (G * G)));
      // The heaviest pair's cost is at least this pair's.
      model.addConstraint(LinExpr.of(worst).minus(cost).ge(0));
      const port = Math.floor(p / perNode) === Math.floor(g / perNode) ? 0 : 1;
      ports[p][port].add(cost);
      ports[g][2 + port].add(cost);
    }
  // The busiest port of the busiest GPU is what the all-to-all takes (the evaluator's measure).
  for (const row of ports.flat()) model.addConstraint(LinExpr.of(busiestPort).minus(row).ge(0));
  model.minimize(total);
  return { model, y, worst };
}

function sumOf(vars: Var[]): LinExpr {
  const expr = new LinExpr();
  for (const v of vars) expr.add(v);
  return expr;
}

/**
 * The GPU of each cluster of layer `l` (a permutation), or undefined when the solver gave nothing.
 *
 * @example
 * ```ts
 * const { gpuOf } = await stageTwo(instance, 1, previous, clusters, 1);
 * ```
 */
export async function stageTwo(
  instance: ExpertPlacementInstance,
  l: number,
  previous: Clusters,
  clusters: Clusters,
  timeLimitSec: number,
): Promise<{ gpuOf: number[]; result?: Omit<StageResult, 'clusters'> }> {
  const traffic = clusterTraffic(instance, l, previous, clusters);
  const start = greedyAssignment(traffic);
  if (timeLimitSec <= 0) return { gpuOf: start };
  const started = performance.now();
  const { model, y, worst } = build(instance, traffic);
  const values = new Float64Array(model.numVars);
  start.forEach((g, c) => (values[y[c][g].index] = 1));
  let heaviest = 0;
  for (const g of start)
    for (let p = 0; p < instance.gpus; p++)
      if (p !== g) heaviest = Math.max(heaviest, pairCost(instance, traffic, start, p, g));
  values[worst.index] = heaviest;
  const solution = await solve(model, { timeLimitSec, warmStart: values });
  if (!solution.hasSolution) return { gpuOf: start };
  const gpuOf = y.map((row) => row.findIndex((v) => solution.values[v.index] > 0.5));
  const seconds = (performance.now() - started) / 1000;
  return {
    gpuOf,
    result: { termination: solution.termination, objective: solution.objective, bound: solution.bestBound, seconds },
  };
}
