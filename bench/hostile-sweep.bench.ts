/**
 * `npm run bench -- hostile-sweep [--only=AREA,...] [--cap=S]`: issue 12's hostile sweep, one
 * entry per case, over all seven families: every reader with bad bytes (`hostile/reader-cases.ts`),
 * every family's numbers at the edges through `heuristic` and `solve` (`hostile/cases.ts`),
 * every command's flags and generator knobs at the edges and its arguments missing or wrong
 * (`hostile/flag-cases.ts`), sizes up to the schemas' largest and `export` of every family
 * (`hostile/size-cases.ts`), and the library's entry points (`hostile/library-cases.ts`). Each
 * case runs in a child process with a wall-clock cap (default 120 s) and is judged good, weak
 * or bad (`hostile/judge.ts`). Prints one line per case, the counts by area, and every weak
 * and bad case; exit code 1 when any is bad.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allInstanceEdgeCases, type CliCase } from './hostile/cases.js';
import { allFlagCases } from './hostile/flag-cases.js';
import { type Judgement, judgeCli, judgeLibrary, type Verdict } from './hostile/judge.js';
import { libraryCases } from './hostile/library-cases.js';
import { allReaderCases } from './hostile/reader-cases.js';
import { SweepRunner } from './hostile/runner.js';
import { allSizeCases } from './hostile/size-cases.js';

interface Entry {
  area: string;
  label: string;
  family?: string;
  judge(runner: SweepRunner): Promise<Judgement & { seconds: number }>;
}

function option(args: string[], name: string): string | undefined {
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function cliEntry(c: CliCase): Entry {
  return {
    ...c,
    async judge(runner) {
      const started = performance.now();
      const result = await runner.run({ argv: c.argv });
      const seconds = (performance.now() - started) / 1000;
      return { ...(await judgeCli(c, result, seconds)), seconds };
    },
  };
}

async function entries(dir: string): Promise<Entry[]> {
  const library = (await libraryCases()).map(
    (c, index): Entry => ({
      area: 'library',
      label: c.label,
      family: c.family,
      async judge(runner) {
        const started = performance.now();
        const result = await runner.run({ library: index });
        const seconds = (performance.now() - started) / 1000;
        return { ...judgeLibrary(result, seconds), seconds };
      },
    }),
  );
  const cli = [
    ...(await allReaderCases(dir)),
    ...(await allInstanceEdgeCases(dir)),
    ...allFlagCases(dir),
    ...(await allSizeCases(dir)),
  ];
  return [...cli.map(cliEntry), ...library];
}

type Counts = Record<Verdict, number>;

function printCounts(byArea: Map<string, Counts>): void {
  const total: Counts = { good: 0, weak: 0, bad: 0 };
  console.log('\n| area | cases | good | weak | bad |\n|---|---|---|---|---|');
  for (const [area, counts] of byArea) {
    const sum = counts.good + counts.weak + counts.bad;
    console.log(`| ${area} | ${sum} | ${counts.good} | ${counts.weak} | ${counts.bad} |`);
    for (const verdict of ['good', 'weak', 'bad'] as const) total[verdict] += counts[verdict];
  }
  const sum = total.good + total.weak + total.bad;
  console.log(`| **all** | ${sum} | ${total.good} | ${total.weak} | ${total.bad} |`);
}

export async function run(args: string[]): Promise<void> {
  const only = option(args, 'only')?.split(',');
  const capSec = Number(option(args, 'cap') ?? 120);
  const dir = mkdtempSync(join(tmpdir(), 'schedlab-hostile-'));
  const runner = new SweepRunner(capSec * 1000);
  const byArea = new Map<string, Counts>();
  const notable: string[] = [];
  try {
    const all = (await entries(dir)).filter((e) => !only || only.includes(e.area));
    console.log(`${all.length} cases (cap ${capSec} s per case)`);
    for (const entry of all) {
      const { verdict, why, seconds } = await entry.judge(runner);
      const counts = byArea.get(entry.area) ?? { good: 0, weak: 0, bad: 0 };
      counts[verdict]++;
      byArea.set(entry.area, counts);
      const label = `${entry.area}\t${entry.family ?? '-'}\t${entry.label.replaceAll(dir, '.')}`;
      const line = `${verdict.toUpperCase()}\t${seconds.toFixed(1)}\t${label}\t${why.replaceAll(dir, '.')}`;
      console.log(line);
      if (verdict !== 'good') notable.push(line);
    }
  } finally {
    runner.close();
    rmSync(dir, { recursive: true, force: true });
  }
  printCounts(byArea);
  console.log(`\nweak and bad:\n${notable.join('\n')}`);
  if (notable.some((line) => line.startsWith('BAD'))) process.exitCode = 1;
}
