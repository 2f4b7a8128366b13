/**
 * Typed arrays that grow by doubling, so that appending n numbers costs O(n) in all,
 * with no boxed JS numbers held per element.
 */
const emptyFloat64 = new Float64Array(0);
const emptyInt32 = new Int32Array(0);
const emptyUint8 = new Uint8Array(0);
const makeFloat64 = (size: number) => new Float64Array(size);
const makeInt32 = (size: number) => new Int32Array(size);
const makeUint8 = (size: number) => new Uint8Array(size);

abstract class Growable<A extends Float64Array | Int32Array | Uint8Array> {
  protected data: A;
  length = 0;

  /**
   * `capacity` 0 allocates nothing until the first append: it starts on a shared
   * zero-length array (making a typed array costs about a microsecond, and a model
   * makes an expression per row).
   */
  constructor(
    capacity: number,
    private readonly allocate: (capacity: number) => A,
    /** A zero-length array shared by every empty instance (nothing can be written to it). */
    empty: A,
  ) {
    this.data = capacity === 0 ? empty : allocate(Math.max(16, capacity));
  }

  /** Append one value. */
  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  /** Take `values` as the backing array (no copy); the caller must not use it afterwards. */
  adopt(values: A): void {
    this.data = values;
    this.length = values.length;
  }

  /** Append `count` copies of `value`. */
  pushRepeated(value: number, count: number): void {
    this.reserve(this.length + count);
    this.data.fill(value, this.length, this.length + count);
    this.length += count;
  }

  /** Make room for at least `capacity` values. */
  reserve(capacity: number): void {
    if (capacity > this.data.length) this.grow(capacity);
  }

  get(index: number): number {
    return this.data[index];
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** Reallocate to the length (plus a little) when the capacity exceeds `factor` times it. */
  shrinkIfOver(factor: number): void {
    const keep = Math.max(16, this.length * 1.25);
    if (this.data.length <= factor * keep) return;
    const next = this.allocate(Math.ceil(keep));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  /** Shrink to `length` values, keeping the first ones. */
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  /**
   * The backing array with room for `extra` more values, for hot loops that write
   * directly; call `setLength` afterwards with the number of values now held.
   */
  room(extra: number): A {
    this.reserve(this.length + extra);
    return this.data;
  }

  setLength(length: number): void {
    this.length = length;
  }

  /** Bytes held, including room not yet used. */
  get byteCapacity(): number {
    return this.data.byteLength;
  }

  /** The values as a view (no copy); valid until the next append. */
  view(): A {
    // A full array (adopted, or grown to the exact length) is its own view: no allocation.
    return this.length === this.data.length ? this.data : (this.data.subarray(0, this.length) as A);
  }

  /** Append all of `values` in one copy. */
  pushAll(values: ArrayLike<number>): void {
    this.reserve(this.length + values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }

  /** A copy of the values, trimmed to length. */
  toArray(): A {
    return this.data.slice(0, this.length) as A;
  }

  private grow(minimum: number): void {
    const next = this.allocate(Math.max(minimum, this.data.length * 2, 16));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

export class GrowableFloat64 extends Growable<Float64Array> {
  constructor(capacity = 16) {
    super(capacity, makeFloat64, emptyFloat64);
  }
}

export class GrowableInt32 extends Growable<Int32Array> {
  constructor(capacity = 16) {
    super(capacity, makeInt32, emptyInt32);
  }
}

export class GrowableUint8 extends Growable<Uint8Array> {
  constructor(capacity = 16) {
    super(capacity, makeUint8, emptyUint8);
  }
}
