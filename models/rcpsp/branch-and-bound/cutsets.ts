/**
 * The store of explored cutsets for the cutset dominance rule (Demeulemeester and
 * Herroelen 1992). A cutset is the set of activities scheduled (finished or in progress)
 * at a decision point t. A state B (cutset X at time t) is dominated by an explored state
 * A (the same X at time k <= t) when every activity j in progress in A finishes there by
 * max(t, f_j in B): any completion of B then also completes A, using no more capacity
 * after t, so B cannot end earlier than the best completion of A, which was searched.
 * Release dates and deadlines keep this valid without a change: the completion starts
 * everything at the same times (at t or later, so after every release it met in B), its
 * activities finish when they did in B (so by their deadlines), and A's own activities met
 * theirs when they were started (the search prunes a node where an unscheduled one cannot).
 *
 * Keys are the cutsets as bitsets, hashed by a Zobrist hash that the search keeps up to
 * date; a lookup compares the whole bitset, so a hash collision never prunes. The store
 * holds at most `maxEntries` states and stops storing when full (the rule then prunes
 * less, never wrongly). Everything lives in growable typed arrays.
 */

/** How many states one cutset keeps at most (states that dominate one another replace each other). */
const perKeyLimit = 256;

/**
 * @example
 * ```ts
 * const store = new CutsetStore(1, 1_000_000);
 * if (!store.dominated(bits, hash, t, finish)) { search(); store.store(bits, hash, t, running, runningCount, finish); }
 * ```
 */
export class CutsetStore {
  private readonly words: number;
  private readonly maxEntries: number;
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  private next: Int32Array;
  private time: Int32Array;
  private hash: Int32Array;
  private listStart: Int32Array;
  private listLength: Int32Array;
  private bits: Int32Array;
  private pairs: Int32Array;
  private pairCount = 0;
  /** Set once the store is full. */
  full = false;

  constructor(words: number, maxEntries: number) {
    this.words = words;
    this.maxEntries = maxEntries;
    const initial = Math.max(1, Math.min(maxEntries, 1 << 14));
    // Linear probing with a mask needs a power of two; at least twice the entries keeps probes short.
    let slotCount = 2;
    while (slotCount < initial * 2) slotCount *= 2;
    this.slots = new Int32Array(slotCount);
    this.mask = slotCount - 1;
    this.next = new Int32Array(initial);
    this.time = new Int32Array(initial);
    this.hash = new Int32Array(initial);
    this.listStart = new Int32Array(initial);
    this.listLength = new Int32Array(initial);
    this.bits = new Int32Array(initial * words);
    this.pairs = new Int32Array(initial * 4);
  }

  /** Number of stored states. */
  get size(): number {
    return this.count;
  }

  /** The slot `head` stopped at: the cutset's own slot, or the empty one where it would go. */
  private slot = 0;

  /** The first entry (1-based, 0 for none) of the chain of the cutset `key`, whose hash is `h`; sets `slot`. */
  private head(key: Int32Array, h: number): number {
    let slot = h & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0 || (this.hash[entry - 1] === h && this.sameBits(entry - 1, key))) {
        this.slot = slot;
        return entry;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private sameBits(entry: number, key: Int32Array): boolean {
    const base = entry * this.words;
    for (let w = 0; w < this.words; w++) if (this.bits[base + w] !== key[w]) return false;
    return true;
  }

  /** True when the stored `entry` dominates the state (t, finish): see the file header. */
  private dominates(entry: number, t: number, finish: Int32Array): boolean {
    if (this.time[entry] > t) return false;
    const from = this.listStart[entry];
    const to = from + this.listLength[entry] * 2;
    for (let p = from; p < to; p += 2) {
      const f = finish[this.pairs[p]];
      if (this.pairs[p + 1] > Math.max(f, t)) return false;
    }
    return true;
  }

  /** Whether an explored state with cutset `key` (hash `h`) dominates the state at time t with finish times `finish`. */
  dominated(key: Int32Array, h: number, t: number, finish: Int32Array): boolean {
    let entry = this.head(key, h);
    while (entry !== 0) {
      if (this.dominates(entry - 1, t, finish)) return true;
      entry = this.next[entry - 1];
    }
    return false;
  }

  /** True when the new state (t, running, finish) dominates the stored `entry`, so that it may replace it. */
  private replaces(entry: number, t: number, running: Int32Array, runningCount: number, finish: Int32Array): boolean {
    const stored = this.time[entry];
    if (t > stored) return false;
    const from = this.listStart[entry];
    const to = from + this.listLength[entry] * 2;
    for (let i = 0; i < runningCount; i++) {
      const j = running[i];
      // j is in progress in the stored state too, or finished there (by its time).
      let limit = stored;
      for (let p = from; p < to; p += 2) {
        if (this.pairs[p] === j) {
          if (this.pairs[p + 1] > limit) limit = this.pairs[p + 1];
          break;
        }
      }
      if (finish[j] > limit) return false;
    }
    return true;
  }

  /**
   * Records an explored state: cutset `key` at time t, with the activities `running[0 .. runningCount-1]`
   * in progress and their finish times in `finish`. A stored state of the same cutset that
   * dominates it makes this a no-op; stored states it dominates are replaced. Does nothing
   * once the store is full.
   */
  store(key: Int32Array, h: number, t: number, running: Int32Array, runningCount: number, finish: Int32Array): void {
    const first = this.head(key, h);
    const slot = this.slot;
    let chain = 0;
    let reuse = -1;
    let previous = -1;
    for (let e = first; e !== 0; ) {
      const entry = e - 1;
      const after = this.next[entry];
      if (this.dominates(entry, t, finish)) return;
      if (this.replaces(entry, t, running, runningCount, finish)) {
        if (reuse < 0) {
          reuse = entry;
          previous = entry;
        } else {
          // Unlink a second dominated state; its space is not reused.
          this.next[previous] = after;
        }
      } else {
        previous = entry;
        chain++;
      }
      e = after;
    }
    if (reuse < 0 && (chain >= perKeyLimit || this.count >= this.maxEntries)) {
      if (this.count >= this.maxEntries) this.full = true;
      return;
    }
    this.reservePairs(runningCount);
    let entry = reuse;
    if (entry < 0) {
      this.reserve();
      entry = this.count++;
      this.next[entry] = first;
      this.hash[entry] = h;
      this.bits.set(key.subarray(0, this.words), entry * this.words);
      this.slots[slot] = entry + 1;
    }
    this.time[entry] = t;
    this.listStart[entry] = this.pairCount;
    this.listLength[entry] = runningCount;
    for (let i = 0; i < runningCount; i++) {
      this.pairs[this.pairCount++] = running[i];
      this.pairs[this.pairCount++] = finish[running[i]];
    }
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  private reserve(): void {
    if (this.count === this.next.length) {
      const size = Math.min(this.maxEntries, this.next.length * 2);
      this.next = grow(this.next, size);
      this.time = grow(this.time, size);
      this.hash = grow(this.hash, size);
      this.listStart = grow(this.listStart, size);
      this.listLength = grow(this.listLength, size);
      this.bits = grow(this.bits, size * this.words);
    }
  }

  private reservePairs(runningCount: number): void {
    if (this.pairCount + 2 * runningCount > this.pairs.length)
      this.pairs = grow(this.pairs, Math.max(this.pairs.length * 2, this.pairCount + 2 * runningCount));
  }

  /** Doubles the slot table; only chain heads sit in slots (an entry is a head when no other entry's next is it). */
  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.slots.length - 1;
    for (let s = 0; s < old.length; s++) {
      const entry = old[s];
      if (entry === 0) continue;
      let slot = this.hash[entry - 1] & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = entry;
    }
  }
}

function grow(array: Int32Array, size: number): Int32Array {
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}
