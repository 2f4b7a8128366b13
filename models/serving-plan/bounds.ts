/**
 * The optimistic bound on the GPUs of a plan: every feasible plan has at least one colocated
 * replica, or one prefill and one decode instance, each holding the longest request of its role
 * (the `kv-capacity` rule), so it uses at least the GPUs of the smallest such instance or pair.
 * Loose at high rates (it ignores the traffic), exact when one small instance serves the rate.
 */
import type { ServingPlanInstance } from './instance.js';
import { candidateShapes, type Shape } from './plan-space.js';
import type { InstanceRole } from './simulator/types.js';

function fewestGpus(instance: ServingPlanInstance, role: InstanceRole): number {
  const gpus = (shape: Shape) => shape.tp * shape.pp;
  return Math.min(...candidateShapes(instance, role).map(gpus));
}

/**
 * A lower bound on the objective (GPUs).
 *
 * @example
 * ```ts
 * servingPlanLowerBound(family.generate({ size: 'large' }, 1)); // 4: Llama 3 70B needs TP 4 on H100
 * ```
 */
export function servingPlanLowerBound(instance: ServingPlanInstance): number {
  const colocated = fewestGpus(instance, 'colocated');
  const pair = fewestGpus(instance, 'prefill') + fewestGpus(instance, 'decode');
  return Math.min(colocated, pair);
}
