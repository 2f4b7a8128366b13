/** JSON output helpers shared by the CLI's reports and the bench's rows. */

/**
 * A finite number, or null: JSON has no NaN or Infinity, and a report says "unknown" as null.
 *
 * @example
 * ```ts
 * jsonNumber(12.5); // 12.5
 * jsonNumber(Number.NaN); // null
 * ```
 */
export function jsonNumber(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
