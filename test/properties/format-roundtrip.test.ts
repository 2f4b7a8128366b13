/**
 * Property: for any small model, writing it as MPS or LP and reading it back gives the same
 * model, array for array (rows compared as sets of (column, value), since MPS is column-major),
 * with the same column and row names in either format. Names are drawn to include LP
 * keywords, characters neither format allows, and clashes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalModel } from '../../src/canonical/build.js';
import type { CanonicalModel } from '../../src/canonical/canonical-model.js';
import { readLp, readMps, writeLp, writeMps } from '../../src/formats/index.js';
import { arraysOf } from '../unit/formats/highs-oracle.js';

// Doubles of every scale, but not -0 (which files print as 0) and not >= 1e30 (read as infinite).
const finite = fc.oneof(
  fc.integer({ min: -20, max: 20 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
);
const nonzero = finite.filter((x) => x !== 0);

/** An interval: free, one-sided, fixed, or two-sided with lower < upper. */
const interval = fc.tuple(finite, finite, fc.integer({ min: 0, max: 4 })).map(([a, b, kind]): [number, number] => {
  const [low, high] = a <= b ? [a, b] : [b, a];
  return [
    [-Infinity, Infinity],
    [low, Infinity],
    [-Infinity, high],
    [low, low],
    low === high ? [low, Infinity] : [low, high],
  ][kind] as [number, number];
});

/** Raw names: plain ones, LP keywords in any case, characters to sanitize, and repeats. */
const rawName = fc.oneof(
  fc.constantFrom(
    'x',
    'y',
    'free',
    'ST',
    'int',
    'Bin',
    'end',
    'inf',
    'e1',
    '2nd',
    'a b',
    'x-1',
    'x_1',
    'obj',
    'r[0]',
    '',
  ),
  fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/),
);

/** The model's column and row names, in order. */
function namesOf(model: CanonicalModel): { cols: string[]; rows: string[] } {
  return {
    cols: Array.from({ length: model.numCols }, (_, j) => model.colName(j)),
    rows: Array.from({ length: model.numRows }, (_, i) => model.rowName(i)),
  };
}

const modelArbitrary = fc
  .record({ numCols: fc.integer({ min: 0, max: 6 }), numRows: fc.integer({ min: 0, max: 5 }) })
  .chain(({ numCols, numRows }) =>
    fc.record({
      sense: fc.constantFrom('min' as const, 'max' as const),
      constant: finite,
      costs: fc.array(fc.oneof(fc.constant(0), nonzero), { minLength: numCols, maxLength: numCols }),
      colBounds: fc.array(interval, { minLength: numCols, maxLength: numCols }),
      integer: fc.array(fc.boolean(), { minLength: numCols, maxLength: numCols }),
      rowBounds: fc.array(interval, { minLength: numRows, maxLength: numRows }),
      rows: fc.array(
        fc.array(fc.tuple(fc.integer({ min: 0, max: Math.max(numCols - 1, 0) }), nonzero), { maxLength: numCols }),
        {
          minLength: numRows,
          maxLength: numRows,
        },
      ),
      numCols: fc.constant(numCols),
      colNames: fc.array(rawName, { minLength: numCols, maxLength: numCols }),
      rowNames: fc.array(rawName, { minLength: numRows, maxLength: numRows }),
    }),
  )
  .map((draw): CanonicalModel => {
    const rowStart = [0];
    const colIndex: number[] = [];
    const value: number[] = [];
    for (const row of draw.rows) {
      const seen = new Set<number>();
      for (const [j, coefficient] of row) {
        if (draw.numCols === 0 || seen.has(j)) continue;
        seen.add(j);
        colIndex.push(j);
        value.push(coefficient);
      }
      rowStart.push(colIndex.length);
    }
    return canonicalModel({
      sense: draw.sense,
      objectiveConstant: draw.constant,
      colCost: draw.costs,
      colLower: draw.colBounds.map((b) => b[0]),
      colUpper: draw.colBounds.map((b) => b[1]),
      colInteger: draw.integer,
      rowLower: draw.rowBounds.map((b) => b[0]),
      rowUpper: draw.rowBounds.map((b) => b[1]),
      rowStart,
      colIndex,
      value,
      colNames: draw.colNames,
      rowNames: draw.rowNames,
    });
  });

describe('format round trips on random models', () => {
  it('readMps(writeMps(m)) equals m (ranged rows to the last few bits)', () => {
    fc.assert(
      fc.property(modelArbitrary, (model) => {
        const back = arraysOf(readMps(writeMps(model)));
        const expected = arraysOf(model);
        // A RANGES value R gives the second bound as rhs -/+ R, which some bound pairs cannot
        // hit exactly in double arithmetic; everything else must be bit for bit.
        for (const side of ['rowLower', 'rowUpper'] as const) {
          back[side].forEach((bound, i) => {
            const scale = Math.max(Math.abs(expected.rowLower[i]), Math.abs(expected.rowUpper[i]));
            if (Number.isFinite(scale) && Math.abs(bound - expected[side][i]) <= 8 * Number.EPSILON * scale)
              back[side][i] = expected[side][i];
          });
        }
        expect(back).toEqual(expected);
        expect(namesOf(readMps(writeMps(model)))).toEqual(namesOf(model));
      }),
      { numRuns: 300, seed: Number(process.env.FC_SEED ?? Date.now()) },
    );
  });

  it("readLp(writeLp(m, { ranges: 'inline' })) equals m, including the order of entries and the names", () => {
    fc.assert(
      fc.property(modelArbitrary, (model) => {
        const back = readLp(writeLp(model, { ranges: 'inline' }));
        expect(arraysOf(back)).toEqual(arraysOf(model));
        expect([...back.colIndex]).toEqual([...model.colIndex]);
        expect(namesOf(back)).toEqual(namesOf(model));
      }),
      { numRuns: 300, seed: Number(process.env.FC_SEED ?? Date.now()) },
    );
  });

  it('the default LP form keeps every column and its name, and splits only ranged rows', () => {
    fc.assert(
      fc.property(modelArbitrary, (model) => {
        const back = readLp(writeLp(model));
        const ranged = Array.from({ length: model.numRows }, (_, i) => i).filter((i) => {
          const [lower, upper] = [model.rowLower[i], model.rowUpper[i]];
          return lower !== upper && lower > -Infinity && upper < Infinity;
        });
        expect(back.numRows).toBe(model.numRows + ranged.length);
        const columns = (m: CanonicalModel) => ({
          ...namesOf(m),
          rows: [],
          cost: [...m.colCost],
          lower: [...m.colLower],
          upper: [...m.colUpper],
        });
        expect(columns(back)).toEqual(columns(model));
      }),
      { numRuns: 200, seed: Number(process.env.FC_SEED ?? Date.now()) },
    );
  });
});
