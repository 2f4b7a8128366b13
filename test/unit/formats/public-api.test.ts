/** The format functions are part of the public API, and their TSDoc examples hold. */
import { describe, expect, it } from 'vitest';
import {
  canonicalModel,
  formatFromFileName,
  readLp,
  readModelFile,
  readMps,
  writeLp,
  writeMps,
} from '../../../src/index.js';

describe('formats through the package index', () => {
  it('readMps: the example of its TSDoc', () => {
    const model = readMps(
      [
        'NAME demo',
        'ROWS',
        ' N cost',
        ' L lim',
        'COLUMNS',
        '    x cost 1 lim 1',
        'RHS',
        '    rhs lim 4',
        'BOUNDS',
        ' UP bnd x 3',
        'ENDATA',
      ].join('\n'),
    );
    expect([model.numRows, model.colUpper[0], model.rowUpper[0]]).toEqual([1, 3, 4]);
  });

  it('readLp: the example of its TSDoc', () => {
    const model = readLp('Maximize\n obj: 3 x + 2 y + 1\nSubject To\n c1: x + y <= 4\nBounds\n y free\nEnd');
    expect([model.sense, model.objectiveConstant, model.colLower[1]]).toEqual(['max', 1, -Infinity]);
  });

  it('writeLp and writeMps: the examples of their TSDoc', () => {
    const lp = writeLp(
      canonicalModel({
        colCost: [1, 2],
        colLower: [0, -Infinity],
        colUpper: [Infinity, Infinity],
        rowLower: [1],
        rowUpper: [5],
        rowStart: [0, 2],
        colIndex: [0, 1],
        value: [1, -1],
      }),
    );
    for (const piece of ['Minimize', ' obj: x0 + 2 x1', ' c0_lo: x0 - x1 >= 1', ' c0_hi: x0 - x1 <= 5', ' x1 free'])
      expect(lp).toContain(piece);
    const mps = writeMps(
      canonicalModel({
        sense: 'max',
        colCost: [1],
        colLower: [0],
        colUpper: [4],
        colInteger: [1],
        rowLower: [-Infinity],
        rowUpper: [3],
        rowStart: [0, 1],
        colIndex: [0],
        value: [2],
      }),
    );
    for (const piece of ['OBJSENSE', "'INTORG'", ' UP BND x0 4', ' LO BND x0 0']) expect(mps).toContain(piece);
  });

  it('readModelFile picks the format from the file name', () => {
    expect(formatFromFileName('models/afiro.MPS')).toBe('mps');
    expect(readModelFile('Minimize\n obj: x\nSubject To\n c: x >= 1\nEnd', undefined, 'tiny.lp').numRows).toBe(1);
  });
});
