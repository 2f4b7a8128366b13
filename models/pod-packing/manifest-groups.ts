/**
 * Gangs from manifests, as the coscheduling plugin forms them: pods labeled
 * `scheduling.x-k8s.io/pod-group: <name>` belong to the PodGroup (scheduling.x-k8s.io/v1alpha1)
 * of that name in their namespace, whose `spec.minMember` pods must be placed together.
 * A labeled pod without its PodGroup never schedules upstream (Permit: "PodGroup not
 * found"), so it is refused here with what to add; so are the labels of the old
 * lightweight coscheduling, which the current plugin no longer reads.
 */
import { z } from 'zod';
import { failAt, parseWithSchema } from '../../src/family/schema.js';
import { at, metadata, type Located } from './manifest-common.js';
import type { PodGroup } from './types.js';

/** The label that puts a pod in a gang. */
export const podGroupLabel = 'scheduling.x-k8s.io/pod-group';
const legacyLabels = ['pod-group.scheduling.sigs.k8s.io', 'pod-group.scheduling.sigs.k8s.io/name'];

const podGroupSchema = z.object({ metadata, spec: z.object({ minMember: z.number().int().min(1) }) });

/** A read pod as the gangs see it. */
export interface GroupablePod {
  item: Located;
  namespace: string;
  labels: Record<string, string>;
}

function fullName(namespace: string, name: string): string {
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

/** The PodGroups and their pods (in instance order); errors name the field. */
export function readGroups(items: Located[], pods: GroupablePod[]): PodGroup[] {
  const groups = items.map((item) => {
    const group = parseWithSchema(podGroupSchema, item.object, item.path);
    return {
      name: fullName(group.metadata.namespace ?? 'default', group.metadata.name),
      minMember: group.spec.minMember,
      pods: [] as number[],
    };
  });
  const byName = new Map(groups.map((group, g) => [group.name, g]));
  pods.forEach((pod, p) => {
    const legacy = legacyLabels.find((label) => pod.labels[label] !== undefined);
    if (legacy !== undefined)
      failAt(
        at(pod.item.path, `metadata.labels.${legacy}`),
        `the label ${legacy} is no longer read by coscheduling; label the pod ${podGroupLabel} and add a PodGroup`,
      );
    const label = pod.labels[podGroupLabel];
    if (label === undefined) return;
    const g = byName.get(fullName(pod.namespace, label));
    if (g === undefined)
      failAt(
        at(pod.item.path, `metadata.labels.${podGroupLabel}`),
        `no PodGroup '${label}' in namespace ${pod.namespace}: the pod would never be scheduled; add the PodGroup or remove the label`,
      );
    groups[g].pods.push(p);
  });
  return groups;
}
