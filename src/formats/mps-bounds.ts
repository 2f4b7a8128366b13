/**
 * The BOUNDS section of an MPS file: what each bound type does to a column.
 *
 * Conventions (checked against CPLEX's documentation and HiGHS 1.15.3's reader):
 * - A column between INTORG/INTEND markers with no BOUNDS line is binary; any BOUNDS
 *   line for it starts from [0, +inf) instead (HiGHS does exactly this; see `mps-state.ts`).
 * - `UP` (or `UI`) with a negative value on a column whose lower bound no BOUNDS line has
 *   set moves the lower bound to -inf. CPLEX documents this ("if an upper bound less than 0
 *   is specified and no other bound, the lower bound is set to -infinity"), CoinMpsIO does
 *   the same; HiGHS 1.15.3 keeps the lower bound at 0, which makes the column infeasible.
 *   Our writer never relies on either reading: it writes the lower bound after the upper.
 * - `FR`, `MI`, `PL` and `BV` ignore a value field if one is present.
 */
import type { MpsState } from './mps-state.js';

/** The bound types this reader understands, in the order error messages list them. */
export const boundTypes = ['UP', 'LO', 'FX', 'FR', 'MI', 'PL', 'BV', 'LI', 'UI'] as const;
export type BoundType = (typeof boundTypes)[number];

/** Bound types that carry no value. */
export const valuelessBounds: ReadonlySet<string> = new Set(['FR', 'MI', 'PL', 'BV']);

function setUpper(state: MpsState, j: number, value: number): void {
  state.colUpper[j] = value;
  if (value < 0 && !state.lowerSet[j]) state.colLower[j] = -Infinity;
}

function setLower(state: MpsState, j: number, value: number): void {
  state.colLower[j] = value;
  state.lowerSet[j] = true;
}

/**
 * Apply one BOUNDS line to column `j`. `value` is NaN for value-less types.
 *
 * @example
 * ```ts
 * applyBound(state, 'UP', 0, 4); // 0 <= x0 <= 4
 * ```
 */
export function applyBound(state: MpsState, type: BoundType, j: number, value: number): void {
  state.boundsSeen[j] = true;
  switch (type) {
    case 'UP':
      return setUpper(state, j, value);
    case 'LO':
      return setLower(state, j, value);
    case 'FX':
      setLower(state, j, value);
      state.colUpper[j] = value;
      return;
    case 'FR':
      setLower(state, j, -Infinity);
      state.colUpper[j] = Infinity;
      return;
    case 'MI':
      return setLower(state, j, -Infinity);
    case 'PL':
      state.colUpper[j] = Infinity;
      return;
    case 'BV':
      setLower(state, j, 0);
      state.colUpper[j] = 1;
      state.colInteger[j] = 1;
      return;
    case 'LI':
      setLower(state, j, value);
      state.colInteger[j] = 1;
      return;
    case 'UI':
      setUpper(state, j, value);
      state.colInteger[j] = 1;
      return;
  }
}
