/**
 * The instance-level objects of the JSON format that refer to pods by name: disruption
 * budgets (`budgets: [{ name, pods, allowed, forbid? }]`) and gangs
 * (`groups: [{ name, minMember, pods, topologyKey? }]`), read into pod indices and written
 * back by name.
 */
import { failAt } from '../../src/family/schema.js';
import type { DisruptionBudget, PodGroup, PodPackingInstance } from './types.js';

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

interface GroupJson {
  name: string;
  minMember: number;
  pods: string[];
  topologyKey?: string;
}

/** The gangs of the JSON `data` (each pod in at most one); absent when there are none. */
export function readGroups(json: GroupJson[] | undefined, pods: Map<string, number>): { groups?: PodGroup[] } {
  if (json === undefined || json.length === 0) return {};
  const owner = new Map<number, string>();
  const names = new Set<string>();
  const groups = json.map((g, k): PodGroup => {
    if (names.has(g.name)) failAt(`data.groups[${k}].name`, `group '${g.name}' is defined twice; rename one`);
    names.add(g.name);
    const members = podIndices(g.pods, pods, `data.groups[${k}].pods`);
    members.forEach((p, j) => {
      const other = owner.get(p);
      if (other !== undefined)
        failAt(
          `data.groups[${k}].pods[${j}]`,
          `pod '${g.pods[j]}' is already in group '${other}'; a pod belongs to one gang`,
        );
      owner.set(p, g.name);
    });
    return {
      name: g.name,
      pods: members,
      minMember: g.minMember,
      ...(g.topologyKey === undefined ? {} : { topologyKey: g.topologyKey }),
    };
  });
  return { groups };
}

/** The gangs as JSON, pods by name. */
export function writeGroups(instance: PodPackingInstance): { groups?: GroupJson[] } {
  if (instance.groups === undefined) return {};
  return {
    groups: instance.groups.map((g) => ({
      name: g.name,
      minMember: g.minMember,
      pods: g.pods.map((p) => instance.pods[p].name),
      ...(g.topologyKey === undefined ? {} : { topologyKey: g.topologyKey }),
    })),
  };
}
