/** Temporary instance sets of the knapsack test family, and the bench command run in-process. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerBench } from '../../src/cli/commands/bench.js';
import { SchedlabError } from '../../src/errors.js';
import type { ReferenceIndex } from '../../src/bench/references.js';
import { handSet, knapsackFile, type Knapsack } from './fixture-family.js';
import { scratchDir } from '../support/scratch.js';

/** A fresh temporary folder. */
export function tempFolder(prefix = 'schedlab-bench-'): string {
  return scratchDir(prefix);
}

/** A set folder with the given instances as JSON files, and an index.json when given. */
export function makeSet(
  instances: Record<string, Knapsack> = handSet,
  index?: ReferenceIndex,
  folder = tempFolder(),
): string {
  mkdirSync(folder, { recursive: true });
  for (const [name, instance] of Object.entries(instances))
    writeFileSync(join(folder, `${name}.json`), knapsackFile(name, instance));
  if (index) writeFileSync(join(folder, 'index.json'), JSON.stringify(index));
  return folder;
}

/** A reference entry. */
export function ref(
  bestObjective: number | null,
  proven = false,
  bestBound: number | null = proven ? bestObjective : null,
): ReferenceIndex[string] {
  return { bestObjective, bestBound, proven, method: 'stored', date: '2020-01-01' };
}

export interface BenchRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `schedlab bench ...` with main's exit-code mapping (0 ok, 1 failure, 2 bad input); `terminal` says which streams are TTYs. */
export async function runBenchCli(
  argv: string[],
  terminal: { stdout?: boolean; stderr?: boolean } = {},
): Promise<BenchRun> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (text: string) => void (stdout += text),
    stderr: (text: string) => void (stderr += text),
    isTty: terminal.stdout ?? false,
    stderrIsTty: terminal.stderr ?? false,
    exitCode: 0,
  };
  const program = new Command('schedlab').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerBench(program, io);
  try {
    await program.parseAsync(['bench', ...argv], { from: 'user' });
    return { code: io.exitCode, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { code: 2, stdout, stderr };
    if (error instanceof SchedlabError) {
      stderr += `schedlab: ${error.describe()}\n`;
      return { code: error.kind === 'input' ? 2 : 1, stdout, stderr };
    }
    throw error;
  }
}
