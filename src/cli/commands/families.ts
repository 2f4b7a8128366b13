/** `schedlab families`: every family with its heuristics, exact methods, oracle skeletons, native readers and solution writers. */
import type { Command } from 'commander';
import { allFamilies } from '../../family/registry.js';
import type { CliIo } from '../io.js';

async function runFamilies(flags: { json?: boolean }, io: CliIo): Promise<void> {
  const rows = (await allFamilies()).map((family) => ({
    id: family.id,
    title: family.title,
    sense: family.sense,
    objectiveUnit: family.objectiveUnit,
    heuristics: Object.keys(family.heuristics),
    exact: Object.keys(family.exact ?? {}),
    skeletons: Object.keys(family.skeletons ?? {}),
    readers: Object.fromEntries(Object.entries(family.readers).map(([name, reader]) => [name, reader.extensions])),
    writers: Object.fromEntries(
      Object.entries(family.solutionWriters ?? {}).map(([name, writer]) => [name, writer.extensions]),
    ),
  }));
  if (flags.json) return void io.stdout(`${JSON.stringify(rows)}\n`);
  for (const row of rows) {
    io.stdout(`${row.id}: ${row.title} (${row.sense} ${row.objectiveUnit})\n`);
    io.stdout(`  heuristics: ${row.heuristics.join(', ')}\n`);
    if (row.exact.length) io.stdout(`  exact:      ${row.exact.join(', ')}\n`);
    if (row.skeletons.length) io.stdout(`  skeletons:  ${row.skeletons.join(', ')} (schedlab score --skeleton)\n`);
    const readers = Object.entries(row.readers).map(
      ([name, extensions]) => `${name} (${extensions.map((e) => `.${e}`).join(' ')})`,
    );
    io.stdout(`  readers:    .json${readers.length ? `, ${readers.join(', ')}` : ''}\n`);
    const writers = Object.entries(row.writers).map(
      ([name, extensions]) => `${name} (${extensions.map((e) => `.${e}`).join(' ')})`,
    );
    if (writers.length) io.stdout(`  writers:    ${writers.join(', ')} (solutions, with --out)\n`);
  }
}

export function registerFamilies(program: Command, io: CliIo): void {
  program
    .command('families')
    .description('list the problem families with their heuristics and the file formats they read')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => runFamilies(flags, io));
}
