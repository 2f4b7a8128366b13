/**
 * Per-shape capacities measured by the simulator, as DistServe measures them: the goodput of
 * one instance of a shape running one phase alone (prefill: TTFT attainment only; decode:
 * TPOT attainment only, requests arriving with their prompt's KV cache), or both phases for a
 * colocated replica. Measured once per instance and shape.
 */
import { planGoodput } from './assess.js';
import type { ServingPlanInstance } from './instance.js';
import { candidateShapes, type Shape } from './plan-space.js';
import type { InstanceRole } from './simulator/types.js';

/** A candidate shape of a role and its measured capacity. */
export interface Capacity {
  role: InstanceRole;
  shape: Shape;
  gpus: number;
  /** Requests/s one instance serves within the SLO target (its phase alone). */
  rate: number;
}

const cache = new WeakMap<ServingPlanInstance, Map<InstanceRole, Capacity[]>>();

/**
 * The measured capacity of every candidate shape of a role.
 *
 * @example
 * ```ts
 * shapeCapacities(instance, 'decode').map((c) => c.rate / c.gpus); // goodput per GPU of each decode shape
 * ```
 */
export function shapeCapacities(instance: ServingPlanInstance, role: InstanceRole): Capacity[] {
  let byRole = cache.get(instance);
  if (!byRole) {
    byRole = new Map();
    cache.set(instance, byRole);
  }
  const hit = byRole.get(role);
  if (hit) return hit;
  const phase = role === 'colocated' ? 'both' : role;
  const capacities = candidateShapes(instance, role).map((shape) => {
    const plan = { router: instance.router, instances: [{ role, ...shape, node: 0, ...instance.limits }] };
    return { role, shape, gpus: shape.tp * shape.pp, rate: planGoodput(instance, plan, phase).rate };
  });
  byRole.set(role, capacities);
  return capacities;
}

/** The capacity with the highest goodput per GPU (fewest GPUs on a tie); undefined when none serves anything. */
export function bestPerGpu(capacities: readonly Capacity[]): Capacity | undefined {
  let best: Capacity | undefined;
  for (const capacity of capacities) {
    if (capacity.rate <= 0) continue;
    if (!best || capacity.rate / capacity.gpus > (best.rate / best.gpus) * (1 + 1e-9)) best = capacity;
  }
  return best;
}
