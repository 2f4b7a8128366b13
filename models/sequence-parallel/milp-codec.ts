/**
 * Between the MILP's values and plans: `decodeMilp` hands each group the counts it got of
 * each item, members longest first; `encodeMilp` writes a plan as values (for a warm start),
 * or gives undefined when the plan does not fit the model (more micro-batches than slots, more
 * groups of a degree than copies, a group over memory when its members are charged as their
 * bucket's longest).
 */
import type { SpCosts } from './costs.js';
import { type GroupVar, type SpMilp, singletons } from './milp.js';
import type { Plan, PlannedGroup } from './plan.js';

/**
 * The plan the values describe (empty groups and micro-batches dropped).
 *
 * @example
 * ```ts
 * const plan = decodeMilp(milp, result.values);
 * ```
 */
export function decodeMilp(milp: SpMilp, values: Float64Array): Plan {
  const pools = milp.items.map((item) => [...item.members]);
  const plan: Plan = Array.from({ length: milp.slots }, () => []);
  for (const g of milp.groups) {
    const sequences: number[] = [];
    for (const [j, y] of g.counts) {
      const count = Math.round(values[y.index]);
      sequences.push(...pools[j].splice(0, Math.max(0, count)));
    }
    if (sequences.length > 0) plan[g.m].push({ k: g.k, sequences });
  }
  return plan.filter((mb) => mb.length > 0);
}

/** Ms and tokens of a planned group as the model charges them. */
function charged(milp: SpMilp, costs: SpCosts, itemOf: Map<number, number>, g: PlannedGroup) {
  let ms = g.sequences.length > 0 ? costs.latencyMs[g.k] : 0;
  let tokens = 0;
  for (const i of g.sequences) {
    const item = milp.items[itemOf.get(i) as number];
    ms += item.ms[g.k];
    tokens += item.tokens;
  }
  return { ms, tokens };
}

/** Per micro-batch, its groups matched to model copies (heaviest copy first) in the model's slot order, or undefined. */
function matchCopies(milp: SpMilp, costs: SpCosts, itemOf: Map<number, number>, plan: Plan) {
  const copies = new Map<string, GroupVar>(milp.groups.map((g) => [`${g.m}/${g.k}/${g.copy}`, g]));
  const timed = plan.map((mb) => {
    const groups = mb.map((g) => ({ g, ...charged(milp, costs, itemOf, g) }));
    const first = Math.min(...mb.flatMap((g) => g.sequences.map((i) => itemOf.get(i) as number)));
    return { groups, first, ms: Math.max(0, ...groups.map((x) => x.ms)) };
  });
  // The model's slot order: by first item for single-sequence items, else slowest first.
  if (singletons(milp.items)) timed.sort((a, b) => a.first - b.first);
  else timed.sort((a, b) => b.ms - a.ms);
  const matched: { gv: GroupVar; sequences: number[] }[] = [];
  for (let m = 0; m < timed.length; m++) {
    const byDegree = new Map<number, (typeof timed)[number]['groups']>();
    for (const x of timed[m].groups) byDegree.set(x.g.k, [...(byDegree.get(x.g.k) ?? []), x]);
    for (const [k, list] of byDegree) {
      list.sort((a, b) => b.tokens - a.tokens);
      for (let copy = 0; copy < list.length; copy++) {
        const gv = copies.get(`${m}/${k}/${copy}`);
        if (!gv) return undefined;
        matched.push({ gv, sequences: list[copy].g.sequences });
      }
    }
  }
  return { matched, makespans: timed.map((t) => t.ms) };
}

/**
 * Values for a plan, or undefined when it does not fit the model.
 *
 * @example
 * ```ts
 * const warmStart = encodeMilp(milp, costs, toPlan(instance, incumbent));
 * ```
 */
export function encodeMilp(
  milp: SpMilp,
  costs: SpCosts,
  plan: Plan,
  capacity: (k: number) => number,
): Float64Array | undefined {
  const used = plan.filter((mb) => mb.some((g) => g.sequences.length > 0));
  if (used.length > milp.slots || used.some((mb) => mb.some((g) => g.k < 0))) return undefined;
  const itemOf = new Map<number, number>();
  milp.items.forEach((item, j) => {
    for (const i of item.members) itemOf.set(i, j);
  });
  const match = matchCopies(
    milp,
    costs,
    itemOf,
    used.map((mb) => mb.filter((g) => g.sequences.length > 0)),
  );
  if (!match) return undefined;
  const values = new Float64Array(milp.model.numVars);
  for (const { gv, sequences } of match.matched) {
    values[gv.used.index] = 1;
    let tokens = 0;
    for (const i of sequences) {
      const j = itemOf.get(i) as number;
      const y = gv.counts.get(j);
      if (!y) return undefined;
      values[y.index] += 1;
      tokens += milp.items[j].tokens;
    }
    if (tokens > capacity(gv.k)) return undefined;
  }
  match.makespans.forEach((ms, m) => {
    values[milp.makespans[m].index] = ms;
  });
  return values;
}
