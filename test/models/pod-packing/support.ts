import { parsePodPacking, type PodPackingInstance } from '../../../models/pod-packing/instance.js';
import { seededRandom } from '../../../src/util/random.js';

type Json = Record<string, unknown>;

/** A node with 4 CPUs, 8 GiB and 110 pod slots unless overridden. */
export function node(name: string, extra: Json = {}): Json {
  return { name, cpu: '4', memory: '8Gi', ...extra };
}

/** A pod requesting 1 CPU and 1 GiB unless overridden. */
export function pod(name: string, extra: Json = {}): Json {
  return { name, cpu: '1', memory: '1Gi', ...extra };
}

export function cluster(nodes: Json[], pods: Json[]): PodPackingInstance {
  return parsePodPacking({ name: 'test', nodes, pods });
}

/** Node name of each pod, '-' when unplaced. */
export function where(instance: PodPackingInstance, assignment: number[]): Record<string, string> {
  return Object.fromEntries(
    instance.pods.map((p, k) => [p.name, assignment[k] >= 0 ? instance.nodes[assignment[k]].name : '-']),
  );
}

/**
 * Some nodes tainted and labeled, some pods with selectors and tolerations, to exercise the
 * filters; some pending pods that may not preempt, disruption budgets (counted or
 * forbidding) over some owners' running pods, and some owners' pods as gangs.
 */
export function withConstraints(instance: PodPackingInstance, seed: number): PodPackingInstance {
  const rng = seededRandom(seed);
  instance.nodes.forEach((node) => {
    if (rng() < 0.3)
      node.taints.push({ key: 'dedicated', value: 'ml', effect: rng() < 0.5 ? 'NoSchedule' : 'PreferNoSchedule' });
    if (rng() < 0.5) node.labels.disktype = 'ssd';
  });
  instance.pods.forEach((pod) => {
    if (rng() < 0.3) pod.tolerations.push({ key: 'dedicated', operator: 'Exists' });
    if (rng() < 0.2) pod.nodeSelector.disktype = 'ssd';
    if (pod.node !== undefined && rng() < 0.2) [pod.movable, pod.evictable] = [false, rng() < 0.5];
    if (pod.node === undefined && rng() < 0.15) pod.preemptionPolicy = 'Never';
  });
  const owners = [...new Set(instance.pods.flatMap((pod) => (pod.owner === undefined ? [] : [pod.owner])))];
  const budgets = owners.flatMap((owner) => {
    if (rng() >= 0.4) return [];
    const pods = instance.pods.flatMap((pod, p) => (pod.owner === owner ? [p] : []));
    const allowed = Math.floor(rng() * 2);
    return [{ name: `pdb-${owner}`, pods, allowed, ...(rng() < 0.3 ? { forbid: true } : {}) }];
  });
  if (budgets.length > 0) instance.budgets = budgets;
  const groups = owners.flatMap((owner) => {
    if (rng() >= 0.3) return [];
    const pods = instance.pods.flatMap((pod, p) => (pod.owner === owner ? [p] : []));
    return [{ name: `gang-${owner}`, pods, minMember: Math.max(1, pods.length - Math.floor(rng() * 2)) }];
  });
  if (groups.length > 0) instance.groups = groups;
  return instance;
}
