/**
 * The `schedlab` command. Thin: it parses flags and calls the public API; every
 * command lives in `commands/` and registers itself on the program.
 */
import { Command, CommanderError } from 'commander';
import { SchedlabError } from '../errors.js';
import { exitCodes, processIo, type CliIo } from './io.js';
import { registerCommands } from './commands/index.js';

/** Build the program with its commands writing to `io`. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('schedlab')
    .description('Scheduling and placement optimization for ML systems')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run `schedlab help` for the commands, `schedlab help COMMAND` for one)');
  registerCommands(program, io);
  return program;
}

/** A commander failure is always a usage mistake, so it is bad input (exit 2). */
function commanderExitCode(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return exitCodes.ok;
  if (error.code === 'commander.help') return exitCodes.ok;
  return exitCodes.badInput;
}

/**
 * Run the CLI on `argv` (without `node` and the script) and return the exit code.
 *
 * @example
 * ```ts
 * const code = await main(['solve', 'model.mps', '--json']);
 * ```
 */
export async function main(argv: readonly string[], processStreams: CliIo = processIo): Promise<number> {
  const io: CliIo = { ...processStreams, exitCode: exitCodes.ok };
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return io.exitCode ?? exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    if (error instanceof SchedlabError) {
      io.stderr(`schedlab: ${error.describe()}\n`);
      // 'model' errors come from code that builds models (a family's formulation), not from
      // the user's files, which fail as 'input'; they are runtime failures.
      return error.kind === 'input' || error.kind === 'unsupported' ? exitCodes.badInput : exitCodes.failure;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(
      `schedlab: internal error: ${message}\n(this is a bug in schedlab; please report it with the command you ran)\n`,
    );
    return exitCodes.failure;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2));
