import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/** Every command module registers itself here, in the order `schedlab help` lists them. */
export function registerCommands(program: Command, io: CliIo): void {
  void program;
  void io;
}
