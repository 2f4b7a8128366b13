/**
 * The performance model speaks in `schedlab estimate train`'s flags (`--micro-batch`); the
 * solution JSON names the same settings as fields (`microBatch`). These helpers translate.
 */

/**
 * `--micro-batch 3` → `microBatch 3`, `--zero` → `zero`.
 *
 * @example
 * ```ts
 * asFieldNames('--tp 3 does not divide the 32 attention heads'); // 'tp 3 does not divide the 32 attention heads'
 * ```
 */
export function asFieldNames(message: string): string {
  return message.replace(/--([a-z]+(?:-[a-z]+)*)/g, (_, flag: string) =>
    flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()),
  );
}

/** The fields of a plan, in the order the JSON lists them. */
export const planFields = [
  'tp',
  'pp',
  'dp',
  'cp',
  'ep',
  'microBatch',
  'schedule',
  'virtualStages',
  'recompute',
  'zero',
  'distributedOptimizer',
  'stageLayers',
] as const;

const planFieldNames = new Set<string>(planFields);

/**
 * The first plan field a performance-model message names (`--ep 4 must divide ...` → `ep`),
 * else undefined (`--seq` and `--global-batch` are the instance's, not the plan's).
 *
 * @example
 * ```ts
 * fieldOfMessage('--micro-batch 3 ...'); // 'microBatch'
 * ```
 */
export function fieldOfMessage(message: string): string | undefined {
  // "tp x pp x cp x dp = 12, but --gpus is 16": the data-parallel degree takes the rest.
  if (message.includes('--gpus') && message.includes('--dp')) return 'dp';
  for (const match of message.matchAll(/--([a-z]+(?:-[a-z]+)*)/g)) {
    const field = asFieldNames(`--${match[1]}`);
    if (planFieldNames.has(field)) return field;
  }
  return undefined;
}
