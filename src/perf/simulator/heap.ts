/**
 * A binary min-heap of non-negative integers (task or lane indices) ordered by a
 * caller-given comparison. Keys live in the caller's typed arrays, so the heap itself
 * holds only indices and never allocates per push.
 */
export class IndexHeap {
  private items: Int32Array;
  private count = 0;

  /** `less(a, b)` is true when `a` must come out before `b`; it must be a strict total order. */
  constructor(
    private readonly less: (a: number, b: number) => boolean,
    initialCapacity = 16,
  ) {
    this.items = new Int32Array(Math.max(1, initialCapacity));
  }

  get size(): number {
    return this.count;
  }

  /** The smallest index; only valid when `size > 0`. */
  peek(): number {
    return this.items[0];
  }

  push(index: number): void {
    if (this.count === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.siftUp(this.count++, index);
  }

  /** Removes and returns the smallest index; only valid when `size > 0`. */
  pop(): number {
    const top = this.items[0];
    const last = this.items[--this.count];
    if (this.count > 0) this.siftDown(0, last);
    return top;
  }

  private siftUp(position: number, index: number): void {
    const items = this.items;
    while (position > 0) {
      const parent = (position - 1) >> 1;
      if (!this.less(index, items[parent])) break;
      items[position] = items[parent];
      position = parent;
    }
    items[position] = index;
  }

  private siftDown(position: number, index: number): void {
    const items = this.items;
    const half = this.count >> 1;
    while (position < half) {
      let child = 2 * position + 1;
      if (child + 1 < this.count && this.less(items[child + 1], items[child])) child++;
      if (!this.less(items[child], index)) break;
      items[position] = items[child];
      position = child;
    }
    items[position] = index;
  }
}
