import { Command } from 'commander';
import { checkCommand } from './commands/check';
import { generateCommand } from './commands/generate';
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
    .description('Local AWS-emulated test harness and data-quality suite for the STEDI Glue lakehouse')
    .showHelpAfterError();
  program.addCommand(runCommand());
  program.addCommand(checkCommand());
  program.addCommand(generateCommand());
  program.addCommand(queryCommand());
  program.addCommand(reportCommand());
  program.addCommand(provisionCommand());
  return program;
}
