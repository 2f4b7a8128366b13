/**
 * Parsed instances kept by a sandbox process across chunks: a search loop scores every
 * candidate on the same instances, and the family's schema-checked parse costs about as
 * much as a small heuristic's run. Keyed by the family and the instance's JSON text,
 * bounded by the total text length, oldest out first.
 */
import type { AnyFamily } from '../family/contract.js';

/** Total instance text kept, in characters: a few hundred j30 instances weigh a few MB. */
const budgetChars = 64_000_000;

const kept = new Map<string, unknown>();
let keptChars = 0;

/**
 * `family.parse(JSON.parse(dataText))`, remembered.
 *
 * @example
 * ```ts
 * const instance = parsedInstance(family, dataText); // parsed once per process
 * ```
 */
export function parsedInstance(family: AnyFamily, dataText: string): unknown {
  const key = `${family.id}\n${dataText}`;
  if (kept.has(key)) return kept.get(key);
  const instance = family.parse(JSON.parse(dataText));
  if (key.length > budgetChars) return instance;
  kept.set(key, instance);
  keptChars += key.length;
  for (const [old] of kept) {
    if (keptChars <= budgetChars) break;
    kept.delete(old);
    keptChars -= old.length;
  }
  return instance;
}
