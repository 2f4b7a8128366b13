/**
 * The pod-packing instance and solution types (instance.ts reads and writes them as JSON).
 *
 * In memory nodes are referred to by index; in JSON by name. Pods are in creation order
 * (the order of the `pods` array), which the default scheduler's queue uses for ties.
 * Optional fields are absent when they say nothing (no named resources, no host ports), so
 * an instance and its JSON round trip compare equal.
 */

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
}

/** A toleration; `operator: 'Exists'` with no key tolerates every taint. */
export interface Toleration {
  key?: string;
  operator: 'Equal' | 'Exists';
  value?: string;
  /** Absent: tolerates every effect. */
  effect?: TaintEffect;
}

/** One `matchExpressions` entry of a node selector term. */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values: string[];
}

/** A host port a pod binds on its node (the NodePorts filter): protocol, port and host IP ('0.0.0.0' is every IP). */
export interface HostPort {
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  hostIP: string;
}

export interface PodNode {
  name: string;
  /** Allocatable CPU in millicores. */
  cpu: number;
  /** Allocatable memory in bytes. */
  memory: number;
  /** Allocatable pod slots. */
  pods: number;
  /**
   * Allocatable amounts of the other resources (resources.ts): extended resources in whole
   * units (`nvidia.com/gpu: 8`), `ephemeral-storage` and `hugepages-*` in bytes. A resource
   * missing here is zero on this node.
   */
  resources?: Record<string, number>;
  labels: Record<string, string>;
  taints: Taint[];
}

export interface Pod {
  /** Unique: `name` in the default namespace, else `namespace/name`. */
  name: string;
  /** CPU request in millicores (sum over containers, or the largest init container). */
  cpu: number;
  /** Memory request in bytes. */
  memory: number;
  /** Requests of the other resources, in the units of `PodNode.resources`. */
  resources?: Record<string, number>;
  /** Host ports its containers bind (NodePorts: two pods may not bind one port on a node). */
  hostPorts?: HostPort[];
  /**
   * The "non-zero" requests of the scheduler's scores, when they differ from cpu/memory:
   * each container without a request counts 100m CPU / 200Mi (manifests set this).
   */
  nonZero?: { cpu: number; memory: number };
  priority: number;
  /** `Never`: the scheduler's preemption never evicts pods for it (absent: PreemptLowerPriority). */
  preemptionPolicy?: 'Never';
  /** The owning ReplicaSet, if any. */
  owner?: string;
  nodeSelector: Record<string, string>;
  /** Required node affinity: the terms are ORed, each term's requirements ANDed; empty means none. */
  affinity: NodeSelectorRequirement[][];
  tolerations: Toleration[];
  /** Index of the node a running pod is bound to; undefined for a pending pod. */
  node?: number;
  /** A running pod that may be recreated on another node. */
  movable: boolean;
  /** A running pod that may be evicted (left unplaced). */
  evictable: boolean;
}

/**
 * A PodDisruptionBudget over the running pods it selects: at most `allowed` of them may be
 * evicted or moved (a move is an eviction and a recreation). By default a disruption beyond
 * the budget is counted (as disruption of the budget's tier, like the scheduler's preemption
 * that violates budgets only as a last resort); with `forbid` it is not allowed at all, as
 * the Eviction API refuses it.
 */
export interface DisruptionBudget {
  /** `name` in the default namespace, else `namespace/name`. */
  name: string;
  /** Indices of the pods it selects (running or pending; only running ones can be disrupted). */
  pods: number[];
  /** Disruptions allowed: the PDB's `status.disruptionsAllowed` as the disruption controller computes it. */
  allowed: number;
  forbid?: boolean;
}

/**
 * A gang (a coscheduling PodGroup: pods labeled `scheduling.x-k8s.io/pod-group`): its pods
 * are placed together or not at all, at least `minMember` of them or none.
 */
export interface PodGroup {
  /** `name` in the default namespace, else `namespace/name`. */
  name: string;
  /** Indices of its pods, in creation order. */
  pods: number[];
  minMember: number;
  /** The node label whose values are this gang's topology domains (rack, zone, NVLink domain); default the instance's. */
  topologyKey?: string;
}

export interface PodPackingInstance {
  name: string;
  nodes: PodNode[];
  pods: Pod[];
  /** PodDisruptionBudgets (absent when there are none). */
  budgets?: DisruptionBudget[];
  /** Gangs (absent when there are none); a pod is in at most one. */
  groups?: PodGroup[];
  /** The node label whose values are topology domains for gangs without their own key (topology.ts). */
  topologyKey?: string;
  /**
   * Keep each gang within the fewest domains: a last objective level, below every tier's
   * placement and disruption, minimizing the domains gangs span beyond one each.
   */
  compactGangs?: boolean;
}

/** The node index of every pod, -1 for a pod left pending (or evicted). */
export interface PodPackingSolution {
  assignment: number[];
}
