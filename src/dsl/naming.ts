/**
 * Which name belongs to which column or row, kept as ranges (one record per family)
 * rather than one string per entity: names are produced only when asked for.
 */
import { modelError } from '../errors.js';
import type { KeyIndex } from './keys.js';
import { memberName } from './keys.js';

interface FamilyRange {
  name: string;
  start: number;
  count: number;
  index: KeyIndex<readonly unknown[]>;
  /** For families that skipped keys: key offset of each member, by member position. */
  keyOffsets?: number[];
}

export class NameTable {
  private readonly singles = new Map<number, string>();
  private readonly ranges: FamilyRange[] = [];
  private readonly taken = new Set<string>();

  constructor(
    private readonly kind: 'variable' | 'constraint',
    private readonly prefix: string,
  ) {}

  /** Reserve a name for a single entity or a whole family; a name is used once per model. */
  claim(name: string): void {
    if (this.taken.has(name)) {
      throw modelError(
        `a ${this.kind} or ${this.kind} family named '${name}' already exists in this model; choose another name`,
      );
    }
    this.taken.add(name);
  }

  /** Give entity `index` a name already claimed with `claim`. */
  nameSingle(index: number, name: string): void {
    this.singles.set(index, name);
  }

  /** Give a name back (a family whose building failed). */
  release(name: string): void {
    this.taken.delete(name);
  }

  /** Record that entities start..start+count-1 are the members of a family. */
  addRange(
    name: string,
    start: number,
    count: number,
    index: KeyIndex<readonly unknown[]>,
    keyOffsets?: number[],
  ): void {
    if (count > 0) this.insertRange({ name, start, count, index, ...(keyOffsets ? { keyOffsets } : {}) });
  }

  /**
   * Record the members of a family whose entities need not be contiguous: a builder
   * that calls a helper (maxOf, indicator, ...) puts the helper's rows between the
   * family's own. `entities[k]` is the entity of the member at key offset `keyOffsets[k]`.
   */
  addMembers(
    name: string,
    entities: readonly number[],
    index: KeyIndex<readonly unknown[]>,
    keyOffsets: readonly number[],
  ): void {
    let run = 0;
    for (let k = 1; k <= entities.length; k++) {
      if (k < entities.length && entities[k] === entities[k - 1] + 1) continue;
      this.addRange(name, entities[run], k - run, index, keyOffsets.slice(run, k));
      run = k;
    }
  }

  /** Keep `ranges` sorted by start (a family built inside another's builder ends first). */
  private insertRange(range: FamilyRange): void {
    let position = this.ranges.length;
    while (position > 0 && this.ranges[position - 1].start > range.start) position--;
    this.ranges.splice(position, 0, range);
  }

  nameOf(index: number): string {
    const single = this.singles.get(index);
    if (single !== undefined) return single;
    const range = this.rangeOf(index);
    if (range === undefined) return `${this.prefix}${index}`;
    const position = index - range.start;
    const keyOffset = range.keyOffsets ? range.keyOffsets[position] : position;
    return memberName(range.name, range.index.keyAt(keyOffset) as unknown[]);
  }

  /** Binary search: ranges are appended in increasing `start` order. */
  private rangeOf(index: number): FamilyRange | undefined {
    let low = 0;
    let high = this.ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const range = this.ranges[middle];
      if (index < range.start) high = middle - 1;
      else if (index >= range.start + range.count) low = middle + 1;
      else return range;
    }
    return undefined;
  }
}
