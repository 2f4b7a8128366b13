/** `schedlab solvers`: which backends exist, which are installed here, what each can do. */
import type { Command } from 'commander';
import { backendNames, getBackend } from '../../solvers/registry.js';
import type { CliIo } from '../io.js';

async function runSolvers(flags: { json?: boolean }, io: CliIo): Promise<void> {
  const rows = await Promise.all(
    backendNames().map(async (name) => {
      const backend = await getBackend(name);
      return {
        name,
        available: await backend.isAvailable(),
        capabilities: [...backend.capabilities].sort(),
        limits: backend.limits ?? {},
      };
    }),
  );
  if (flags.json) return void io.stdout(`${JSON.stringify(rows)}\n`);
  for (const row of rows) {
    io.stdout(
      `${row.name.padEnd(6)} ${row.available ? 'available    ' : 'not installed'}  ${row.capabilities.join(', ')}\n`,
    );
  }
}

export function registerSolvers(program: Command, io: CliIo): void {
  program
    .command('solvers')
    .description('list the solver backends, whether each is installed, and its capabilities')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => runSolvers(flags, io));
}
