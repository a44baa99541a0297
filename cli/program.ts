import { Command } from 'commander';
import * as fs from 'node:fs';
import { packagePath } from '../common/package-root';
import { checkCommand } from './commands/check';
import { devCommand } from './commands/dev';
import { clusterCommand } from './commands/cluster';
import { generateCommand } from './commands/generate';
import { imagesCommand } from './commands/images';
import { initCommand } from './commands/init';
import { provisionCommand } from './commands/provision';
import { queryCommand } from './commands/query';
import { reportCommand } from './commands/report';
import { runCommand } from './commands/run';
import { configureCommand } from './project-defaults';

/** The version of the installed package (its package.json, shipped beside the code). */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The `stedi` command. Each subcommand lives in cli/commands/<name>.ts and exports a factory
 * returning a commander Command; this file only assembles them. The factories import only
 * what their options need: each action loads its heavy modules (AWS SDK, DuckDB, Arrow, faker)
 * with a typed `require()` when it runs, so `stedi --help` stays fast (cli/program.test.ts checks
 * it). `require`, not `import()`: tsx keeps `import()` an ESM import, which cannot load the
 * TypeScript sources of a checkout.
 */
export function buildProgram(): Command {
  const program = new Command('stedi')
    .description('Local AWS-emulated test harness and data-quality suite for AWS Glue lakehouses (STEDI is the bundled example)')
    .version(packageVersion(), '-V, --version', 'print the version of stedi-lakehouse-harness')
    .option('--config <file>', 'project configuration (default: stedi.config.yaml, or a "stedi" key in package.json, from the working directory upward)')
    .showHelpAfterError()
    .hook('preAction', (root, action) => {
      configureCommand(action, root.opts<{ config?: string }>().config);
    });
  program.addCommand(runCommand());
  program.addCommand(checkCommand());
  program.addCommand(devCommand());
  program.addCommand(generateCommand());
  program.addCommand(queryCommand());
  program.addCommand(reportCommand());
  program.addCommand(provisionCommand());
  program.addCommand(imagesCommand());
  program.addCommand(initCommand());
  program.addCommand(clusterCommand());
  // Usage errors are thrown (not process.exit(1)), so they exit 2 like any bad input (cli/exit.ts).
  const overrideExits = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(overrideExits);
  };
  overrideExits(program);
  return program;
}
