/**
 * The largest of n numbers under point updates (a segment tree): the scheduler keeps the
 * free cpu, memory and pod slots of the nodes in name order, so a pod larger than every
 * node's free room is known to fit nowhere, and the node search jumps over nodes too full
 * for it, both in O(log n).
 */
export class MaxTree {
  private readonly size: number;
  private readonly tree: Float64Array;

  constructor(values: ArrayLike<number>) {
    let size = 1;
    while (size < values.length) size *= 2;
    this.size = size;
    this.tree = new Float64Array(2 * size).fill(Number.NEGATIVE_INFINITY);
    for (let k = 0; k < values.length; k++) this.tree[size + k] = values[k];
    for (let k = size - 1; k >= 1; k--) this.tree[k] = Math.max(this.tree[2 * k], this.tree[2 * k + 1]);
  }

  /** Add `delta` to value k. */
  add(k: number, delta: number): void {
    let i = this.size + k;
    this.tree[i] += delta;
    for (i >>= 1; i >= 1; i >>= 1) this.tree[i] = Math.max(this.tree[2 * i], this.tree[2 * i + 1]);
  }

  max(): number {
    return this.tree[1];
  }

  /** The first index k >= from (below `end`) whose value is at least `threshold`; -1 when there is none. */
  nextAtLeast(from: number, threshold: number, end = this.size): number {
    if (from >= end) return -1;
    // Climb from the leaf while the subtrees to the right hold nothing large enough, then descend.
    let i = this.size + from;
    if (this.tree[i] >= threshold) return from;
    for (;;) {
      while ((i & 1) === 1) {
        if (i === 1) return -1;
        i >>= 1;
      }
      i += 1;
      if (this.tree[i] >= threshold) break;
    }
    while (i < this.size) i = this.tree[2 * i] >= threshold ? 2 * i : 2 * i + 1;
    const k = i - this.size;
    return k < end ? k : -1;
  }
}
