/**
 * Every reader under random bytes, truncations and random edits of valid files: each input is
 * read into something valid, or refused with an input error naming the file and a line or a
 * path (exit 2), never anything else (issue 12). Fixed seeds and bounded runs; the sweep
 * `npm run bench -- robust-sweep` runs the same properties with fresh seeds and many more runs,
 * and each failure it finds becomes a case in `found by the sweep` below.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { damagedInput, disposeReaderCases, type ReaderCase, readerCases, showInput } from './reader-cases.js';

let cases: ReaderCase[] = [];
beforeAll(async () => {
  cases = await readerCases();
}, 60_000);
afterAll(() => disposeReaderCases());

const names = [
  'LP reader',
  'MPS reader',
  'PSPLIB .sm reader',
  'Patterson .rcp reader',
  'pipeline JSON',
  'pipeline hf reader',
  'rcpsp JSON',
  'pod-packing JSON',
  'rcpsp solution (evaluate)',
  'pipeline solution (evaluate)',
  'pod-packing solution (evaluate)',
];

describe('readers under damaged input', () => {
  it('covers every reader', () => {
    expect(cases.map((c) => c.name)).toEqual(names);
  });

  it.each(names.map((name, k) => [name, 1200 + k] as const))(
    '%s: valid or refused at a line or path',
    async (name, seed) => {
      const reader = cases.find((c) => c.name === name)!;
      for (const bytes of reader.seeds)
        expect((await reader.outcome(bytes)).kind, 'a seed file is valid').toBe('valid');
      await fc.assert(
        fc.asyncProperty(damagedInput(reader.seeds), async ({ bytes }) => {
          const outcome = await reader.outcome(bytes);
          if (outcome.kind === 'failure') throw new Error(`${outcome.message}\ninput: ${showInput(bytes)}`);
        }),
        { seed, numRuns: name.includes('solution') ? 60 : 120 },
      );
    },
    30_000,
  );
});
