/**
 * The evaluator's rules beyond capacity and eligibility: disruption budgets that forbid
 * violations, pods that may not preempt (`preemptionPolicy: Never`), and gangs placed
 * all or none.
 */
import type { Violation } from '../../src/family/contract.js';
import { budgetDisrupted } from './budgets.js';
import { placedMembers } from './gangs.js';
import { neverPreemptBreaches } from './preemption-policy.js';
import type { PodPackingInstance } from './types.js';

/** A `forbid` budget is not disrupted beyond what it allows (the Eviction API would refuse it). */
export function checkBudgets(instance: PodPackingInstance, assignment: number[], violations: Violation[]): void {
  for (const budget of instance.budgets ?? []) {
    if (!budget.forbid) continue;
    const disrupted = budgetDisrupted(instance, budget, assignment);
    if (disrupted > budget.allowed)
      violations.push({
        constraint: 'disruptionBudget',
        entities: [budget.name],
        message: `PodDisruptionBudget '${budget.name}' allows ${budget.allowed} disruption(s) but the placement evicts or moves ${disrupted} of its pods; keep more of them where they run`,
      });
  }
}

/**
 * A pod with `preemptionPolicy: Never` does not displace others: on the node where it is
 * newly placed, no running pod of lower priority is evicted or moved away.
 */
export function checkPreemptionPolicy(
  instance: PodPackingInstance,
  assignment: number[],
  violations: Violation[],
): void {
  for (const p of neverPreemptBreaches(instance, assignment)) {
    const pod = instance.pods[p];
    const n = assignment[p];
    violations.push({
      constraint: 'preemptionPolicy',
      entities: [pod.name, instance.nodes[n].name],
      message: `pod '${pod.name}' has preemptionPolicy Never but lands on node '${instance.nodes[n].name}', from which a lower-priority pod is evicted or moved; place it where nothing is displaced`,
    });
  }
}

/** A gang is placed with at least minMember pods, or not at all. */
export function checkGangs(instance: PodPackingInstance, assignment: number[], violations: Violation[]): void {
  for (const group of instance.groups ?? []) {
    const placed = placedMembers(group, assignment);
    if (placed === 0 || placed >= group.minMember) continue;
    violations.push({
      constraint: 'gang',
      entities: [group.name],
      message: `gang '${group.name}' has ${placed} of its pods placed but needs at least ${group.minMember} together; place ${group.minMember - placed} more or none`,
    });
  }
}

/** Gang counts: `gangs`, `gangs.placed` (at least minMember placed), `gangs.partial` (some, fewer than minMember). */
export function gangMetrics(instance: PodPackingInstance, assignment: number[]): Record<string, number> {
  const groups = instance.groups ?? [];
  if (groups.length === 0) return {};
  const placed = groups.map((group) => placedMembers(group, assignment));
  return {
    gangs: groups.length,
    'gangs.placed': groups.filter((group, g) => placed[g] >= group.minMember && placed[g] > 0).length,
    'gangs.partial': groups.filter((group, g) => placed[g] > 0 && placed[g] < group.minMember).length,
  };
}
