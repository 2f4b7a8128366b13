import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchedlabError } from '../../../src/errors.js';
import { readMps } from '../../../src/formats/index.js';
import { arraysOf, readWithHighs } from './highs-oracle.js';

const dataDir = path.resolve(process.cwd(), '../shared/data/mps');
const haveData = existsSync(dataDir);
if (!haveData) console.log(`skipping shared MPS tests: ${dataDir} not found`);
const files = haveData
  ? readdirSync(dataDir)
      .filter((name) => name.endsWith('.mps'))
      .sort()
  : [];
const read = (name: string) => readMps(readFileSync(path.join(dataDir, name), 'utf8'), { fileName: name });

describe.skipIf(!haveData)('shared MPS files', () => {
  it.each(files)('%s reads exactly as HiGHS 1.15 reads it', async (name) => {
    const text = readFileSync(path.join(dataDir, name), 'utf8');
    const model = readMps(text, { fileName: name });
    const highs = await readWithHighs(text, 'mps');
    expect(arraysOf(model)).toEqual(highs.arrays);
  });

  it('has the dimensions of afiro, small_mip and e226', () => {
    const afiro = read('afiro.mps');
    expect([afiro.numRows, afiro.numCols, afiro.rowStart[afiro.numRows]]).toEqual([27, 32, 83]);
    expect(afiro.objectiveName).toBe('COST');
    expect(afiro.colName(0)).toBe('X01');
    expect(afiro.rowName(0)).toBe('R09');
    const e226 = read('e226.mps');
    expect([e226.numRows, e226.numCols]).toEqual([223, 282]);
  });

  it('takes the objective constant of e226 as the negated RHS of the objective row', () => {
    expect(read('e226.mps').objectiveConstant).toBe(7.113);
  });

  it('reads small_mip RANGES on G and L rows and its MARKER integers as binary', () => {
    const model = read('small_mip.mps');
    expect([...model.rowLower]).toEqual([2.5, -Infinity, 4, 1.8, 3]);
    expect([...model.rowUpper]).toEqual([Infinity, 2.1, 4, 5, 15]);
    expect([...model.colInteger]).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    expect([model.colUpper[2], model.colUpper[3]]).toEqual([1, 1]);
  });
});

const free = `NAME          free example
OBJSENSE
    MAX
ROWS
 N  profit
 E  eqpos
 E  eqneg
 E  eqzero
 L  le
 G  ge
 N  spare
COLUMNS
    MARK0 'MARKER' 'INTORG'
    a  profit 1  eqpos 1
    a  le 2
    MARK1 'MARKER' 'INTEND'
    b  profit 2  eqneg 1
    b  eqzero 1  ge 3
    b  spare 7
    c  profit -1  le 1
    d  ge 1
    e  profit 1
    f  profit 1
    g  profit 1
    h  profit 1
    i  profit 1
    k  profit 1
    m  profit 1
RHS
    RHS  eqpos 4  eqneg 6
    RHS  eqzero 5  le 10
    RHS  ge -2  profit 2.5
    RHS  spare 99
RANGES
    RNG  eqpos 3  eqneg -3
    RNG  le -4  ge -5
BOUNDS
 UP BND c -3
 LO BND d -1
 UP BND d -0.5
 FX BND e 2.5
 FR BND f
 MI BND g
 PL BND h
 BV BND i
 LI BND k 2
 UI BND k 9
 UI BND m -4
ENDATA
`;

describe('readMps on a free-format file with every section', () => {
  const model = readMps(free);

  it('reads the name, OBJSENSE on the next line, and the objective constant', () => {
    expect(model.name).toBe('free example');
    expect(model.sense).toBe('max');
    expect(model.objectiveName).toBe('profit');
    expect(model.objectiveConstant).toBe(-2.5);
  });

  it('drops later N rows and reads RANGES by row type and sign', () => {
    expect(model.numRows).toBe(5);
    expect([...model.rowLower]).toEqual([4, 3, 5, 6, -2]);
    expect([...model.rowUpper]).toEqual([7, 6, 5, 10, 3]);
  });

  it('reads each bound type, including negative UP and the marker default', () => {
    const bounds = Array.from({ length: model.numCols }, (_, j) => [
      model.colName(j),
      model.colLower[j],
      model.colUpper[j],
      model.colInteger[j],
    ]);
    expect(bounds).toEqual([
      ['a', 0, 1, 1],
      ['b', 0, Infinity, 0],
      ['c', -Infinity, -3, 0],
      ['d', -1, -0.5, 0],
      ['e', 2.5, 2.5, 0],
      ['f', -Infinity, Infinity, 0],
      ['g', -Infinity, Infinity, 0],
      ['h', 0, Infinity, 0],
      ['i', 0, 1, 1],
      ['k', 2, 9, 1],
      ['m', -Infinity, -4, 1],
    ]);
  });

  it('builds the matrix row by row with the file names', () => {
    expect([...model.rowStart]).toEqual([0, 1, 2, 3, 5, 7]);
    expect([...model.colIndex]).toEqual([0, 1, 1, 0, 2, 1, 3]);
    expect([...model.value]).toEqual([1, 1, 1, 2, 1, 3, 1]);
    expect(model.rowName(3)).toBe('le');
  });
});

/** A fixed-format card: fields start in columns 2, 5, 15, 25, 40 and 50. */
function card(...fields: string[]): string {
  const starts = [1, 4, 14, 24, 39, 49];
  let line = '';
  fields.forEach((field, index) => {
    line = line.padEnd(starts[index]) + field;
  });
  return line;
}

describe('readMps on fixed-format files', () => {
  const fixed = [
    'NAME          FIXED',
    'OBJSENSE    MAXIMIZE',
    'ROWS',
    card('N', 'COST'),
    card('L', 'LIM 1'),
    card('G', 'LIM 2'),
    'COLUMNS',
    card('', 'MARKER', "'MARKER'", '', "'INTORG'"),
    card('', 'X ONE', 'COST', '1.0', 'LIM 1', '1.0'),
    card('', 'MARKER', "'MARKER'", '', "'INTEND'"),
    card('', 'Y TWO', 'COST', '2.0', 'LIM 2', '1.0'),
    'RHS',
    card('', 'RHS', 'LIM 1', '4.0', 'LIM 2', '1.0'),
    'RANGES',
    card('', 'RNG', 'LIM 1', '2.5'),
    'BOUNDS',
    card('UP', 'BND', 'X ONE', '3.0'),
    card('MI', 'BND', 'Y TWO'),
    'ENDATA',
  ].join('\n');

  it('reads names with spaces from the card columns and OBJSENSE on the header line', () => {
    const model = readMps(fixed);
    expect(model.sense).toBe('max');
    expect([model.colName(0), model.colName(1), model.rowName(0)]).toEqual(['X_ONE', 'Y_TWO', 'LIM_1']);
    expect([...model.rowLower]).toEqual([1.5, 1]);
    expect([...model.rowUpper]).toEqual([4, Infinity]);
    expect([...model.colLower]).toEqual([0, -Infinity]);
    expect([...model.colUpper]).toEqual([3, Infinity]);
    expect([...model.colInteger]).toEqual([1, 0]);
  });
});

const base = ['NAME bad', 'ROWS', ' N obj', ' L r1', 'COLUMNS', '    x obj 1 r1 2', 'RHS', '    rhs r1 4'];
const withBounds = (line: string) => [...base, 'BOUNDS', line, 'ENDATA'].join('\n');

describe('readMps errors name the line and what was expected', () => {
  const cases: [string, string, number, RegExp][] = [
    [
      'bad bound type',
      withBounds(' XX BND x 1'),
      10,
      /expected a bound type \(UP, LO, FX, FR, MI, PL, BV, LI, UI\), found 'XX'/,
    ],
    ['semi-continuous bound', withBounds(' SC BND x 1'), 10, /semi-continuous/],
    ['bound on unknown column', withBounds(' UP BND y 1'), 10, /unknown column 'y'/],
    [
      'bound value not a number',
      withBounds(' UP BND x abc'),
      10,
      /expected a number for the UP bound of 'x', found 'abc'/,
    ],
    [
      'bad row type',
      ['NAME t', 'ROWS', ' Q r1', 'ENDATA'].join('\n'),
      3,
      /expected a row type \(N, L, G, E\), found 'Q'/,
    ],
    [
      'unknown row in COLUMNS',
      ['NAME t', 'ROWS', ' N obj', 'COLUMNS', '    x obj 1 r9 2', 'ENDATA'].join('\n'),
      5,
      /unknown row 'r9'/,
    ],
    [
      'bad coefficient',
      ['NAME t', 'ROWS', ' N obj', 'COLUMNS', '    x obj one', 'ENDATA'].join('\n'),
      5,
      /expected a number for the coefficient of 'x' in row 'obj', found 'one'/,
    ],
    ['unknown section', ['NAME t', 'ROWZ', 'ENDATA'].join('\n'), 2, /expected a section header .* found 'ROWZ'/],
    [
      'bad marker',
      ['NAME t', 'ROWS', ' N obj', 'COLUMNS', "    m 'MARKER' 'INTBEGIN'", 'ENDATA'].join('\n'),
      5,
      /expected 'INTORG' or 'INTEND'/,
    ],
    ['bad sense', ['NAME t', 'OBJSENSE', '    UP', 'ROWS', 'ENDATA'].join('\n'), 3, /expected an objective sense/],
    ['duplicate row', ['NAME t', 'ROWS', ' L r', ' G r', 'ENDATA'].join('\n'), 4, /row 'r' is declared twice/],
    [
      'duplicate coefficient',
      [...base.slice(0, 6), '    x r1 3', 'ENDATA'].join('\n'),
      7,
      /second coefficient in row 'r1' \(first on line 6\)/,
    ],
    ['duplicate cost', [...base.slice(0, 6), '    x obj 3', 'ENDATA'].join('\n'), 7, /second objective coefficient/],
    ['missing ENDATA', base.join('\n'), 8, /expected ENDATA/],
    ['data before a section', '    x obj 1\nENDATA', 1, /expected a section header such as NAME or ROWS/],
    // A second COLUMNS after BOUNDS would add columns no bound was meant for.
    [
      'COLUMNS again after BOUNDS',
      [...base, 'BOUNDS', ' UP BND x 1', 'COLUMNS', '    y obj 1', 'ENDATA'].join('\n'),
      11,
      /a second COLUMNS section \(the first began at line 5\); expected more BOUNDS data, ENDATA/,
    ],
    [
      'ROWS after COLUMNS',
      ['NAME t', 'ROWS', ' N obj', 'COLUMNS', '    x obj 1', 'ROWS', ' L r2', 'ENDATA'].join('\n'),
      6,
      /a second ROWS section \(the first began at line 2\)/,
    ],
    [
      'RHS after BOUNDS',
      [...base.slice(0, 6), 'BOUNDS', ' UP BND x 1', 'RHS', '    rhs r1 4', 'ENDATA'].join('\n'),
      9,
      /the RHS section comes after BOUNDS \(line 7\), but must come before it; expected more BOUNDS data, ENDATA/,
    ],
    [
      'RANGES before RHS',
      [...base.slice(0, 6), 'RANGES', '    rng r1 2', 'RHS', '    rhs r1 4', 'ENDATA'].join('\n'),
      9,
      /the RHS section comes after RANGES \(line 7\).*expected more RANGES data, BOUNDS, ENDATA/,
    ],
    // A bound no value meets is refused at the line that set it; HiGHS would refuse the model with status -1.
    [
      'a G row with right-hand side +infinity',
      ['NAME t', 'ROWS', ' N obj', ' G r1', 'COLUMNS', '    x obj 1 r1 2', 'RHS', '    rhs r1 1e30', 'ENDATA'].join(
        '\n',
      ),
      8,
      /row 'r1' has the lower bound \+infinity, which no value meets/,
    ],
    ['an upper bound of -infinity', withBounds(' UP BND x -inf'), 10, /column 'x' has the upper bound -infinity/],
    ['a lower bound of +infinity', withBounds(' LO BND x 1e31'), 10, /column 'x' has the lower bound \+infinity/],
    [
      'an infinite objective constant',
      [...base.slice(0, 7), '    rhs obj inf', 'ENDATA'].join('\n'),
      8,
      /must be finite/,
    ],
    [
      'a second OBJSENSE',
      ['NAME t', 'OBJSENSE', '    MAX', 'ROWS', ' N obj', 'OBJSENSE', '    MIN', 'ENDATA'].join('\n'),
      6,
      /a second OBJSENSE section \(the first began at line 2\)/,
    ],
  ];

  it.each(cases)('%s', (_, text, line, message) => {
    const error = (() => {
      try {
        readMps(text, { fileName: 'bad.mps' });
      } catch (caught) {
        return caught;
      }
      throw new Error('expected readMps to fail');
    })();
    expect(error).toBeInstanceOf(SchedlabError);
    const schedlab = error as SchedlabError;
    expect(schedlab.kind).toBe('input');
    expect(schedlab.location).toEqual({ file: 'bad.mps', line });
    expect(schedlab.message).toMatch(message);
    expect(schedlab.describe()).toMatch(new RegExp(`^bad\\.mps:${line}: `));
  });
});
