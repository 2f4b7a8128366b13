/**
 * PodDisruptionBudgets in the objective and the rules. A budget is disrupted by each of its
 * running pods that a placement evicts or moves; beyond `allowed` each disruption is a
 * violation. A counted budget (the default) adds its violations to the disruption of its
 * tier, the highest priority among its running pods (so the lexicographic order weighs a
 * violation like one more eviction there); a `forbid` budget may not be violated at all.
 */
import type { DisruptionBudget, PodPackingInstance } from './types.js';

/** The running pods a budget protects. */
export function runningMembers(instance: PodPackingInstance, budget: DisruptionBudget): number[] {
  return budget.pods.filter((p) => instance.pods[p].node !== undefined);
}

/** The budget's tier: the highest priority among its running pods; undefined when none runs. */
export function budgetTier(instance: PodPackingInstance, budget: DisruptionBudget): number | undefined {
  const running = runningMembers(instance, budget);
  return running.length === 0 ? undefined : Math.max(...running.map((p) => instance.pods[p].priority));
}

/** How many of its running pods the assignment evicts or moves. */
export function budgetDisrupted(instance: PodPackingInstance, budget: DisruptionBudget, assignment: number[]): number {
  return runningMembers(instance, budget).filter((p) => (assignment[p] ?? -1) !== instance.pods[p].node).length;
}

/** Disruptions beyond the budget. */
export function budgetViolations(instance: PodPackingInstance, budget: DisruptionBudget, assignment: number[]): number {
  return Math.max(0, budgetDisrupted(instance, budget, assignment) - budget.allowed);
}

/** The most violations a placement can cause (every running pod disrupted). */
export function maxBudgetViolations(instance: PodPackingInstance, budget: DisruptionBudget): number {
  return Math.max(0, runningMembers(instance, budget).length - budget.allowed);
}

/** The counted (not forbidden) budgets that some running pod makes count, with their tiers. */
export function countedBudgets(instance: PodPackingInstance): { budget: DisruptionBudget; tier: number }[] {
  return (instance.budgets ?? []).flatMap((budget) => {
    const tier = budgetTier(instance, budget);
    return budget.forbid || tier === undefined ? [] : [{ budget, tier }];
  });
}
