import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalModel } from '../../../src/canonical/build.js';
import type { CanonicalModel } from '../../../src/canonical/canonical-model.js';
import { readLp, readMps, writeLp, writeMps } from '../../../src/formats/index.js';
import { arraysOf, readWithHighs } from './highs-oracle.js';

/**
 * Columns: free, fixed, negative range, [0, inf) integer, binary, [-inf, -2] integer,
 * an unused zero-cost column, and one with a negative upper bound and lower bound 0.
 * Rows: ranged (inexact ub - lb), equality, >=, <=, empty infeasible, free, empty <=.
 * (Finite values stay below 1e20, which HiGHS reads as infinite.)
 */
export const sample: CanonicalModel = canonicalModel({
  name: 'sample',
  sense: 'max',
  objectiveConstant: -3.25,
  objectiveName: 'profit',
  colCost: [0, 1.5, -2, 0, 7, 1e-7, 0, 3],
  colLower: [-Infinity, 3, -5, 0, 0, -Infinity, 0, 0],
  colUpper: [Infinity, 3, -1, Infinity, 1, -2, Infinity, -0.5],
  colInteger: [0, 0, 0, 1, 1, 1, 0, 0],
  rowLower: [0.1, 2, 1, -Infinity, 1, -Infinity, -Infinity],
  rowUpper: [0.3, 2, Infinity, 1e15, Infinity, Infinity, 0],
  rowStart: [0, 3, 4, 6, 8, 8, 9, 9],
  colIndex: [0, 4, 2, 1, 3, 0, 5, 2, 7],
  value: [1, -2.5, 0.1, 1, 3, -1, 4, 1, 2],
  colNames: ['free', 'fixed', 'neg', 'int', 'bin', 'negint', 'unused', 'negub'],
  rowNames: ['range', 'eq', 'ge', 'le', 'empty', 'freerow', 'emptyle'],
});

describe('writeMps then readMps', () => {
  const text = writeMps(sample);

  it('reproduces every array, the names and the objective constant exactly', () => {
    const back = readMps(text);
    expect(arraysOf(back)).toEqual(arraysOf(sample));
    // MPS is column-major, so within a row the entries come back in column order.
    expect([...back.rowStart]).toEqual([...sample.rowStart]);
    expect([back.name, back.objectiveName]).toEqual(['sample', 'profit']);
    // 'free', 'int' and 'bin' are LP keywords, so the model itself calls them '_free', '_int', '_bin'.
    expect(Array.from({ length: 8 }, (_, j) => back.colName(j))).toEqual([
      '_free',
      'fixed',
      'neg',
      '_int',
      '_bin',
      'negint',
      'unused',
      'negub',
    ]);
  });

  it('is read the same way by HiGHS 1.15', async () => {
    expect((await readWithHighs(text, 'mps')).arrays).toEqual(arraysOf(sample));
  });

  it('writes the sections the conventions call for', () => {
    expect(text).toContain('OBJSENSE\n    MAX');
    expect(text).toContain("'INTORG'");
    expect(text).toContain('    RHS profit 3.25');
    expect(text).toContain(' L freerow\n');
    expect(text).toContain('    RHS freerow 1e+30');
    expect(text).toMatch(/ UP BND negub -0\.5\n LO BND negub 0\n/);
    expect(text).toMatch(/ PL BND _int\n LO BND _int 0\n/);
    expect(text).toContain(' BV BND _bin');
    expect(text).toContain('    unused profit 0');
  });
});

describe('writeLp then readLp', () => {
  const text = writeLp(sample, { ranges: 'inline' });

  it("with ranges: 'inline' reproduces every array exactly", () => {
    const back = readLp(text);
    expect(arraysOf(back)).toEqual(arraysOf(sample));
    expect([...back.colIndex]).toEqual([...sample.colIndex]);
    expect([back.name, back.objectiveName]).toEqual(['sample', 'profit']);
  });

  it('gives every column and row the name the MPS writer gives it', () => {
    const viaLp = readLp(text);
    const viaMps = readMps(writeMps(sample));
    const names = (model: CanonicalModel) => ({
      cols: Array.from({ length: model.numCols }, (_, j) => model.colName(j)),
      rows: Array.from({ length: model.numRows }, (_, i) => model.rowName(i)),
    });
    expect(names(viaLp)).toEqual(names(viaMps));
    expect(names(viaLp)).toEqual(names(sample));
  });

  it("with ranges: 'inline' writes a ranged row as one, empty rows with a zero term, and the objective constant", () => {
    // 'free', 'int' and 'bin' are LP keywords, so the model itself calls them '_free', '_int', '_bin'.
    expect(text).toContain(' range: 0.1 <= _free - 2.5 _bin + 0.1 neg <= 0.3');
    expect(text).toContain(' empty: 0 _free >= 1');
    expect(text).toContain(' emptyle: 0 _free <= 0');
    expect(text).toContain(' freerow: 2 negub >= -1e+30');
    expect(text).toMatch(/ profit: 0 _free \+ 1\.5 fixed .* \+ 0 unused \+ 3 negub - 3\.25\n/);
    expect(text).toContain(' _free free');
    expect(text).toContain(' 0 <= negub <= -0.5');
    expect(text).toContain('Generals\n _int negint\nBinaries\n _bin');
  });

  it('by default splits a ranged row in two, which HiGHS 1.15 reads', async () => {
    const split = writeLp(sample);
    expect(split).toBe(writeLp(sample, { ranges: 'split' }));
    expect(split).not.toMatch(/^ \S+: .*<=.*<=/m);
    expect(split).toContain(' range_lo: _free - 2.5 _bin + 0.1 neg >= 0.1');
    const highs = await readWithHighs(split, 'lp');
    const expected = arraysOf(sample);
    expect(highs.arrays.rowLower).toEqual([0.1, -Infinity, ...expected.rowLower.slice(1)]);
    expect(highs.arrays.rowUpper).toEqual([Infinity, 0.3, ...expected.rowUpper.slice(1)]);
    expect(highs.arrays.colLower).toEqual(expected.colLower);
    expect(highs.arrays.offset).toBe(expected.offset);
    const back = readLp(split);
    expect([back.numRows, back.rowName(0), back.rowName(1)]).toEqual([sample.numRows + 1, 'range_lo', 'range_hi']);
  });

  it('wraps long rows under 255 characters', () => {
    const n = 400;
    const wide = canonicalModel({
      colCost: new Array(n).fill(1),
      colLower: new Array(n).fill(0),
      colUpper: new Array(n).fill(1),
      rowLower: [1],
      rowUpper: [Infinity],
      rowStart: [0, n],
      colIndex: Array.from({ length: n }, (_, j) => j),
      value: Array.from({ length: n }, (_, j) => j + 0.5),
      colNames: Array.from({ length: n }, (_, j) => `a_rather_long_variable_name_${j}`),
    });
    const lp = writeLp(wide);
    expect(Math.max(...lp.split('\n').map((line) => line.length))).toBeLessThan(255);
    expect(arraysOf(readLp(lp))).toEqual(arraysOf(wide));
  });

  it('makes names LP-safe and keeps them unique', () => {
    const odd = canonicalModel({
      colCost: [1, 1, 1],
      colLower: [0, 0, 0],
      colUpper: [1, 1, 1],
      rowLower: [0],
      rowUpper: [2],
      rowStart: [0, 3],
      colIndex: [0, 1, 2],
      value: [1, 1, 1],
      colNames: ['x-1', 'x_1', 'free'],
    });
    const back = readLp(writeLp(odd, { ranges: 'inline' }));
    expect([back.colName(0), back.colName(1), back.colName(2)]).toEqual(['x_1', 'x_1~2', '_free']);
    expect(arraysOf(back)).toEqual(arraysOf(odd));
  });
});

const dataDir = path.resolve(process.cwd(), '../shared/data/mps');
const files = existsSync(dataDir)
  ? readdirSync(dataDir)
      .filter((name) => name.endsWith('.mps'))
      .sort()
  : [];

describe.skipIf(files.length === 0)('shared MPS models through both writers', () => {
  it.each(files)('%s: MPS -> LP -> model and MPS -> MPS -> model are exact', async (name) => {
    const model = readMps(readFileSync(path.join(dataDir, name), 'utf8'));
    const expected = arraysOf(model);
    expect(arraysOf(readLp(writeLp(model, { ranges: 'inline' })))).toEqual(expected);
    expect(arraysOf(readMps(writeMps(model)))).toEqual(expected);
    expect((await readWithHighs(writeMps(model), 'mps')).arrays).toEqual(expected);
    // The default (portable) LP form is read by HiGHS, with the columns unchanged.
    const viaLp = (await readWithHighs(writeLp(model), 'lp')).arrays;
    expect([viaLp.colLower, viaLp.colUpper, viaLp.colCost]).toEqual([
      expected.colLower,
      expected.colUpper,
      expected.colCost,
    ]);
  });
});

describe('LP split ranges keep names unique', () => {
  it('renames a split half that another row already uses, and stays within 255 characters', () => {
    const long = 'r'.repeat(255);
    const text = writeLp({
      name: 'clash',
      sense: 'min',
      objectiveConstant: 0,
      objectiveName: 'obj',
      numCols: 1,
      numRows: 3,
      colCost: new Float64Array([1]),
      colLower: new Float64Array([0]),
      colUpper: new Float64Array([10]),
      colInteger: new Uint8Array([0]),
      rowLower: new Float64Array([1, -Infinity, 1]),
      rowUpper: new Float64Array([5, 4, 5]),
      rowStart: new Int32Array([0, 1, 2, 3]),
      colIndex: new Int32Array([0, 0, 0]),
      value: new Float64Array([1, 1, 1]),
      colName: () => 'x',
      rowName: (i) => ['c', 'c_lo', long][i],
    });
    const rowNames = [...text.matchAll(/^ (\S+): /gm)].map((match) => match[1]).filter((name) => name !== 'obj');
    expect(new Set(rowNames).size).toBe(rowNames.length);
    expect(rowNames).toContain('c_lo');
    expect(rowNames).toContain('c_lo~2');
    expect(Math.max(...rowNames.map((name) => name.length))).toBeLessThanOrEqual(255);
  });
});
