import { describe, expect, it } from 'vitest';
import { formatFromFileName, readLp, readModelFile } from '../../../src/formats/index.js';
import { errorOf } from '../../support/errors.js';

const handWritten = String.raw`\ A model typed by hand
maximize
  profit: 3x + 2 y - z + 0.5 x + 10 + 0 w + 0 v + 0 u
    + 0 t + 0 b
subject to
  cap: x + y <= 4
  - x + 2.5e-1 y >= -2
  mix: 2 x
       + 3 z = 6
  band: -1 <= x - y <= 5
  rev: 8 >= y + z >= 1
  lhs: 3 <= x + z
  k: x + y + 2 >= 3
  e: 0 x >= 1
bounds
  x <= 3
  -1 <= y <= 4
  z >= -infinity
  w free
  v = 2
  -inf <= u
  t >= -1e30
general
  y w
binary
  b
end
`;

describe('readLp on a hand-written file', () => {
  const model = readLp(handWritten, { fileName: 'hand.lp' });

  it('reads the sense, objective name, summed terms and constant', () => {
    expect(model.sense).toBe('max');
    expect(model.objectiveName).toBe('profit');
    expect(model.objectiveConstant).toBe(10);
    expect([...model.colCost.slice(0, 3)]).toEqual([3.5, 2, -1]);
  });

  it('reads every constraint form, with constants moved to the right', () => {
    const names = Array.from({ length: model.numRows }, (_, i) => model.rowName(i));
    expect(names).toEqual(['cap', 'c2', 'mix', 'band', 'rev', 'lhs', 'k', 'e']);
    expect([...model.rowLower]).toEqual([-Infinity, -2, 6, -1, 1, 3, 1, 1]);
    expect([...model.rowUpper]).toEqual([4, Infinity, 6, 5, 8, Infinity, Infinity, Infinity]);
    expect([...model.rowStart]).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 14]);
    expect([...model.value.slice(2, 6)]).toEqual([-1, 0.25, 2, 3]);
  });

  it('reads bounds, generals and binaries', () => {
    const columns = Array.from({ length: model.numCols }, (_, j) => [
      model.colName(j),
      model.colLower[j],
      model.colUpper[j],
      model.colInteger[j],
    ]);
    expect(columns).toEqual([
      ['x', 0, 3, 0],
      ['y', -1, 4, 1],
      ['z', -Infinity, Infinity, 0],
      ['w', -Infinity, Infinity, 1],
      ['v', 2, 2, 0],
      ['u', -Infinity, Infinity, 0],
      ['t', -Infinity, Infinity, 0],
      ['b', 0, 1, 1],
    ]);
  });
});

describe('readLp keyword variants', () => {
  it.each(['min', 'minimize', 'Minimum', 'MINIMISE'])('%s starts a minimization', (word) => {
    expect(readLp(`${word}\n x\nst\n x >= 1\nend`).sense).toBe('min');
  });

  it.each(['subject to', 'such that', 'st', 's.t.', 'ST.'])('"%s" starts the constraints', (word) => {
    expect(readLp(`max x\n${word}\n c: x <= 1\nend`).numRows).toBe(1);
  });

  it('reads a bare constant objective and the problem name comment', () => {
    const model = readLp('\\ Problem name: demo\nMinimize\n obj: 5\nSubject To\n c: x >= 1\nEnd');
    expect([model.name, model.objectiveConstant, model.numCols]).toEqual(['demo', 5, 1]);
  });
});

/** The error with which readLp refuses `text` (named bad.lp). */
const failure = (text: string) => errorOf(() => readLp(text, { fileName: 'bad.lp' }));

describe('readLp errors name the line and what was expected', () => {
  const cases: [string, string, number, RegExp][] = [
    ['no objective section', 'x + y\nEnd', 1, /expected 'Minimize' or 'Maximize'/],
    ['missing sense', 'min\n x\nst\n c: x + y\n d: x <= 1\nend', 5, /expected a sense .* of row 'c', found 'd'/],
    [
      'missing right-hand side',
      'min\n x\nst\n c: x + y <=\nbounds\n x <= 1\nend',
      4,
      /expected a number after '<=', found the end/,
    ],
    ['bad character', 'min\n x\nst\n c: x * y <= 1\nend', 4, /unexpected character '\*'/],
    ['quadratic term', 'min\n obj: [ x ^ 2 ]\nend', 2, /quadratic terms/],
    ['mixed ranged senses', 'min\n x\nst\n c: 1 <= x >= 0\nend', 4, /a second '<='/],
    ['bad bound', 'min\n x\nbounds\n x free 3\nend', 4, /expected '<=', '>=' or '=' after '3'/],
    ['bound without value', 'min\n x\nbounds\n x >=\nend', 4, /expected a number after '>='/],
    ['number in generals', 'min\n x\ngenerals\n x 3\nend', 4, /a variable name in the Generals section, found '3'/],
    [
      'sign without term',
      'min\n x + - \nst\n c: x >= 1\nend',
      2,
      /expected a number or a variable name after the sign/,
    ],
    ['unsupported section', 'min\n x\nsos\n s1: x:1\nend', 3, /the 'sos' section is not supported/],
  ];

  it.each(cases)('%s', (_, text, line, message) => {
    const error = failure(text);
    expect(error.kind).toBe('input');
    expect(error.location).toEqual({ file: 'bad.lp', line });
    expect(error.message).toMatch(message);
  });
});

describe('readLp refuses what it cannot read faithfully, at the line and column', () => {
  const cases: [string, string, number, number, RegExp][] = [
    [
      'an infinite coefficient',
      'min\n obj: x + 1e400 y\nst\n c: x + y >= 1\nend',
      2,
      11,
      /the number 1e400 is too large for a coefficient/,
    ],
    ['an infinite constant', 'min\n x\nst\n c: x + 1e30 >= 1\nend', 4, 9, /the number 1e30 is too large/],
    ['a row >= infinity', 'min\n x\nst\n c1: x >= infinity\nend', 4, 2, /row 'c1' has the lower bound \+infinity/],
    ['an unnamed row <= -inf', 'min\n x\nst\n x <= -inf\nend', 4, 2, /row 'c1' has the upper bound -infinity/],
    ['a bound x >= inf', 'min\n x\nbounds\n x >= inf\nend', 4, 2, /column 'x' has the lower bound \+infinity/],
    [
      'an unknown name in Bounds',
      'min\n x\nbounds\n x <= 1\n -1 <= yy <= 4\nend',
      5,
      8,
      /'yy' in Bounds is not a variable of the objective or the constraints/,
    ],
    ['an unknown name in Generals', 'min\n x\nst\n c: x >= 1\ngenerals\n x z\nend', 6, 4, /'z' in Generals/],
    ['an unknown name in Binaries', 'min\n x\nbinaries\n   b\nend', 4, 4, /'b' in Binaries/],
    [
      'a second row of one name',
      'min\n x\nst\n c: x >= 1\n d: x <= 3\n c: x <= 2\nend',
      6,
      2,
      /a second row named 'c' \(the first is on line 4\)/,
    ],
  ];

  it.each(cases)('%s', (_, text, line, column, message) => {
    const error = failure(text);
    expect(error.kind).toBe('input');
    expect(error.location).toEqual({ file: 'bad.lp', line, column });
    expect(error.message).toMatch(message);
  });

  it('still reads a variable named only in the objective with a zero coefficient, then bounded', () => {
    const model = readLp('min\n obj: x + 0 z\nst\n c: x >= 1\nbounds\n z <= 4\ngenerals\n z\nend');
    expect([model.numCols, model.colUpper[1], model.colInteger[1]]).toEqual([2, 4, 1]);
  });
});

describe('formatFromFileName and readModelFile', () => {
  it('maps extensions to formats', () => {
    expect(['a.lp', 'b.MPS', 'c/d.mps', 'e.json', 'f.mps.gz'].map(formatFromFileName)).toEqual([
      'lp',
      'mps',
      'mps',
      undefined,
      undefined,
    ]);
  });

  it('reads by extension or explicit format and rejects unknown names', () => {
    const lp = 'Minimize\n obj: x\nSubject To\n c: x >= 1\nEnd';
    expect(readModelFile(lp, undefined, 'tiny.lp').numRows).toBe(1);
    expect(readModelFile('NAME\nROWS\n N obj\nENDATA\n', 'mps').numCols).toBe(0);
    expect(() => readModelFile(lp, undefined, 'tiny.txt')).toThrow(/use a \.lp or \.mps file name/);
  });
});
