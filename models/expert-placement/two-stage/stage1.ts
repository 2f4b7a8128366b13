/**
 * MoETuner's first stage, extended with redundant experts, for one layer: partition the
 * experts' replicas into G clusters of exactly S replicas each, deciding which experts get
 * replicas and how many tokens each replica serves, so that the clusters' expert times stay
 * close to their mean. Objective: mean + (sum of |cluster time - mean|) / 2, which bounds the
 * slowest cluster from above (max - mean <= half the total absolute deviation) and, through the
 * mean, charges every replica's fixed GEMM cost (3x in training); plus the busiest cluster's
 * share of the home all-to-alls (`homeTokenMs`), so that tokens stay balanced too. A replica's time is the roofline's pieces:
 * `u >= slope * tokens + intercept * x` for each affine piece that is the maximum somewhere
 * on [0, routed tokens].
 */
import { LinExpr, Model, type Var } from '../../../src/dsl/index.js';
import { expertReplicaPieces } from '../../../src/perf/expert-traffic.js';
import { solve } from '../../../src/solve/solve.js';
import type { ExpertPlacementInstance } from '../instance.js';
import { activePieces, replicaMs, type Clusters } from './pricing.js';

export type { Clusters } from './pricing.js';
import { homeTokenMs } from './token-comm.js';

/** What stage 1 returned for a layer. */
export interface StageResult {
  clusters: Clusters;
  termination: string;
  objective: number;
  bound: number;
  seconds: number;
}

/** One expert on one cluster: copies, tokens served, and their time (ms). */
interface Cell {
  e: number;
  g: number;
  x: Var;
  s: Var;
  u: Var;
}

interface Built {
  model: Model;
  cells: Cell[];
  mean: Var;
  deviations: Var[];
  busiest: Var;
  /** `at[e][g]`: the cell of expert e on cluster g, when e may go there. */
  at: (Cell | undefined)[][];
}

/** Largest E x G for which every expert may go to every cluster; beyond it, a neighbourhood of the start. */
export const fullStageOneCells = 4096;
/** Clusters of each end (lightest, heaviest of the start) every expert may also go to in the neighbourhood. */
const neighbourhood = 4;

/**
 * Where each expert may go: everywhere on small layers; on large ones its clusters in the
 * (load-ordered) start plus the `neighbourhood` lightest and heaviest clusters, so that hot
 * replicas can move to light clusters and light experts can fill the slots they leave.
 */
function candidates(instance: ExpertPlacementInstance, start: Clusters): boolean[][] {
  const [E, G] = [instance.experts, instance.gpus];
  const full = E * G <= fullStageOneCells;
  const allowed = Array.from({ length: E }, () => new Array<boolean>(G).fill(full));
  if (full) return allowed;
  start.experts.forEach((list, g) => list.forEach((e) => (allowed[e][g] = true)));
  for (let k = 0; k < Math.min(neighbourhood, G); k++)
    for (let e = 0; e < E; e++) {
      allowed[e][k] = true;
      allowed[e][G - 1 - k] = true;
    }
  return allowed;
}

function addCell(model: Model, instance: ExpertPlacementInstance, e: number, g: number, routed: number): Cell {
  // Replicas of one expert on one cluster: at most one without redundancy, else up to the slots.
  const maxCopies = instance.redundantSlots > 0 ? instance.slotsPerGpu : 1;
  const x = model.addVar({ type: maxCopies > 1 ? 'integer' : 'binary', ub: maxCopies });
  return { e, g, x, s: model.addVar({ lb: 0, ub: routed }), u: model.addVar({ lb: 0 }) };
}

function build(instance: ExpertPlacementInstance, l: number, start: Clusters): Built {
  const n = instance.routing.n[l];
  const pieces = expertReplicaPieces(instance.cluster.gpu, instance.model);
  const model = new Model(`expert-placement-stage1-l${l}`);
  const allowed = candidates(instance, start);
  const at = allowed.map((row, e) => row.map((ok, g) => (ok ? addCell(model, instance, e, g, n[e]) : undefined)));
  const cells = at.flat().filter((cell): cell is Cell => cell !== undefined);
  for (let e = 0; e < instance.experts; e++) {
    const active = activePieces(pieces, n[e]);
    const [copies, served] = [new LinExpr(), new LinExpr()];
    for (const cell of at[e]) {
      if (!cell) continue;
      copies.add(cell.x);
      served.add(cell.s);
      // A cluster serves an expert's tokens only where it holds a replica of it.
      model.addConstraint(LinExpr.of(cell.s).minus(LinExpr.of(cell.x).times(n[e])).le(0));
      // Several copies on one cluster split its tokens evenly: each is a piece at tokens/copies,
      // whose sum is slope * tokens + intercept * copies.
      if (n[e] > 0)
        for (const p of active)
          model.addConstraint(
            LinExpr.of(cell.u)
              .minus(LinExpr.of(cell.s).times(p.slope))
              .minus(LinExpr.of(cell.x).times(p.intercept))
              .ge(0),
          );
    }
    // Every expert has at least one replica, and its replicas serve all its tokens.
    model.addConstraint(copies.ge(1));
    model.addConstraint(served.eq(n[e]));
  }
  const symmetric = instance.experts * instance.gpus <= fullStageOneCells;
  const balance = addBalanceObjective(model, instance, cells, symmetric, homeTokenMs(instance, l));
  return { model, cells, at, ...balance };
}

function addBalanceObjective(
  model: Model,
  instance: ExpertPlacementInstance,
  cells: Cell[],
  symmetric: boolean,
  perToken: number,
): { mean: Var; deviations: Var[]; busiest: Var } {
  const G = instance.gpus;
  const loads = Array.from({ length: G }, () => new LinExpr());
  const slots = Array.from({ length: G }, () => new LinExpr());
  const received = Array.from({ length: G }, () => new LinExpr());
  for (const cell of cells) {
    loads[cell.g].add(cell.u);
    slots[cell.g].add(cell.x);
    received[cell.g].add(cell.s, perToken);
  }
  // The busiest GPU's share of the home all-to-alls (token-comm.ts).
  const busiest = model.addVar({ lb: 0 });
  for (const row of received) model.addConstraint(LinExpr.of(busiest).minus(row).ge(0));
  const computeWeight = instance.phase === 'training' ? 3 : 1;
  // Every cluster holds exactly S replicas, so memory stays even.
  for (const row of slots) model.addConstraint(row.eq(instance.slotsPerGpu));
  // The mean as one variable: written into every deviation row as a sum, it would make each
  // of them as long as the layer (hundreds of thousands of nonzeros at 256 experts on 64 GPUs).
  const mean = model.addVar({ lb: 0 });
  const total = LinExpr.of(mean).times(G);
  for (const load of loads) total.add(load, -1);
  model.addConstraint(total.eq(0));
  const objective = new LinExpr().add(mean, computeWeight).add(busiest);
  const deviations: Var[] = [];
  for (let g = 0; g < G; g++) {
    const deviation = model.addVar({ lb: 0 });
    deviations.push(deviation);
    model.addConstraint(LinExpr.of(deviation).minus(loads[g]).plus(mean).ge(0));
    model.addConstraint(LinExpr.of(deviation).plus(loads[g]).minus(mean).ge(0));
    objective.add(deviation, 0.5 * computeWeight);
    // With every cluster open to every expert they are interchangeable: order them by load.
    if (symmetric && g > 0)
      model.addConstraint(
        LinExpr.of(loads[g - 1])
          .minus(loads[g])
          .ge(0),
      );
  }
  model.minimize(objective);
  return { mean, deviations, busiest };
}

/** The clusters heaviest first (the model orders them so, to cut symmetry; the neighbourhood counts from both ends). */
function byLoad(instance: ExpertPlacementInstance, clusters: Clusters, l: number): Clusters {
  const ms = replicaMs(instance, l);
  const load = clusters.experts.map((list, g) => list.reduce((sum, e, i) => sum + ms(e, clusters.tokens[g][i], 1), 0));
  const order = load.map((_, g) => g).sort((a, b) => load[b] - load[a] || a - b);
  return { experts: order.map((g) => clusters.experts[g]), tokens: order.map((g) => clusters.tokens[g]) };
}

/** Values of every column for the (load-ordered) warm start. */
function encode(instance: ExpertPlacementInstance, built: Built, start: Clusters, l: number): Float64Array {
  const values = new Float64Array(built.model.numVars);
  start.experts.forEach((list, g) =>
    list.forEach((e, i) => {
      const cell = built.at[e][g] as Cell;
      values[cell.x.index] += 1;
      values[cell.s.index] += start.tokens[g][i];
    }),
  );
  const ms = replicaMs(instance, l);
  const loads = new Array<number>(instance.gpus).fill(0);
  for (const cell of built.cells) {
    values[cell.u.index] = ms(cell.e, values[cell.s.index], values[cell.x.index]);
    loads[cell.g] += values[cell.u.index];
  }
  const mean = loads.reduce((a, b) => a + b, 0) / instance.gpus;
  values[built.mean.index] = mean;
  const perToken = homeTokenMs(instance, l);
  const received = start.tokens.map((list) => perToken * list.reduce((a, b) => a + b, 0));
  values[built.busiest.index] = Math.max(...received);
  built.deviations.forEach((d, g) => (values[d.index] = Math.abs(loads[g] - mean)));
  return values;
}

function decode(instance: ExpertPlacementInstance, built: Built, values: Float64Array, l: number): Clusters {
  const experts: number[][] = Array.from({ length: instance.gpus }, () => []);
  const tokens: number[][] = Array.from({ length: instance.gpus }, () => []);
  for (const { e, g, x, s } of built.cells) {
    const copies = Math.round(values[x.index]);
    const served = Math.max(0, values[s.index]);
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
  const ordered = byLoad(instance, start, l);
  const built = build(instance, l, ordered);
  const result = await solve(built.model, {
    timeLimitSec,
    warmStart: encode(instance, built, ordered, l),
    ...(process.env.EP_LOG ? { log: (line: string) => console.log(line) } : {}),
  });
  if (!result.hasSolution) return undefined;
  return {
    clusters: decode(instance, built, result.values, l),
    termination: result.termination,
    objective: result.objective,
    bound: result.bestBound,
    seconds: (performance.now() - started) / 1000,
  };
}
