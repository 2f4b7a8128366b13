/**
 * The bookkeeping of one instance during a simulation: its FIFO of waiting requests, the KV
 * cache it has reserved, and its running decode batch. A running request finishes at a known
 * step (it generates one token per step), so the batch is a heap of finish steps and its total
 * context grows by the batch size per step: a decode step costs O(log batch) only when a
 * request finishes, whatever the batch size.
 */
import { IndexHeap } from '../../../src/perf/simulator/heap.js';
import type { SimInstance } from './types.js';

/** A FIFO of request ids that never shifts an array. */
export class RequestQueue {
  private items: number[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  peek(): number {
    return this.items[this.head];
  }

  push(request: number): void {
    this.items.push(request);
  }

  pop(): number {
    const request = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return request;
  }
}

/** One instance's state; request data (lengths, finish steps) live in the simulation's arrays. */
export class InstanceState {
  readonly waiting = new RequestQueue();
  /** The current prefill batch (request ids), when one runs. */
  readonly prefillBatch: number[] = [];
  readonly running: IndexHeap;
  /** KV tokens reserved by admitted requests. */
  kvUsed = 0;
  /** KV tokens of requests routed here and not yet admitted (decode instances). */
  kvIncoming = 0;
  /** Prompt tokens waiting for a prefill here. */
  waitingPromptTokens = 0;
  /** Prompt tokens of the prefill iteration running now (0 when none). */
  prefillingTokens = 0;
  /** Tokens of work routed here and not yet done (the least-tokens router's measure). */
  outstandingTokens = 0;
  /** Sum over the running requests of the context their next decode step attends to. */
  contextTokens = 0;
  /** Decode steps done so far. */
  step = 0;
  busy = false;
  busySeconds = 0;
  /** End of the current iteration (seconds); the event key while busy. */
  iterationEndS = 0;
  iterationKind: 'prefill' | 'decode' = 'decode';

  constructor(
    readonly spec: SimInstance,
    finishStep: Float64Array,
  ) {
    this.running = new IndexHeap((a, b) => finishStep[a] < finishStep[b] || (finishStep[a] === finishStep[b] && a < b));
  }

  /** Requests in the running decode batch. */
  get runningCount(): number {
    return this.running.size;
  }
}
