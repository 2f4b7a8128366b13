/**
 * The instance-level objects of the JSON format that refer to pods by name: disruption
 * budgets (`budgets: [{ name, pods, allowed, forbid? }]`), read into pod indices and
 * written back by name.
 */
import { failAt } from '../../src/family/schema.js';
import type { DisruptionBudget, PodPackingInstance } from './types.js';

interface BudgetJson {
  name: string;
  pods: string[];
  allowed: number;
  forbid?: boolean;
}

/** Pod names → indices, each name a pod of the instance and listed once. */
function podIndices(names: string[], pods: Map<string, number>, path: string): number[] {
  const seen = new Set<number>();
  return names.map((name, k) => {
    const p = pods.get(name);
    if (p === undefined) failAt(`${path}[${k}]`, `unknown pod '${name}'; list pods of the instance`);
    if (seen.has(p)) failAt(`${path}[${k}]`, `pod '${name}' is listed twice; list each pod once`);
    seen.add(p);
    return p;
  });
}

/** The budgets of the JSON `data`; absent when there are none. */
export function readBudgets(
  json: BudgetJson[] | undefined,
  pods: Map<string, number>,
): { budgets?: DisruptionBudget[] } {
  if (json === undefined || json.length === 0) return {};
  const names = new Set<string>();
  const budgets = json.map((b, k): DisruptionBudget => {
    if (names.has(b.name)) failAt(`data.budgets[${k}].name`, `budget '${b.name}' is defined twice; rename one`);
    names.add(b.name);
    return {
      name: b.name,
      pods: podIndices(b.pods, pods, `data.budgets[${k}].pods`),
      allowed: b.allowed,
      ...(b.forbid ? { forbid: true } : {}),
    };
  });
  return { budgets };
}

/** The budgets as JSON, pods by name. */
export function writeBudgets(instance: PodPackingInstance): { budgets?: BudgetJson[] } {
  if (instance.budgets === undefined) return {};
  return {
    budgets: instance.budgets.map((b) => ({
      name: b.name,
      pods: b.pods.map((p) => instance.pods[p].name),
      allowed: b.allowed,
      ...(b.forbid ? { forbid: true } : {}),
    })),
  };
}
