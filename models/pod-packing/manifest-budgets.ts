/**
 * PodDisruptionBudgets (policy/v1) from manifests. A budget selects the pods of its
 * namespace whose labels match `spec.selector` (matchLabels and matchExpressions) and
 * allows as many disruptions as the disruption controller would
 * (`status.disruptionsAllowed`): the running pods it selects (all healthy here) minus the
 * desired healthy count, never below 0. The desired count is `minAvailable`, or the
 * expected pods minus `maxUnavailable`; a percentage is of the expected pods, rounded up,
 * and the expected pods are the selected pods in the manifests (running or pending; upstream
 * reads the owning controllers' scale). The annotation `schedlab.io/disruption-budget:
 * forbid` makes the budget a hard rule instead of a counted cost (types.ts).
 */
import { z } from 'zod';
import { failAt, parseWithSchema } from '../../src/family/schema.js';
import { at, metadata, stringMap, type Located } from './manifest-common.js';
import type { DisruptionBudget } from './types.js';

const intOrPercent = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^\d+%$/, 'expected a count or a percentage like 20%'),
]);
const selectorRequirement = z.object({
  key: z.string().min(1),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
  values: z.array(z.string()).default([]),
});
const budgetSchema = z.object({
  metadata,
  spec: z.object({
    minAvailable: intOrPercent.optional(),
    maxUnavailable: intOrPercent.optional(),
    selector: z
      .object({ matchLabels: stringMap.optional(), matchExpressions: z.array(selectorRequirement).optional() })
      .optional(),
  }),
});

type Selector = NonNullable<z.infer<typeof budgetSchema>['spec']['selector']>;

/** A pod as the budgets see it: its namespace, labels and whether it runs. */
export interface SelectablePod {
  namespace: string;
  labels: Record<string, string>;
  running: boolean;
}

/** metav1.LabelSelector semantics: every matchLabels pair and every expression holds. */
export function selectorMatches(selector: Selector, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  return (selector.matchExpressions ?? []).every((req) => {
    const value = labels[req.key];
    if (req.operator === 'Exists') return value !== undefined;
    if (req.operator === 'DoesNotExist') return value === undefined;
    const listed = value !== undefined && req.values.includes(value);
    return req.operator === 'In' ? listed : !listed;
  });
}

/** `n` or `p%` of `expected`, a percentage rounded up (intstr.GetScaledValueFromIntOrPercent). */
function scaled(value: number | string, expected: number): number {
  return typeof value === 'number' ? value : Math.ceil((Number(value.slice(0, -1)) * expected) / 100);
}

/** The disruptions allowed: healthy (running) minus desired healthy, at least 0. */
function allowedDisruptions(spec: z.infer<typeof budgetSchema>['spec'], expected: number, healthy: number): number {
  const desired =
    spec.minAvailable !== undefined
      ? scaled(spec.minAvailable, expected)
      : Math.max(0, expected - scaled(spec.maxUnavailable!, expected));
  return Math.max(0, healthy - desired);
}

/**
 * One PodDisruptionBudget over the given pods (in instance order); errors name the field.
 *
 * @example
 * ```ts
 * readBudget(item, pods); // { name: 'prod/api', pods: [3, 4, 5], allowed: 1 }
 * ```
 */
export function readBudget(item: Located, pods: SelectablePod[]): DisruptionBudget {
  const budget = parseWithSchema(budgetSchema, item.object, item.path);
  const { spec } = budget;
  if ((spec.minAvailable === undefined) === (spec.maxUnavailable === undefined))
    failAt(at(item.path, 'spec'), 'a PodDisruptionBudget sets exactly one of minAvailable and maxUnavailable');
  const selector = spec.selector;
  if (
    selector === undefined ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)
  )
    failAt(
      at(item.path, 'spec.selector'),
      'an empty or missing selector selects every pod for the Eviction API but none for the scheduler; give matchLabels',
    );
  const namespace = budget.metadata.namespace ?? 'default';
  const members = pods.flatMap((pod, p) =>
    pod.namespace === namespace && selectorMatches(selector, pod.labels) ? [p] : [],
  );
  const healthy = members.filter((p) => pods[p].running).length;
  const mode = budget.metadata.annotations?.['schedlab.io/disruption-budget'];
  if (mode !== undefined && mode !== 'forbid' && mode !== 'count')
    failAt(
      at(item.path, 'metadata.annotations.schedlab.io/disruption-budget'),
      `'${mode}' is no budget mode; use forbid (never violated) or count (violations cost disruption)`,
    );
  const forbid = mode === 'forbid';
  return {
    name: namespace === 'default' ? budget.metadata.name : `${namespace}/${budget.metadata.name}`,
    pods: members,
    allowed: allowedDisruptions(spec, members.length, healthy),
    ...(forbid ? { forbid: true } : {}),
  };
}
