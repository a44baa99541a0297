import { Command } from 'commander';
import { checkCommand } from './commands/check';
import { generateCommand } from './commands/generate';
import { initCommand } from './commands/init';
import { provisionCommand } from './commands/provision';
import { queryCommand } from './commands/query';
import { reportCommand } from './commands/report';
import { runCommand } from './commands/run';

/**
 * The `stedi` command. Each subcommand lives in cli/commands/<name>.ts and exports a factory
 * returning a commander Command; this file only assembles them.
 */
export function buildProgram(): Command {
  const program = new Command('stedi')
    .description('Local AWS-emulated test harness and data-quality suite for AWS Glue lakehouses (STEDI is the bundled example)')
    .showHelpAfterError();
  program.addCommand(runCommand());
  program.addCommand(checkCommand());
  program.addCommand(generateCommand());
  program.addCommand(queryCommand());
  program.addCommand(reportCommand());
  program.addCommand(provisionCommand());
  program.addCommand(initCommand());
  // Usage errors are thrown (not process.exit(1)), so they exit 2 like any bad input (cli/exit.ts).
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  return program;
}
