/**
 * Index sets of families: which key tuples exist and where each one sits.
 *
 * A dense index is the product of one domain per dimension (offset computed from
 * strides); a sparse index is an explicit list of tuples (found through nested maps,
 * one level per dimension, so no key strings are ever built).
 */
import { modelError } from '../errors.js';

/** One iterable of values per dimension of the key tuple `K`. */
export type Domains<K extends readonly unknown[]> = { readonly [I in keyof K]: Iterable<K[I]> };

/** Stands for "every value" in one dimension of a slice pattern: `x.sum(job, all)`. */
export const all: unique symbol = Symbol('all');

/** A key tuple in which any part may be `all`. */
export type Pattern<K extends readonly unknown[]> = { readonly [I in keyof K]: K[I] | typeof all };

export interface KeyIndex<K extends readonly unknown[]> {
  readonly size: number;
  readonly arity: number;
  /** Position of the key in 0..size-1, or -1 when the family has no such key. */
  offsetOf(key: readonly unknown[]): number;
  /** The key at a position. */
  keyAt(offset: number): K;
  /** Positions of every key matching the pattern, in index order. */
  matching(pattern: readonly unknown[]): ArrayLike<number>;
  /**
   * When the matching positions are first, first + stride, ... (a dense index with one
   * `all`), that arithmetic progression; otherwise undefined. Lets slice sums skip the list.
   */
  line?(pattern: readonly unknown[]): Line | undefined;
}

/** The positions first, first + stride, ..., first + (count - 1) * stride. */
export interface Line {
  first: number;
  stride: number;
  count: number;
}

function positions<T>(domain: readonly T[], family: string, dimension: number): Map<T, number> {
  const map = new Map<T, number>();
  domain.forEach((value, position) => {
    if (map.has(value))
      throw modelError(
        `family '${family}': value ${String(value)} appears twice in dimension ${dimension + 1} of its index`,
      );
    map.set(value, position);
  });
  return map;
}

/** The product domain[0] x domain[1] x ... in row-major order. */
export class DenseKeyIndex<K extends readonly unknown[]> implements KeyIndex<K> {
  readonly size: number;
  readonly arity: number;
  private readonly domains: unknown[][];
  private readonly lookup: Map<unknown, number>[];
  private readonly strides: number[];
  /** Per dimension: its domain is 0, 1, ..., n-1, so a value is its own position (no map lookup). */
  private readonly identity: boolean[];

  constructor(family: string, domains: Domains<K>) {
    this.domains = (domains as readonly Iterable<unknown>[]).map((domain) => [...domain]);
    this.arity = this.domains.length;
    this.lookup = this.domains.map((domain, d) => positions(domain, family, d));
    this.identity = this.domains.map((domain) => domain.every((value, position) => value === position));
    this.strides = new Array<number>(this.arity);
    let stride = 1;
    for (let d = this.arity - 1; d >= 0; d--) {
      this.strides[d] = stride;
      stride *= this.domains[d].length;
    }
    this.size = this.arity === 0 ? 0 : stride;
  }

  offsetOf(key: readonly unknown[]): number {
    if (key.length !== this.arity) return -1;
    let offset = 0;
    for (let d = 0; d < this.arity; d++) {
      const position = this.positionIn(d, key[d]);
      if (position === undefined) return -1;
      offset += position * this.strides[d];
    }
    return offset;
  }

  private positionIn(dimension: number, value: unknown): number | undefined {
    if (this.identity[dimension]) {
      return typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= 0 &&
        value < this.domains[dimension].length
        ? value
        : undefined;
    }
    return this.lookup[dimension].get(value);
  }

  /** Fixed parts add a constant; each `all` multiplies the list by its domain (row-major order kept). */
  matching(pattern: readonly unknown[]): Int32Array {
    if (pattern.length !== this.arity) return new Int32Array(0);
    let base = 0;
    for (let d = 0; d < this.arity; d++) {
      if (pattern[d] === all) continue;
      const position = this.lookup[d].get(pattern[d]);
      if (position === undefined) return new Int32Array(0);
      base += position * this.strides[d];
    }
    const free = pattern.filter((part) => part === all).length;
    if (free === 1) return this.lineOffsets(pattern.indexOf(all), base);
    let offsets = Int32Array.of(base);
    for (let d = 0; d < this.arity; d++) {
      if (pattern[d] !== all) continue;
      const size = this.domains[d].length;
      const stride = this.strides[d];
      const next = new Int32Array(offsets.length * size);
      for (let i = 0; i < offsets.length; i++)
        for (let p = 0; p < size; p++) next[i * size + p] = offsets[i] + p * stride;
      offsets = next;
    }
    return offsets;
  }

  line(pattern: readonly unknown[]): Line | undefined {
    if (pattern.length !== this.arity || pattern.filter((part) => part === all).length !== 1) return undefined;
    let first = 0;
    for (let d = 0; d < this.arity; d++) {
      if (pattern[d] === all) continue;
      const position = this.lookup[d].get(pattern[d]);
      if (position === undefined) return undefined;
      first += position * this.strides[d];
    }
    const d = pattern.indexOf(all);
    return { first, stride: this.strides[d], count: this.domains[d].length };
  }

  /** Offsets base + p * stride of dimension d: the common slice with one `all`, in one allocation. */
  private lineOffsets(d: number, base: number): Int32Array {
    const size = this.domains[d].length;
    const stride = this.strides[d];
    const offsets = new Int32Array(size);
    for (let p = 0; p < size; p++) offsets[p] = base + p * stride;
    return offsets;
  }

  keyAt(offset: number): K {
    const key = new Array<unknown>(this.arity);
    for (let d = 0; d < this.arity; d++) {
      const position = Math.floor(offset / this.strides[d]) % this.domains[d].length;
      key[d] = this.domains[d][position];
    }
    return key as unknown as K;
  }
}

type Trie = Map<unknown, Trie | number>;

/** An explicit list of key tuples, e.g. (job, time) only inside each job's time window. */
export class SparseKeyIndex<K extends readonly unknown[]> implements KeyIndex<K> {
  readonly size: number;
  readonly arity: number;
  private readonly keys: K[];
  private readonly trie: Trie = new Map();

  constructor(family: string, keys: Iterable<K>) {
    this.keys = [...keys].map((key) => [...key] as unknown as K);
    this.size = this.keys.length;
    this.arity = this.keys[0]?.length ?? 0;
    this.keys.forEach((key, offset) => this.insert(family, key, offset));
  }

  private insert(family: string, key: K, offset: number): void {
    if (key.length !== this.arity) {
      throw modelError(
        `family '${family}': key (${key.join(', ')}) has ${key.length} parts, the first key has ${this.arity}`,
      );
    }
    let node = this.trie;
    for (let d = 0; d < this.arity - 1; d++) {
      let next = node.get(key[d]) as Trie | undefined;
      if (next === undefined) node.set(key[d], (next = new Map()));
      node = next;
    }
    const last = key[this.arity - 1];
    if (node.has(last)) throw modelError(`family '${family}': key (${key.join(', ')}) is listed twice`);
    node.set(last, offset);
  }

  offsetOf(key: readonly unknown[]): number {
    if (key.length !== this.arity) return -1;
    let node: Trie | number | undefined = this.trie;
    for (let d = 0; d < this.arity && node instanceof Map; d++) node = node.get(key[d]);
    return typeof node === 'number' ? node : -1;
  }

  keyAt(offset: number): K {
    return this.keys[offset];
  }

  /** Walks the trie, branching on `all`: cost proportional to the keys visited. */
  matching(pattern: readonly unknown[]): number[] {
    const found: number[] = [];
    if (pattern.length !== this.arity) return found;
    const visit = (node: Trie | number, depth: number): void => {
      if (typeof node === 'number') return void found.push(node);
      if (pattern[depth] !== all) {
        const next = node.get(pattern[depth]);
        if (next !== undefined) visit(next, depth + 1);
        return;
      }
      for (const child of node.values()) visit(child, depth + 1);
    };
    visit(this.trie, 0);
    return found.sort((a, b) => a - b);
  }
}

/** `name(k1,k2,...)`: the readable name of a family member. */
export function memberName(family: string, key: readonly unknown[]): string {
  return `${family}(${key.map(String).join(',')})`;
}
