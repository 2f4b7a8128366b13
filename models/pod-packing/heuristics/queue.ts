/**
 * The scheduler's active queue as a binary heap: highest priority first, then earliest
 * (re)creation, then name (PrioritySort; with gangs, coscheduling's `Less`, where a gang's
 * pods share their PodGroup's creation and name). Push and pop take O(log n), so a queue
 * of 100,000 pods costs nothing next to the scheduling cycles.
 */

/** A queued pod and its sort key. */
export interface QueueEntry {
  pod: number;
  priority: number;
  created: number;
  name: string;
}

function before(a: QueueEntry, b: QueueEntry): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.created !== b.created) return a.created < b.created;
  if (a.name !== b.name) return a.name < b.name;
  return a.pod < b.pod;
}

export class PodQueue {
  private readonly heap: QueueEntry[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(entry: QueueEntry): void {
    const heap = this.heap;
    heap.push(entry);
    let k = heap.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!before(heap[k], heap[parent])) break;
      [heap[k], heap[parent]] = [heap[parent], heap[k]];
      k = parent;
    }
  }

  /** The first pod in queue order; -1 when empty. */
  pop(): number {
    const heap = this.heap;
    if (heap.length === 0) return -1;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
    return top.pod;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    let k = start;
    for (;;) {
      const [left, right] = [2 * k + 1, 2 * k + 2];
      let first = k;
      if (left < heap.length && before(heap[left], heap[first])) first = left;
      if (right < heap.length && before(heap[right], heap[first])) first = right;
      if (first === k) return;
      [heap[k], heap[first]] = [heap[first], heap[k]];
      k = first;
    }
  }
}
