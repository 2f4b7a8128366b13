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
/** Kueue's topology-aware scheduling annotations on a gang's pods (a node label key). */
const preferredTopology = 'kueue.x-k8s.io/podset-preferred-topology';
const requiredTopology = 'kueue.x-k8s.io/podset-required-topology';
/** A PodGroup annotation naming the label of its domains, for the topology metrics alone. */
const topologyKeyAnnotation = 'schedlab.io/topology-key';
const legacyLabels = ['pod-group.scheduling.sigs.k8s.io', 'pod-group.scheduling.sigs.k8s.io/name'];

const podGroupSchema = z.object({ metadata, spec: z.object({ minMember: z.number().int().min(1) }) });

/** A read pod as the gangs see it. */
export interface GroupablePod {
  item: Located;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** What the manifests say about gangs: the groups, and whether some gang asks to be kept compact. */
export interface ManifestGroups {
  groups: PodGroup[];
  compactGangs: boolean;
}

function fullName(namespace: string, name: string): string {
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

/**
 * The PodGroups and their pods (in instance order); errors name the field. A gang's
 * topology key is Kueue's `podset-preferred-topology` annotation on its pods (which also
 * asks for the compactness objective level) or the PodGroup's `schedlab.io/topology-key`
 * (metrics only); `podset-required-topology` is refused.
 */
export function readGroups(items: Located[], pods: GroupablePod[]): ManifestGroups {
  const groups: PodGroup[] = items.map((item) => {
    const group = parseWithSchema(podGroupSchema, item.object, item.path);
    const key = group.metadata.annotations?.[topologyKeyAnnotation];
    return {
      name: fullName(group.metadata.namespace ?? 'default', group.metadata.name),
      minMember: group.spec.minMember,
      pods: [] as number[],
      ...(key === undefined ? {} : { topologyKey: key }),
    };
  });
  const byName = new Map(groups.map((group, g) => [group.name, g]));
  let compactGangs = false;
  pods.forEach((pod, p) => {
    const g = groupOfPod(pod, byName);
    if (g === undefined) return;
    groups[g].pods.push(p);
    const preferred = topologyOf(pod, groups[g]);
    if (preferred === undefined) return;
    groups[g].topologyKey = preferred;
    compactGangs = true;
  });
  return { groups, compactGangs };
}

/** The gang of a pod by its label; refused when the label names no PodGroup, or an old label is used. */
function groupOfPod(pod: GroupablePod, byName: Map<string, number>): number | undefined {
  const legacy = legacyLabels.find((label) => pod.labels[label] !== undefined);
  if (legacy !== undefined)
    failAt(
      at(pod.item.path, `metadata.labels.${legacy}`),
      `the label ${legacy} is no longer read by coscheduling; label the pod ${podGroupLabel} and add a PodGroup`,
    );
  const label = pod.labels[podGroupLabel];
  if (label === undefined) return undefined;
  const g = byName.get(fullName(pod.namespace, label));
  if (g === undefined)
    failAt(
      at(pod.item.path, `metadata.labels.${podGroupLabel}`),
      `no PodGroup '${label}' in namespace ${pod.namespace}: the pod would never be scheduled; add the PodGroup or remove the label`,
    );
  return g;
}

/** Kueue's preferred topology of a gang pod, the same on every pod of the gang. */
function topologyOf(pod: GroupablePod, group: PodGroup): string | undefined {
  const annotations = `metadata.annotations`;
  if (pod.annotations[requiredTopology] !== undefined)
    failAt(
      at(pod.item.path, `${annotations}.${requiredTopology}`),
      `a required topology is not modeled; use ${preferredTopology}, which keeps the gang in the fewest domains`,
    );
  const key = pod.annotations[preferredTopology];
  if (key !== undefined && group.topologyKey !== undefined && group.topologyKey !== key && group.pods.length > 1)
    failAt(
      at(pod.item.path, `${annotations}.${preferredTopology}`),
      `the pods of gang '${group.name}' prefer different topology keys (${group.topologyKey}, ${key}); give them one`,
    );
  return key;
}
