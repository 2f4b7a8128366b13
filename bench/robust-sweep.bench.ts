/**
 * `npm run bench -- robust-sweep [--runs N] [--seed S]`: the reader properties of
 * `test/properties/readers-robust.test.ts` (random bytes, truncations and random edits of valid
 * files: read into something valid, or refused with an input error at a line or a path) with
 * fresh random seeds and many more runs. Prints, per reader and kind of damage, how many inputs
 * were valid, refused and failed, the slowest input, and each distinct failure with its seed
 * and input, to be added to the test as a fixed case. Exit code 1 when anything failed.
 */
import fc from 'fast-check';
import {
  type Damage,
  damagedInput,
  disposeReaderCases,
  type Outcome,
  readerCases,
  showInput,
} from '../test/properties/reader-cases.js';

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} expects a whole number, got '${args[at + 1]}'`);
  return value;
}

interface Tally {
  runs: number;
  valid: number;
  refused: number;
  failed: number;
  slowestMs: number;
  failures: Map<string, string>;
}

const newTally = (): Tally => ({ runs: 0, valid: 0, refused: 0, failed: 0, slowestMs: 0, failures: new Map() });

function count(tally: Tally, outcome: Outcome, ms: number, input: string): void {
  tally.runs++;
  tally.slowestMs = Math.max(tally.slowestMs, ms);
  if (outcome.kind === 'valid') tally.valid++;
  else if (outcome.kind === 'refused') tally.refused++;
  else {
    tally.failed++;
    const key = outcome.message.split('\n')[0].replace(/\d+/g, 'N');
    if (!tally.failures.has(key)) tally.failures.set(key, `${outcome.message}\n    input: ${input}`);
  }
}

/** Run every reader on `runs` damaged inputs each, from `seed` on. */
export async function run(args: string[]): Promise<void> {
  const runs = option(args, '--runs', 3000);
  const seed = option(args, '--seed', Date.now() % 2 ** 31);
  console.log(
    `seed ${seed}, ${runs} inputs per reader (node --import tsx bench/run.ts robust-sweep --runs ${runs} --seed ${seed})`,
  );
  const cases = await readerCases();
  const rows: string[][] = [];
  const total = newTally();
  let failures = 0;
  try {
    for (const [k, reader] of cases.entries()) {
      const inputs = fc.sample(damagedInput(reader.seeds), { seed: seed + k, numRuns: runs });
      const byDamage = new Map<Damage, Tally>();
      const all = newTally();
      for (const { damage, bytes } of inputs) {
        const started = performance.now();
        const outcome = await reader.outcome(bytes);
        const ms = performance.now() - started;
        const input = showInput(bytes);
        if (!byDamage.has(damage)) byDamage.set(damage, newTally());
        for (const tally of [byDamage.get(damage)!, all, total]) count(tally, outcome, ms, input);
      }
      for (const [damage, t] of [...byDamage].sort()) {
        rows.push([reader.name, damage, ...[t.runs, t.valid, t.refused, t.failed].map(String), t.slowestMs.toFixed(1)]);
      }
      for (const [, detail] of all.failures) {
        failures++;
        console.log(`FAILURE ${reader.name} (sample seed ${seed + k}): ${detail}\n`);
      }
    }
  } finally {
    disposeReaderCases();
  }
  rows.push([
    'all readers',
    'all',
    ...[total.runs, total.valid, total.refused, total.failed].map(String),
    total.slowestMs.toFixed(1),
  ]);
  const header = ['reader', 'damage', 'runs', 'valid', 'refused (exit 2)', 'failed', 'slowest ms'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((r) => r[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.log([line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
  console.log(`${failures} distinct failure(s)`);
  if (failures > 0) process.exitCode = 1;
}
