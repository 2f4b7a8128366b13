import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  indexJsonText,
  loadReferences,
  lookupReference,
  readIndexJson,
  readOptimumCsv,
  sharedDataRoot,
  whyReadOnly,
} from '../../src/bench/references.js';
import { ref, tempFolder } from './helpers.js';
import { errorOf } from '../support/errors.js';

const csv = 'problem,optimum\nj601_1.sm,77\nj609_1.sm,82..87\n';

describe('optimum.csv', () => {
  it('reads a proven optimum and an open lb..ub row (minimization)', () => {
    const values = readOptimumCsv(csv, 'optimum.csv');
    expect(values['j601_1.sm']).toBe(values.j601_1);
    expect(values.j601_1).toEqual({ bestObjective: 77, bestBound: 77, proven: true, method: 'optimum.csv', date: '' });
    expect(values.j609_1).toEqual({ bestObjective: 87, bestBound: 82, proven: false, method: 'optimum.csv', date: '' });
  });

  it('reads a row with an unknown bound (..ub)', () => {
    expect(readOptimumCsv('problem,optimum\nj6042_1.sm,..83\n', 'optimum.csv').j6042_1).toMatchObject({
      bestObjective: 83,
      bestBound: null,
      proven: false,
    });
  });

  it('reads lb..ub the other way round for a maximization', () => {
    expect(readOptimumCsv('problem,optimum\nk3,15..17\n', 'o.csv', 'max').k3).toMatchObject({
      bestObjective: 15,
      bestBound: 17,
      proven: false,
    });
  });

  it('names the file and line of a bad row', () => {
    const error = errorOf(() =>
      readOptimumCsv('problem,optimum\nj601_1.sm,77\nj601_2.sm,seventy\n', 'data/optimum.csv'),
    );
    expect(error.describe()).toMatch(/^data\/optimum\.csv:3: .*seventy/);
  });

  it('reads the shared PSPLIB j60 file when it is there', () => {
    const folder = join(sharedDataRoot, 'data/psplib/j60');
    const set = loadReferences(folder);
    if (set.source === 'none') return; // The shared data is optional.
    expect(set.source).toBe('optimum.csv');
    expect(lookupReference(set, 'j609_1')).toMatchObject({ bestObjective: 87, bestBound: 82, proven: false });
    expect(whyReadOnly(folder)).toBeDefined();
  });
});

describe('index.json', () => {
  it('round-trips through indexJsonText, sorted by name', () => {
    const index = { k10: ref(3), k2: ref(9, true) };
    const text = indexJsonText(index);
    expect(Object.keys(JSON.parse(text))).toEqual(['k2', 'k10']);
    expect(readIndexJson(text, 'index.json')).toEqual(index);
  });

  it('names the file and the entry of a malformed reference', () => {
    const error = errorOf(() =>
      readIndexJson(
        '{"k1":{"bestObjective":"18","bestBound":null,"proven":true,"method":"x","date":""}}',
        'set/index.json',
      ),
    );
    expect(error.describe()).toMatch(/^set\/index\.json \(at k1\.bestObjective\)/);
  });

  it('is preferred to optimum.csv; a folder with neither has no references', () => {
    const folder = tempFolder();
    expect(loadReferences(folder).source).toBe('none');
    writeFileSync(join(folder, 'optimum.csv'), csv);
    expect(loadReferences(folder).source).toBe('optimum.csv');
    writeFileSync(join(folder, 'index.json'), JSON.stringify({ j601_1: ref(76, true) }));
    const set = loadReferences(folder);
    expect(set.source).toBe('index.json');
    expect(lookupReference(set, 'j601_1')?.bestObjective).toBe(76);
  });
});

describe('whyReadOnly', () => {
  it('refuses optimum.csv sources and protected roots, allows a plain writable folder', () => {
    const root = tempFolder();
    const plain = join(root, 'plain');
    const psplib = join(root, 'psplib');
    mkdirSync(plain);
    mkdirSync(psplib);
    writeFileSync(join(psplib, 'optimum.csv'), csv);
    expect(whyReadOnly(plain)).toBeUndefined();
    expect(whyReadOnly(psplib)).toMatch(/optimum\.csv/);
    expect(whyReadOnly(plain, [root])).toMatch(/shared data/);
    expect(whyReadOnly(join(root, 'missing'))).toMatch(/not writable/);
  });
});
