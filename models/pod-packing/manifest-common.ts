/**
 * What the manifest readers share: the zod pieces every kind uses (quantities, label maps,
 * taint effects, object metadata), where an object sits in the file, and path joining.
 */
import { z } from 'zod';

export const quantity = z.union([z.string(), z.number()]);
export const stringMap = z.record(z.string(), z.string());
export const effect = z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
export const metadata = z.object({
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  creationTimestamp: z.string().optional(),
  ownerReferences: z
    .array(z.object({ kind: z.string(), name: z.string(), controller: z.boolean().optional() }))
    .optional(),
});

/** One Kubernetes object and its path in the file (`documents[2]`, `items[0]`, '' for a lone document). */
export interface Located {
  object: Record<string, unknown>;
  path: string;
}

/** `prefix.rest`, or `rest` at the root. */
export function at(prefix: string, rest: string): string {
  return prefix === '' ? rest : `${prefix}.${rest}`;
}
