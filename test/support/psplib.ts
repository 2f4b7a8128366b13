/** A tiny PSPLIB `.sm` file the reader tests edit, written once. */

/**
 * One five-period job between the two dummies, on one renewable resource of `capacity`.
 *
 * @example
 * ```ts
 * readSm(smallSm('3')).activities.length; // 3
 * ```
 */
export function smallSm(capacity = '3'): string {
  return `jobs (incl. supersource/sink ):  3
horizon                       :  5
  - renewable                 :  1   R
  - nonrenewable              :  0   N
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          1           2
   2        1          1           3
   3        1          0
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     5       2
  3      1     0       0
RESOURCEAVAILABILITIES:
  R 1
   ${capacity}
`;
}
