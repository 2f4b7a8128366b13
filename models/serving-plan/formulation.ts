/**
 * The capacity plan as a MIP in the DSL: how many instances of each candidate shape and role
 * sit on each node, under the GPU budget, so that each phase's measured capacity covers the
 * traffic's rate with the fewest GPUs. Capacities are the simulator's per-shape goodputs
 * (`capacity.ts`), which assume the phases do not disturb each other and ignore the KV
 * transfer, so the MIP's answer is an estimate: `provable: false`, and the `capacity-plan`
 * method re-checks every answer by full simulation.
 */
import type { Var } from '../../src/dsl/expression.js';
import { LinExpr } from '../../src/dsl/expression.js';
import { inputError } from '../../src/errors.js';
import { Model } from '../../src/dsl/model.js';
import type { FormulateOptions, Formulation } from '../../src/family/contract.js';
import { describeSize, type ModelSize } from '../../src/family/model-budget.js';
import { shapeCapacities, type Capacity } from './capacity.js';
import type { PlannedInstance, ServingPlanInstance, ServingPlanSolution } from './instance.js';
import { candidateShapes, gpusOnNode, nodeCount, resolved } from './plan-space.js';
import type { InstanceRole } from './simulator/types.js';

/** A candidate with its per-node count variables (undefined where it does not fit the node). */
interface Column {
  capacity: Capacity;
  counts: (Var | undefined)[];
}

/** Options of the formulation: per-role factors on the measured capacities (the re-check loop lowers them). */
export interface ServingFormulateOptions extends FormulateOptions<ServingPlanSolution> {
  capacityFactor?: Partial<Record<InstanceRole, number>>;
}

const roles: InstanceRole[] = ['colocated', 'prefill', 'decode'];

/** Count variables the MIP may have: beyond, the budget is refused with the number of nodes that fits. */
export const maxMipColumns = 20_000;

/**
 * The capacity MIP's size, from the candidate shapes alone (no capacity is measured): a count
 * variable per shape, role and node, and each in at most four rows (its phase's coverage, the
 * role switch, its node, the budget). A budget beyond `maxMipColumns` count variables is
 * refused here, before anything is measured or built, with the size and the nodes that fit.
 *
 * @example
 * ```ts
 * servingPlanModelSize(instance).columns; // candidate shapes x nodes + 2
 * ```
 */
export function servingPlanModelSize(instance: ServingPlanInstance): ModelSize {
  const nodes = nodeCount(instance);
  const candidates = roles.reduce((sum, role) => sum + candidateShapes(instance, role).length, 0);
  const counts = candidates * nodes;
  const size = { rows: nodes + 8, columns: counts + 2, nonzeros: 4 * counts + 12 };
  if (counts > maxMipColumns)
    throw inputError(
      `the capacity MIP would have ${describeSize(size)} (${candidates} candidate shapes x ${nodes} nodes count variables), more than ${maxMipColumns} count variables; plan at most ${Math.floor(maxMipColumns / candidates)} nodes at a time (data.cluster.gpus) or use a heuristic (schedlab heuristic FILE --name default)`,
      { path: 'data.cluster.gpus' },
    );
  return { ...size, smaller: 'fewer nodes (data.cluster.gpus)' };
}

function columnsOf(model: Model, instance: ServingPlanInstance, factor: ServingFormulateOptions['capacityFactor']) {
  const nodes = nodeCount(instance);
  const columns: Column[] = [];
  servingPlanModelSize(instance);
  for (const role of roles) {
    for (const measured of shapeCapacities(instance, role)) {
      if (measured.rate <= 0) continue;
      const capacity = { ...measured, rate: measured.rate * (factor?.[role] ?? 1) };
      const counts = Array.from({ length: nodes }, (_, node) => {
        const fit = Math.floor(gpusOnNode(instance, node) / capacity.gpus);
        return fit > 0 ? model.addVar({ type: 'integer', lb: 0, ub: fit }) : undefined;
      });
      columns.push({ capacity, counts });
    }
  }
  return columns;
}

/** Capacity of a role's instances: sum over shapes and nodes of rate x count. */
function capacityOf(columns: readonly Column[], role: InstanceRole): LinExpr {
  const expr = new LinExpr();
  for (const column of columns) {
    if (column.capacity.role !== role) continue;
    for (const count of column.counts) if (count) expr.add(count, column.capacity.rate);
  }
  return expr;
}

function countOf(columns: readonly Column[], pick: (role: InstanceRole) => boolean): LinExpr {
  const expr = new LinExpr();
  for (const column of columns) {
    if (!pick(column.capacity.role)) continue;
    for (const count of column.counts) if (count) expr.add(count);
  }
  return expr;
}

/** The served rate z is covered by each phase of the chosen kind (the other kind's rows are relaxed by y). */
function addCoverage(model: Model, columns: readonly Column[], z: Var, y: Var, rate: number): void {
  model.addConstraint(z.le(capacityOf(columns, 'prefill').add(rate).add(y, -rate)), 'prefill covers the rate');
  model.addConstraint(z.le(capacityOf(columns, 'decode').add(rate).add(y, -rate)), 'decode covers the rate');
  model.addConstraint(z.le(capacityOf(columns, 'colocated').add(y, rate)), 'colocated covers the rate');
}

/** A plan is all colocated (y = 0) or all disaggregated (y = 1). */
function addOneKind(model: Model, columns: readonly Column[], y: Var, budget: number): void {
  model.addConstraint(
    countOf(columns, (role) => role !== 'colocated').le(LinExpr.of(y).scale(budget)),
    'disaggregated only when y = 1',
  );
  model.addConstraint(
    countOf(columns, (role) => role === 'colocated').le(new LinExpr().add(budget).add(y, -budget)),
    'colocated only when y = 0',
  );
}

/** A node's instances fit in its GPUs. */
function addNodeFit(model: Model, instance: ServingPlanInstance, columns: readonly Column[]): LinExpr[] {
  return Array.from({ length: nodeCount(instance) }, (_, node) => {
    const used = new LinExpr();
    for (const column of columns) {
      const count = column.counts[node];
      if (count) used.add(count, column.capacity.gpus);
    }
    model.addConstraint(used.le(gpusOnNode(instance, node)), `node ${node} fits`);
    return used;
  });
}

function decodePlan(
  instance: ServingPlanInstance,
  columns: readonly Column[],
  values: Float64Array,
): ServingPlanSolution {
  const instances: PlannedInstance[] = [];
  for (const { capacity, counts } of columns) {
    counts.forEach((count, node) => {
      const n = count ? Math.round(values[count.index]) : 0;
      for (let k = 0; k < n; k++) instances.push({ role: capacity.role, ...capacity.shape, node, ...instance.limits });
    });
  }
  return { router: instance.router, instances };
}

function encodePlan(
  instance: ServingPlanInstance,
  columns: readonly Column[],
  z: Var,
  y: Var,
  numCols: number,
  plan: ServingPlanSolution,
): Float64Array | undefined {
  const values = new Float64Array(numCols);
  for (const planned of plan.instances) {
    const sameLimits =
      planned.maxBatchTokens === instance.limits.maxBatchTokens &&
      planned.maxBatchSize === instance.limits.maxBatchSize;
    const column = columns.find(
      (c) =>
        c.capacity.role === planned.role && c.capacity.shape.tp === planned.tp && c.capacity.shape.pp === planned.pp,
    );
    const count = column?.counts[planned.node];
    if (!sameLimits || !count) return undefined;
    values[count.index]++;
  }
  const disaggregated = plan.instances.some((planned) => planned.role !== 'colocated');
  values[y.index] = disaggregated ? 1 : 0;
  const served = (role: InstanceRole) => capacityOf(columns, role).valueAt(values);
  const rate = resolved(instance).rate;
  values[z.index] = Math.min(rate, ...(disaggregated ? [served('prefill'), served('decode')] : [served('colocated')]));
  return values;
}

/**
 * The capacity-plan MIP.
 *
 * @example
 * ```ts
 * const { model, decode } = formulateServingPlan(instance);
 * ```
 */
export function formulateServingPlan(
  instance: ServingPlanInstance,
  options: ServingFormulateOptions = {},
): Formulation<ServingPlanSolution> {
  const model = new Model(`serving-plan ${instance.name}`);
  const { rate, budget } = resolved(instance);
  const columns = columnsOf(model, instance, options.capacityFactor);
  const y = model.addVar({ type: 'binary' });
  const z = model.addVar({ lb: 0, ub: rate });
  addCoverage(model, columns, z, y, rate);
  addOneKind(model, columns, y, budget);
  const used = addNodeFit(model, instance, columns);
  model.addConstraint(used.reduce((all, node) => all.add(node), new LinExpr()).le(budget), 'GPU budget');
  // Serving the whole rate comes first: 0.1% more of it outweighs every GPU of the budget.
  const gpus = used.reduce((all, node) => all.add(node), new LinExpr());
  model.minimize(gpus.add(z, (-1000 * (budget + 1)) / rate));
  return {
    model,
    decode: (values) => decodePlan(instance, columns, values),
    encode: (plan) => encodePlan(instance, columns, z, y, model.numVars, plan),
    provable: false,
  };
}
