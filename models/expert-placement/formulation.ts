/**
 * The single-stage MIP: the evaluator's MoE time itself, for instances without redundant slots
 * (one replica per expert, so each replica serves its expert's routed tokens). Per layer the
 * slowest GPU's expert time; per all-to-all the busiest port (intra- or inter-node, send or
 * receive) of the busiest GPU, from the traffic the placement causes; the latencies are a
 * constant. Token-path traffic between layers is the product of two placements, linearized by
 * `w >= x + x' - 1` (minimization keeps w at the product). It measures what the two-stage split
 * loses on small cases; larger ones (and redundant slots) are refused with the method to use.
 */
import type { Formulation, FormulateOptions } from '../../src/family/contract.js';
import type { ModelSize } from '../../src/family/model-budget.js';
import { LinExpr, Model, type Var } from '../../src/dsl/index.js';
import { SchedlabError } from '../../src/errors.js';
import { achievedBytesPerS } from '../../src/perf/communication.js';
import { allToAllLatencySeconds, expertReplicaSeconds } from '../../src/perf/expert-traffic.js';
import type { ExpertPlacementInstance, ExpertPlacementSolution } from './instance.js';

/** Most pair variables the single-stage model builds before it refuses the instance. */
export const singleStagePairLimit = 50_000;

/**
 * Most expert-to-GPU assignment variables (layers x experts x GPUs) it builds: DeepSeek-V3's
 * 58 x 256 x 64 = 950,272 took 25 s and 6.9 GB to build, past any time limit, before HiGHS
 * could start (`npm run bench -- limits --only=expert-placement`).
 */
export const singleStageAssignmentLimit = 100_000;

/** The single-stage model's assignment variables. */
export function singleStageAssignments(instance: ExpertPlacementInstance): number {
  return instance.layers * instance.experts * instance.gpus;
}

/** One `aux >= expression` family: the aux is the largest of its expressions (and 0). */
interface MaxRows {
  aux: Var;
  rows: LinExpr[];
}

interface Built {
  model: Model;
  x: Var[][][];
  pairs: { l: number; e: number; g: number; f: number; h: number; w: Var }[];
  maxima: MaxRows[];
}

/** Count of pair variables the model would need. */
export function singleStagePairs(instance: ExpertPlacementInstance): number {
  const nonzero = (instance.routing.A ?? []).reduce((sum, m) => sum + m.flat().filter((c) => c > 0).length, 0);
  return nonzero * instance.gpus * (instance.gpus - 1);
}

function refuseUnlessSmall(instance: ExpertPlacementInstance): void {
  if (instance.redundantSlots > 0)
    throw new SchedlabError(
      'unsupported',
      `the single-stage MIP takes instances without redundant slots (this one has ${instance.redundantSlots}); use --method two-stage, whose extended ILP places replicas`,
    );
  const assignments = singleStageAssignments(instance);
  if (assignments > singleStageAssignmentLimit)
    throw new SchedlabError(
      'unsupported',
      `the single-stage MIP would need ${assignments} assignment variables (limit ${singleStageAssignmentLimit}: ${instance.layers} layers x ${instance.experts} experts x ${instance.gpus} GPUs); use --method two-stage, or fewer layers or GPUs`,
    );
  const pairs = singleStagePairs(instance);
  if (pairs > singleStagePairLimit)
    throw new SchedlabError(
      'unsupported',
      `the single-stage MIP would need ${pairs} pair variables (limit ${singleStagePairLimit}: ${instance.experts} experts, ${instance.gpus} GPUs, ${instance.layers} layers); use --method two-stage, or fewer layers or GPUs`,
    );
}

/**
 * The single-stage model's size before it is built (an upper estimate), after the refusals of
 * `formulateExpertPlacement` (redundant slots, too many assignment or pair variables). With L
 * layers, E experts, G GPUs and P pair variables: each placement binary sits in its assignment
 * rows, its layer's compute rows and, on every home all-to-all, in the sending port of each of
 * the G homes (E x G^2 terms per home all-to-all); each pair variable in its product row, its
 * two port rows and its leave/reach rows; in one node the symmetry rows of layer 0 hold E^2 G/2.
 *
 * @example
 * ```ts
 * expertPlacementModelSize(instance).nonzeros;
 * ```
 */
export function expertPlacementModelSize(instance: ExpertPlacementInstance): ModelSize {
  refuseUnlessSmall(instance);
  const { layers: l, experts: e, gpus: g } = instance;
  const pairs = singleStagePairs(instance);
  const homeTransfers = instance.routing.A ? 2 : 2 * l;
  const transfers = instance.routing.A ? homeTransfers + l - 1 : homeTransfers;
  const oneNode = instance.cluster.nodes === 1;
  const routed = g > 1 ? pairs / (g * (g - 1)) : 0; // expert pairs with traffic between layers
  const ports = 4 * g * transfers;
  const rows = l * (e + 2 * g) + ports + pairs + 2 * g * routed + (oneNode ? e * g : 0);
  const nonzeros =
    2 * l * e * g + l * g * (e + 1) + homeTransfers * (e * g * g + e * g) + 7 * pairs + 4 * g * routed + ports;
  return {
    rows,
    columns: l * e * g + pairs + l + transfers,
    nonzeros: nonzeros + (oneNode ? (e * e * g) / 2 + 2 * e * g : 0),
    smaller: 'the two-stage method (`--method two-stage`), or fewer layers or GPUs',
  };
}

const node = (instance: ExpertPlacementInstance, g: number): number => Math.floor(g / instance.cluster.gpusPerNode);

/** ms per byte on each port: [intra, inter]. */
function msPerByte(instance: ExpertPlacementInstance): [number, number] {
  return [1000 / achievedBytesPerS(instance.cluster.intraLink), 1000 / achievedBytesPerS(instance.cluster.interLink)];
}

/** Four rows per GPU (send/receive x intra/inter) into which traffic terms are added. */
function portRows(gpus: number): LinExpr[][] {
  return Array.from({ length: gpus }, () => [new LinExpr(), new LinExpr(), new LinExpr(), new LinExpr()]);
}

/** Traffic `bytes` from GPU g to GPU h carried by `term`, into the port rows. */
function addTraffic(
  instance: ExpertPlacementInstance,
  rows: LinExpr[][],
  g: number,
  h: number,
  term: Var,
  bytes: number,
): void {
  if (g === h || bytes === 0) return;
  const port = node(instance, g) === node(instance, h) ? 0 : 1;
  const cost = msPerByte(instance)[port] * bytes;
  rows[g][port].add(term, cost);
  rows[h][2 + port].add(term, cost);
}

/** Home to layer l (dispatch) or layer l to home (combine): tokens spread evenly over homes. */
function homeRows(instance: ExpertPlacementInstance, x: Var[][], l: number, dispatch: boolean): LinExpr[] {
  const rows = portRows(instance.gpus);
  const perToken = (2 * instance.model.hiddenSize) / instance.gpus;
  for (let e = 0; e < instance.experts; e++)
    for (let g = 0; g < instance.gpus; g++)
      for (let home = 0; home < instance.gpus; home++) {
        const bytes = instance.routing.n[l][e] * perToken;
        if (dispatch) addTraffic(instance, rows, home, g, x[e][g], bytes);
        else addTraffic(instance, rows, g, home, x[e][g], bytes);
      }
  return rows.flat();
}

function pathRows(instance: ExpertPlacementInstance, built: Built, l: number): LinExpr[] {
  const rows = portRows(instance.gpus);
  const perPair = (2 / instance.topK) * 2 * instance.model.hiddenSize;
  const matrix = instance.routing.A?.[l] ?? [];
  matrix.forEach((row, e) =>
    row.forEach((count, f) => {
      if (count > 0) pairRows(instance, built, rows, { l, e, f, bytes: count * perPair });
    }),
  );
  return rows.flat();
}

/** The pair variables of tokens going from expert e (layer l) to expert f (layer l + 1). */
function pairRows(
  instance: ExpertPlacementInstance,
  built: Built,
  rows: LinExpr[][],
  pair: { l: number; e: number; f: number; bytes: number },
): void {
  const { l, e, f, bytes } = pair;
  const [from, to] = [built.x[l][e], built.x[l + 1][f]];
  const out = Array.from({ length: instance.gpus }, () => new LinExpr());
  const into = Array.from({ length: instance.gpus }, () => new LinExpr());
  for (let g = 0; g < instance.gpus; g++)
    for (let h = 0; h < instance.gpus; h++) {
      if (g === h) continue;
      const w = built.model.addVar({ lb: 0, ub: 1 });
      // The tokens move from g to h when e is on g and f on h.
      built.model.addConstraint(LinExpr.of(w).minus(from[g]).minus(to[h]).ge(-1));
      built.pairs.push({ l, e, g, f, h, w });
      addTraffic(instance, rows, g, h, w, bytes);
      out[g].add(w);
      into[h].add(w);
    }
  // They leave g when e is on g and f is not, and reach h when f is on h and e is not: implied
  // by the rows above at integer points, and much tighter in the relaxation.
  for (let g = 0; g < instance.gpus; g++) {
    built.model.addConstraint(out[g].minus(from[g]).plus(to[g]).ge(0));
    built.model.addConstraint(into[g].minus(to[g]).plus(from[g]).ge(0));
  }
}

function assignmentRules(instance: ExpertPlacementInstance, built: Built, l: number): void {
  const x = built.x[l];
  // Every expert is on exactly one GPU (no replicas without redundant slots).
  for (let e = 0; e < instance.experts; e++) built.model.addConstraint(new LinExpr().add(sumOf(x[e])).eq(1));
  // Every GPU holds exactly S experts, so memory stays even.
  for (let g = 0; g < instance.gpus; g++)
    built.model.addConstraint(sumOf(x.map((row) => row[g])).eq(instance.slotsPerGpu));
}

function sumOf(vars: Var[]): LinExpr {
  const expr = new LinExpr();
  for (const v of vars) expr.add(v);
  return expr;
}

/** The layer's compute is at least every GPU's expert time. */
function computeRows(instance: ExpertPlacementInstance, x: Var[][], l: number): LinExpr[] {
  const ms = instance.routing.n[l].map(
    (tokens) => 1000 * expertReplicaSeconds(instance.cluster.gpu, instance.model, tokens),
  );
  return Array.from({ length: instance.gpus }, (_, g) => {
    const row = new LinExpr();
    x.forEach((vars, e) => row.add(vars[g], ms[e]));
    return row;
  });
}

/**
 * In one node every GPU is like every other, so any placement can be renumbered so that GPUs
 * appear in the order of their smallest expert of layer 0: then expert e sits on a GPU <= e.
 */
function breakSymmetry(instance: ExpertPlacementInstance, built: Built): void {
  if (instance.cluster.nodes > 1) return;
  const layer = built.x[0];
  for (let e = 0; e < instance.experts; e++)
    for (let g = 1; g < instance.gpus; g++) {
      // Expert e on GPU g needs a smaller expert on GPU g - 1 (GPU 0 holds expert 0).
      const smaller = new LinExpr();
      for (let f = 0; f < e; f++) smaller.add(layer[f][g - 1]);
      built.model.addConstraint(smaller.minus(layer[e][g]).ge(0));
    }
}

function build(instance: ExpertPlacementInstance): Built {
  const model = new Model(`expert-placement-${instance.name}`);
  const x = Array.from({ length: instance.layers }, () =>
    Array.from({ length: instance.experts }, () =>
      Array.from({ length: instance.gpus }, () => model.addVar({ type: 'binary' })),
    ),
  );
  const built: Built = { model, x, pairs: [], maxima: [] };
  const training = instance.phase === 'training';
  const objective = new LinExpr();
  const addMax = (rows: LinExpr[], weight: number): void => {
    const aux = model.addVar({ lb: 0 });
    for (const row of rows) model.addConstraint(LinExpr.of(aux).minus(row).ge(0));
    built.maxima.push({ aux, rows });
    objective.add(aux, weight);
  };
  breakSymmetry(instance, built);
  for (let l = 0; l < instance.layers; l++) {
    assignmentRules(instance, built, l);
    addMax(computeRows(instance, x[l], l), training ? 3 : 1);
  }
  const commWeight = training ? 2 : 1;
  const transfers = instance.routing.A
    ? [
        homeRows(instance, x[0], 0, true),
        ...x.slice(1).map((_, l) => pathRows(instance, built, l)),
        homeRows(instance, x[instance.layers - 1], instance.layers - 1, false),
      ]
    : x.flatMap((layer, l) => [homeRows(instance, layer, l, true), homeRows(instance, layer, l, false)]);
  for (const rows of transfers) addMax(rows, commWeight);
  objective.add(1000 * commWeight * transfers.length * allToAllLatencySeconds(instance.gpus, instance.cluster));
  model.minimize(objective);
  return built;
}

/** Values of every column for a placement with one replica per expert. */
/** In one node: the GPUs renumbered in the order of their smallest expert of layer 0 (`breakSymmetry`). */
function renumbered(instance: ExpertPlacementInstance, solution: ExpertPlacementSolution): ExpertPlacementSolution {
  if (instance.cluster.nodes > 1) return solution;
  const smallest = solution.placement[0].map((list) => Math.min(...list));
  const order = smallest.map((_, g) => g).sort((a, b) => smallest[a] - smallest[b] || a - b);
  return { placement: solution.placement.map((layer) => order.map((g) => layer[g])) };
}

function encode(
  instance: ExpertPlacementInstance,
  built: Built,
  given: ExpertPlacementSolution,
): Float64Array | undefined {
  if (given.placement.some((layer) => layer.some((list) => list.length !== instance.slotsPerGpu))) return undefined;
  const solution = renumbered(instance, given);
  const values = new Float64Array(built.model.numVars);
  for (const [l, layer] of solution.placement.entries())
    for (const [g, list] of layer.entries())
      for (const e of list) {
        if (values[built.x[l][e][g].index] === 1) return undefined;
        values[built.x[l][e][g].index] = 1;
      }
  if (solution.placement.some((layer) => layer.flat().length !== instance.experts)) return undefined;
  for (const { l, e, g, f, h, w } of built.pairs)
    values[w.index] = values[built.x[l][e][g].index] * values[built.x[l + 1][f][h].index];
  for (const { aux, rows } of built.maxima) values[aux.index] = Math.max(0, ...rows.map((row) => row.valueAt(values)));
  return values;
}

function decode(instance: ExpertPlacementInstance, built: Built, values: Float64Array): ExpertPlacementSolution {
  const placement = built.x.map((layer) => {
    const lists: number[][] = Array.from({ length: instance.gpus }, () => []);
    layer.forEach((vars, e) => {
      let best = 0;
      vars.forEach((v, g) => {
        if (values[v.index] > values[vars[best].index]) best = g;
      });
      lists[best].push(e);
    });
    return lists;
  });
  return { placement };
}

/**
 * The single-stage MIP of an instance without redundant slots.
 *
 * @example
 * ```ts
 * const { model, decode } = formulateExpertPlacement(instance);
 * const solution = await solve(model, { timeLimitSec: 10 });
 * ```
 */
export function formulateExpertPlacement(
  instance: ExpertPlacementInstance,
  _options: FormulateOptions<ExpertPlacementSolution> = {},
): Formulation<ExpertPlacementSolution> {
  refuseUnlessSmall(instance);
  const built = build(instance);
  return {
    model: built.model,
    decode: (values) => decode(instance, built, values),
    encode: (solution) => encode(instance, built, solution),
  };
}
