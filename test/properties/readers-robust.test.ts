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
  'parallel-plan hf reader',
  'rcpsp JSON',
  'pod-packing JSON',
  'Kubernetes manifests (YAML)',
  'Kubernetes List (JSON)',
  'BurstGPT trace (.csv)',
  'parallel-plan JSON',
  'serving-plan JSON',
  'sequence-parallel JSON',
  'expert-placement JSON',
  'rcpsp solution (evaluate)',
  'pipeline solution (evaluate)',
  'pod-packing solution (evaluate)',
  'parallel-plan solution (evaluate)',
  'serving-plan solution (evaluate)',
  'sequence-parallel solution (evaluate)',
  'expert-placement solution (evaluate)',
  'training plan (estimate train --plan)',
  'hardware catalog (--catalog)',
  'Hugging Face config.json by path',
  'config.json of generate (--param config=FILE)',
  'oracle candidate (score)',
  'bench references (index.json)',
  'bench references (optimum.csv)',
];

/** Cases that run a whole command per input (evaluate, estimate, score, generate) get fewer runs; the sweep runs thousands. */
const throughCommand = /solution|training plan|oracle|generate/;
const runsOf = (name: string) => (throughCommand.test(name) ? 100 : 250);

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
        { seed, numRuns: runsOf(name) },
      );
    },
    30_000,
  );
});

/** Inputs the sweep (or this test) found failing once; each stays here as a fixed case. */
describe('found by the sweep', () => {
  const byName = (name: string) => cases.find((c) => c.name === name)!;
  const bytes = (text: string) => new TextEncoder().encode(text);
  const found: [string, string, 'valid' | 'refused'][] = [
    // The family named in the file is unknown: an error without the file or a path.
    [
      'pipeline JSON',
      '{"family": "1e308pipeline", "data": {"devices": 3, "microbatches": 6, "times": {"F": 1, "B": 1}}}',
      'refused',
    ],
    // A row with no variable and an infinite constant (`-inf <= 0`) was read with NaN bounds.
    ['LP reader', 'Maximize\n obj: x\nSubject To\n band: -Infinity<= 1e-400\nEnd\n', 'refused'],
    // An infinite right-hand side with an infinite range gave the bound infinity minus infinity (NaN).
    [
      'MPS reader',
      'NAME t\nROWS\n N obj\n L cap\nCOLUMNS\n    x obj 3 cap 1\nRHS\n    rhs cap Infinity\nRANGES\n    rng cap infinity\nENDATA\n',
      'refused',
    ],
    // A bound above the best value of a minimization was taken, and every gap against it was negative.
    [
      'bench references (index.json)',
      '{"j301-2": {"bestObjective": 47, "bestBound": 1e308, "proven": false, "method": "mip", "date": ""}}',
      'refused',
    ],
    [
      'bench references (index.json)',
      '{"a": {"bestObjective": 47, "bestBound": 45, "proven": true, "method": "", "date": ""}}',
      'refused',
    ],
    ['bench references (optimum.csv)', 'problem,optimum\nj301_2.sm,1e308..47\n', 'refused'],
    // A plan file naming an unknown model (or missing a field): the error named neither the file nor the field.
    [
      'training plan (estimate train --plan)',
      '{"model": "llama1e308-8b", "gpus": 8, "tp": 1, "pp": 1, "seq": 2048, "globalBatch": 8, "gpu": "h100"}',
      'refused',
    ],
    [
      'training plan (estimate train --plan)',
      '{"model": "llama3-8b", "gpus": 8, "tp": 1, "seq": 2048, "globalBatch": 8, "gpu": "h100"}',
      'refused',
    ],
    // A candidate answering Infinity is scored `invalid-output`, its message naming the value: a valid run.
    [
      'oracle candidate (score)',
      'export default function (data) {\n  return { starts: Object.fromEntries(data.activities.map((a) => [a.id, 1e999])) };\n}\n',
      'valid',
    ],
  ];

  it.each(found)('%s: %j', async (name, input, expected) => {
    const outcome = await byName(name).outcome(bytes(input));
    expect(outcome).toEqual({ kind: expected });
  });
});
