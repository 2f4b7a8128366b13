/**
 * MoETuner's first stage, extended with redundant experts, for one layer: partition the
 * experts' replicas into G clusters of exactly S replicas each, deciding which experts get
 * replicas and how many tokens each replica serves, so that the clusters' expert times stay
 * close to their mean. Objective: mean + (sum of |cluster time - mean|) / 2, which bounds the
 * slowest cluster from above (max - mean <= half the total absolute deviation) and, through the
 * mean, charges every replica's fixed GEMM cost. A replica's time is the roofline's pieces:
 * `u >= slope * tokens + intercept * x` for each affine piece that is the maximum somewhere
 * on [0, routed tokens].
 */
import { LinExpr, Model, type Var } from '../../../src/dsl/index.js';
import { expertReplicaPieces, type AffinePiece } from '../../../src/perf/expert-traffic.js';
import { solve } from '../../../src/solve/solve.js';
import type { ExpertPlacementInstance } from '../instance.js';

/** One cluster per GPU: its experts (with repeats for replicas) and the tokens each serves. */
export interface Clusters {
  experts: number[][];
  tokens: number[][];
}

/** What stage 1 returned for a layer. */
export interface StageResult {
  clusters: Clusters;
  termination: string;
  objective: number;
  bound: number;
  seconds: number;
}

/** The pieces that are the maximum somewhere on [0, tokens] (in ms). */
function activePieces(pieces: AffinePiece[], tokens: number): AffinePiece[] {
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

interface Built {
  model: Model;
  x: Var[][];
  s: Var[][];
  u: Var[][];
}

function build(instance: ExpertPlacementInstance, l: number): Built {
  const [E, G, S] = [instance.experts, instance.gpus, instance.slotsPerGpu];
  const n = instance.routing.n[l];
  const pieces = expertReplicaPieces(instance.cluster.gpu, instance.model);
  const model = new Model(`expert-placement-stage1-l${l}`);
  // Replicas of one expert on one cluster: at most one without redundancy, else up to the slots.
  const maxCopies = instance.redundantSlots > 0 ? S : 1;
  const x = Array.from({ length: E }, () =>
    Array.from({ length: G }, () => model.addVar({ type: maxCopies > 1 ? 'integer' : 'binary', ub: maxCopies })),
  );
  const s = Array.from({ length: E }, (_, e) => Array.from({ length: G }, () => model.addVar({ lb: 0, ub: n[e] })));
  const u = Array.from({ length: E }, () => Array.from({ length: G }, () => model.addVar({ lb: 0 })));
  for (let e = 0; e < E; e++) {
    const active = activePieces(pieces, n[e]);
    const copies = new LinExpr();
    const served = new LinExpr();
    for (let g = 0; g < G; g++) {
      copies.add(x[e][g]);
      served.add(s[e][g]);
      // A cluster serves an expert's tokens only where it holds a replica of it.
      model.addConstraint(LinExpr.of(s[e][g]).minus(LinExpr.of(x[e][g]).times(n[e])).le(0));
      // Several copies on one cluster split its tokens evenly: each is a piece at tokens/copies,
      // whose sum is slope * tokens + intercept * copies.
      if (n[e] > 0)
        for (const p of active)
          model.addConstraint(
            LinExpr.of(u[e][g])
              .minus(LinExpr.of(s[e][g]).times(p.slope))
              .minus(LinExpr.of(x[e][g]).times(p.intercept))
              .ge(0),
          );
    }
    // Every expert has at least one replica, and its replicas serve all its tokens.
    model.addConstraint(copies.ge(1));
    model.addConstraint(served.eq(n[e]));
  }
  addBalanceObjective(model, u, G, S, x);
  return { model, x, s, u };
}

function addBalanceObjective(model: Model, u: Var[][], G: number, S: number, x: Var[][]): void {
  const loads = Array.from({ length: G }, (_, g) => {
    const load = new LinExpr();
    for (const row of u) load.add(row[g]);
    // Every cluster holds exactly S replicas, so memory stays even.
    const slots = new LinExpr();
    for (const row of x) slots.add(row[g]);
    model.addConstraint(slots.eq(S));
    return load;
  });
  const mean = new LinExpr();
  for (const load of loads) mean.add(load, 1 / G);
  const objective = new LinExpr().add(mean);
  for (let g = 0; g < G; g++) {
    const deviation = model.addVar({ lb: 0 });
    model.addConstraint(LinExpr.of(deviation).minus(loads[g]).plus(mean).ge(0));
    model.addConstraint(LinExpr.of(deviation).plus(loads[g]).minus(mean).ge(0));
    objective.add(deviation, 0.5);
    // Clusters are interchangeable: order them by load to cut the symmetry.
    if (g > 0)
      model.addConstraint(
        LinExpr.of(loads[g - 1])
          .minus(loads[g])
          .ge(0),
      );
  }
  model.minimize(objective);
}

/** The clusters heaviest first (the model orders them so, to cut symmetry). */
function byLoad(clusters: Clusters, ms: (expert: number, tokens: number) => number): Clusters {
  const load = clusters.experts.map((list, g) => list.reduce((sum, e, i) => sum + ms(e, clusters.tokens[g][i]), 0));
  const order = load.map((_, g) => g).sort((a, b) => load[b] - load[a] || a - b);
  return { experts: order.map((g) => clusters.experts[g]), tokens: order.map((g) => clusters.tokens[g]) };
}

/** Values of every column for a warm-start partition (replica tokens given). */
function encode(instance: ExpertPlacementInstance, built: Built, given: Clusters, l: number): Float64Array {
  const values = new Float64Array(built.model.numVars);
  const pieces = expertReplicaPieces(instance.cluster.gpu, instance.model);
  const start = byLoad(given, (e, tokens) =>
    instance.routing.n[l][e] > 0
      ? Math.max(...activePieces(pieces, instance.routing.n[l][e]).map((p) => p.slope * tokens + p.intercept))
      : 0,
  );
  start.experts.forEach((list, g) =>
    list.forEach((e, i) => {
      values[built.x[e][g].index] += 1;
      values[built.s[e][g].index] += start.tokens[g][i];
    }),
  );
  for (let e = 0; e < instance.experts; e++)
    for (let g = 0; g < instance.gpus; g++) {
      const [copies, tokens] = [values[built.x[e][g].index], values[built.s[e][g].index]];
      if (instance.routing.n[l][e] > 0 && copies > 0)
        values[built.u[e][g].index] = Math.max(
          ...activePieces(pieces, instance.routing.n[l][e]).map((p) => p.slope * tokens + p.intercept * copies),
        );
    }
  return values;
}

function decode(instance: ExpertPlacementInstance, built: Built, values: Float64Array, l: number): Clusters {
  const experts: number[][] = Array.from({ length: instance.gpus }, () => []);
  const tokens: number[][] = Array.from({ length: instance.gpus }, () => []);
  for (let e = 0; e < instance.experts; e++)
    for (let g = 0; g < instance.gpus; g++) {
      const copies = Math.round(values[built.x[e][g].index]);
      const served = Math.max(0, values[built.s[e][g].index]);
      for (let c = 0; c < copies; c++) {
        experts[g].push(e);
        tokens[g].push(served / copies);
      }
    }
  normalize(instance, l, { experts, tokens });
  return { experts, tokens };
}

/** Scale each expert's shares to add up to its routed tokens exactly (the solver's are within its tolerance). */
function normalize(instance: ExpertPlacementInstance, l: number, clusters: Clusters): void {
  const served = new Array<number>(instance.experts).fill(0);
  const copies = new Array<number>(instance.experts).fill(0);
  clusters.experts.forEach((list, g) =>
    list.forEach((e, i) => {
      served[e] += clusters.tokens[g][i];
      copies[e]++;
    }),
  );
  clusters.experts.forEach((list, g) =>
    list.forEach((e, i) => {
      const routed = instance.routing.n[l][e];
      clusters.tokens[g][i] = served[e] > 0 ? (clusters.tokens[g][i] * routed) / served[e] : routed / copies[e];
    }),
  );
}

/**
 * Stage 1 for layer `l`, warm-started from `start`; undefined when the solver found nothing.
 *
 * @example
 * ```ts
 * const result = await stageOne(instance, 0, start, 2);
 * result?.clusters.experts; // G lists of S experts
 * ```
 */
export async function stageOne(
  instance: ExpertPlacementInstance,
  l: number,
  start: Clusters,
  timeLimitSec: number,
): Promise<StageResult | undefined> {
  const started = performance.now();
  const built = build(instance, l);
  const result = await solve(built.model, { timeLimitSec, warmStart: encode(instance, built, start, l) });
  if (!result.hasSolution) return undefined;
  return {
    clusters: decode(instance, built, result.values, l),
    termination: result.termination,
    objective: result.objective,
    bound: result.bestBound,
    seconds: (performance.now() - started) / 1000,
  };
}
