/**
 * FlexSP's MILP (Wang et al., ASPLOS 2025, Section 4) in the DSL, over `slots` micro-batches:
 * in each, SP groups of every allowed degree d with ⌊N/d⌋ copies (fewer when fewer sequences
 * fit), a binary per group saying it is used, and the number of each item's sequences each
 * group runs (a binary per sequence, or an integer count per length bucket). A micro-batch's
 * makespan T_m is at least each of its groups' times; the step, the sum of the T_m, is
 * minimized. Empty slots cost nothing, so the model covers every plan of at most `slots`
 * micro-batches.
 */
import type { Var } from '../../src/dsl/expression.js';
import { LinExpr } from '../../src/dsl/expression.js';
import { Model } from '../../src/dsl/model.js';
import { inputError } from '../../src/errors.js';
import type { SpCosts } from './costs.js';
import type { SequenceParallelInstance } from './instance.js';
import type { Item } from './items.js';

/** One candidate group: its slot, degree index, copy number and use binary. */
export interface GroupVar {
  m: number;
  k: number;
  copy: number;
  used: Var;
  /** Item index → count variable, for the items that fit this degree. */
  counts: Map<number, Var>;
}

export interface SpMilp {
  model: Model;
  items: Item[];
  slots: number;
  groups: GroupVar[];
  makespans: Var[];
}

/** Copies of degree index k worth modeling: ⌊N/d⌋, and no more than the sequences that fit it. */
function copiesOf(instance: SequenceParallelInstance, items: Item[], k: number): number {
  const d = instance.degrees[k];
  const fitting = items.reduce(
    (n, item) => n + (item.tokens <= d * instance.tokenCapacity ? item.members.length : 0),
    0,
  );
  return Math.min(Math.floor(instance.gpus / d), fitting);
}

/** True when every item is one sequence (the exact model). */
export function singletons(items: Item[]): boolean {
  return items.every((item) => item.members.length === 1);
}

/** Assignment variables a MILP may have: beyond this, building and solving it would exhaust memory and time. */
export const maxAssignmentVariables = 1_000_000;

/**
 * The MILP's size before it is built (an upper estimate): with A assignment variables, G
 * groups, I items and S slots, columns A + G + S; rows I (once) + 4G (memory, makespan, two
 * for the copies' order) + I x S (sequence cuts) + 3S; each assignment variable sits in at
 * most seven rows (once, memory, makespan, area, its sequence cut, two of the copies' order)
 * and each use binary in at most seven.
 *
 * @example
 * ```ts
 * milpSize(instance, exactItems(costs, all, instance.lengths), 8).nonzeros;
 * ```
 */
export function milpSize(
  instance: SequenceParallelInstance,
  items: Item[],
  slots: number,
): { rows: number; columns: number; nonzeros: number } {
  let assignments = 0;
  let groups = 0;
  instance.degrees.forEach((d, k) => {
    const fitting = items.filter((item) => item.tokens <= d * instance.tokenCapacity).length;
    const copies = copiesOf(instance, items, k);
    assignments += slots * copies * fitting;
    groups += slots * copies;
  });
  return {
    rows: items.length + 4 * groups + items.length * slots + 3 * slots,
    columns: assignments + groups + slots,
    nonzeros: 7 * assignments + 7 * groups + items.length * slots + 3 * slots,
  };
}

/** The number of assignment variables the MILP would have; an input error naming the size and the knobs when too many. */
export function checkMilpSize(instance: SequenceParallelInstance, items: Item[], slots: number): number {
  let count = 0;
  instance.degrees.forEach((d, k) => {
    const fitting = items.filter((item) => item.tokens <= d * instance.tokenCapacity).length;
    count += slots * copiesOf(instance, items, k) * fitting;
  });
  if (count > maxAssignmentVariables)
    throw inputError(
      `the MILP would have ${count} assignment variables (${items.length} items, ${slots} micro-batch slots, ${instance.gpus} GPUs), over the limit of ${maxAssignmentVariables}; use --method flexsp-bucketed or flexsp (one MILP per micro-batch), or a smaller batch`,
    );
  return count;
}

function addGroups(model: Model, instance: SequenceParallelInstance, items: Item[], slots: number): GroupVar[] {
  const groups: GroupVar[] = [];
  const single = singletons(items);
  for (let m = 0; m < slots; m++) {
    instance.degrees.forEach((d, k) => {
      for (let copy = 0; copy < copiesOf(instance, items, k); copy++) {
        const counts = new Map<number, Var>();
        items.forEach((item, j) => {
          if (item.tokens > d * instance.tokenCapacity || (single && j < m)) return;
          const n = item.members.length;
          counts.set(j, model.addVar(n === 1 ? { type: 'binary' } : { type: 'integer', lb: 0, ub: n }));
        });
        groups.push({ m, k, copy, used: model.addVar({ type: 'binary' }), counts });
      }
    });
  }
  return groups;
}

/** Every sequence of an item runs in exactly one group. */
function addAssignOnce(model: Model, items: Item[], groups: GroupVar[]): void {
  const perItem = items.map(() => new LinExpr());
  for (const g of groups) for (const [j, y] of g.counts) perItem[j].add(y);
  perItem.forEach((expr, j) => model.addConstraint(expr.eq(items[j].members.length)));
}

/** A group holds at most d times the capacity in tokens, and nothing unless it is used. */
function addMemory(model: Model, instance: SequenceParallelInstance, items: Item[], groups: GroupVar[]): void {
  for (const g of groups) {
    const load = new LinExpr();
    for (const [j, y] of g.counts) load.add(y, items[j].tokens);
    load.add(g.used, -instance.degrees[g.k] * instance.tokenCapacity);
    model.addConstraint(load.le(0));
  }
}

/** The groups of a micro-batch use at most N GPUs. */
function addGpuBudget(model: Model, instance: SequenceParallelInstance, groups: GroupVar[], slots: number): void {
  for (let m = 0; m < slots; m++) {
    const gpus = new LinExpr();
    for (const g of groups) if (g.m === m) gpus.add(g.used, instance.degrees[g.k]);
    model.addConstraint(gpus.le(instance.gpus));
  }
}

/** A group's time: its latency once used, plus what each of its sequences adds. */
function groupTime(costs: SpCosts, items: Item[], g: GroupVar): LinExpr {
  const time = new LinExpr().add(g.used, costs.latencyMs[g.k]);
  for (const [j, y] of g.counts) time.add(y, items[j].ms[g.k]);
  return time;
}

/**
 * A micro-batch ends with its slowest group; and its N GPUs do at least the GPU-time of its
 * groups (degree times time, summed), a valid cut that lifts the LP bound.
 */
function addMakespans(
  model: Model,
  instance: SequenceParallelInstance,
  costs: SpCosts,
  items: Item[],
  groups: GroupVar[],
  makespans: Var[],
): void {
  const area = makespans.map((t) => LinExpr.of(t).times(instance.gpus));
  for (const g of groups) {
    const time = groupTime(costs, items, g);
    model.addConstraint(LinExpr.of(makespans[g.m]).minus(time).ge(0));
    area[g.m].add(time, -instance.degrees[g.k]);
  }
  for (const expr of area) model.addConstraint(expr.ge(0));
}

/**
 * A micro-batch lasts at least as long as any of its sequences in the group it got: T_m is at
 * least the time of item j at the degree of each group of m, weighted by the share of j's
 * sequences there. With one sequence per item this is exact for an integral plan, and it stops
 * the LP relaxation from spreading a long sequence thinly over many small groups.
 */
function addSequenceCuts(model: Model, items: Item[], groups: GroupVar[], makespans: Var[]): void {
  items.forEach((item, j) => {
    const perSlot = makespans.map((t) => LinExpr.of(t));
    for (const g of groups) {
      const y = g.counts.get(j);
      if (y) perSlot[g.m].add(y, -item.ms[g.k] / item.members.length);
    }
    for (const expr of perSlot) model.addConstraint(expr.ge(0));
  });
}

/**
 * Copies of a degree are interchangeable, and so are micro-batches: order them to cut the
 * symmetric search. Micro-batches are ordered by their first item where every item is one
 * sequence (item j then sits in slots 0..j, see `addGroups`), by makespan otherwise.
 */
function addSymmetryBreaking(model: Model, items: Item[], groups: GroupVar[], makespans: Var[]): void {
  const key = (g: GroupVar) => `${g.m}/${g.k}/${g.copy}`;
  const byKey = new Map(groups.map((g) => [key(g), g]));
  for (const g of groups) {
    const next = byKey.get(`${g.m}/${g.k}/${g.copy + 1}`);
    if (!next) continue;
    model.addConstraint(LinExpr.of(g.used).minus(next.used).ge(0));
    const load = new LinExpr();
    for (const [j, y] of g.counts) load.add(y, items[j].tokens);
    for (const [j, y] of next.counts) load.add(y, -items[j].tokens);
    model.addConstraint(load.ge(0));
  }
  if (singletons(items)) return;
  for (let m = 0; m + 1 < makespans.length; m++)
    model.addConstraint(
      LinExpr.of(makespans[m])
        .minus(makespans[m + 1])
        .ge(0),
    );
}

/**
 * Build the MILP over `slots` micro-batches.
 *
 * @example
 * ```ts
 * const milp = buildSpMilp(instance, spCosts(instance), exactItems(costs, [0, 1, 2], instance.lengths), 2);
 * ```
 */
export function buildSpMilp(instance: SequenceParallelInstance, costs: SpCosts, items: Item[], slots: number): SpMilp {
  checkMilpSize(instance, items, slots);
  const model = new Model(`sequence-parallel-${instance.name}`);
  const groups = addGroups(model, instance, items, slots);
  const makespans = Array.from({ length: slots }, () => model.addVar({ lb: 0 }));
  addAssignOnce(model, items, groups);
  addMemory(model, instance, items, groups);
  addGpuBudget(model, instance, groups, slots);
  addMakespans(model, instance, costs, items, groups, makespans);
  addSequenceCuts(model, items, groups, makespans);
  addSymmetryBreaking(model, items, groups, makespans);
  model.minimize(sumOf(makespans));
  return { model, items, slots, groups, makespans };
}

function sumOf(vars: Var[]): LinExpr {
  const expr = new LinExpr();
  for (const v of vars) expr.add(v);
  return expr;
}
