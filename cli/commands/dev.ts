import { Command } from 'commander';
import * as path from 'node:path';
import { InputError } from '../../common/errors';

export interface DevCommandOptions {
  runsDir: string;
  foreground?: boolean;
  idleTimeout: string;
  sparkMaster?: string;
  allowRemoteSpark?: boolean;
  watch?: boolean;
  pipeline?: string;
  landing?: string;
  dataset?: string;
  rules?: string;
  debounce: string;
  projectConfig?: string;
}

/** --idle-timeout in minutes: 0 (never) or a positive number (fractions help tests). */
export function parseIdleTimeout(value: string): number {
  const minutes = Number(value);
  if (value.trim() === '' || !Number.isFinite(minutes) || minutes < 0) {
    throw new InputError('OPTION_INVALID', `--idle-timeout must be a number of minutes, 0 for never, got ${JSON.stringify(value)}`);
  }
  return minutes;
}

/** The runs directory of `stedi dev`, with the project config's default (the config is applied to the command that acts, not to its parent). */
function parentRunsDir(command: Command): string {
  const dev = command.parent as Command;
  const { configureCommand } = require('../project-defaults') as typeof import('../project-defaults');
  configureCommand(dev, dev.parent?.opts<{ config?: string }>().config);
  return dev.opts<{ runsDir: string }>().runsDir;
}

const runsDirOption = (command: Command): Command => command.option('--runs-dir <dir>', 'the runs directory the dev harness belongs to (its state file is <dir>/dev.json)', path.join('.stedi', 'runs'));

/**
 * `stedi dev`: one emulator + Spark job server kept warm in the background for the project, which
 * `stedi run` and the jest preset reuse; `stedi dev --watch` reruns what a change affects;
 * `stedi dev stop` / `stedi dev status`. Heavy modules load when an action runs.
 */
export function devCommand(): Command {
  const dev = runsDirOption(new Command('dev'))
    .description('keep one local AWS emulation + Spark job server warm in the background; `stedi run` and jest reuse it')
    .option('--foreground', 'stay in front and print its events instead of detaching (Ctrl-C stops it)')
    .option('--idle-timeout <minutes>', 'stop after this many minutes without a run (0: never)', '30')
    .option('--spark-master <url>', 'Spark master: local[...] or spark://127.0.0.1:<port> (default local[*])')
    .option('--allow-remote-spark', 'allow a --spark-master that is not on this machine')
    .option('--watch', 'rerun what changes (scripts, DDL, rules, landing data, the definition) and the jobs downstream, then the gate; starts the dev harness if it is not up')
    .option('--pipeline <file>', "with --watch: the pipeline definition (default: the project config's)")
    .option('--landing <dir>', 'with --watch: the landing dataset watched and staged (default: the project config\'s, else the latest run\'s)')
    .option('--dataset <name>', 'with --watch: expected counts from this dataset of the definition')
    .option('--rules <path>', "with --watch: the gate's ruleset instead of the definition's")
    .option('--debounce <ms>', 'with --watch: wait this long after the last change before rerunning', '400')
    .action(async (options: DevCommandOptions) => {
      const { startDev } = require('./dev-actions') as typeof import('./dev-actions');
      process.exitCode = await startDev(options);
    });
  // `stop` and `status` use `dev`'s --runs-dir: commander gives an option known to both to the
  // parent (`stedi dev stop --runs-dir X` sets dev's), so the subcommands do not declare it.
  dev.addCommand(
    new Command('stop').description('stop the dev harness of this project (emulator, job server, JVM) and remove its state file').action(async (_options: object, command: Command) => {
      const { stopDev } = require('./dev-actions') as typeof import('./dev-actions');
      process.exitCode = await stopDev(parentRunsDir(command));
    }),
  );
  dev.addCommand(
    new Command('status')
      .description('print whether the dev harness is up: endpoint, uptime, runs served (exit 1 when it is not running)')
      .option('--json', 'print one JSON document')
      .action(async (options: { json?: boolean }, command: Command) => {
        const { devStatus } = require('./dev-actions') as typeof import('./dev-actions');
        process.exitCode = await devStatus(parentRunsDir(command), options.json === true);
      }),
  );
  return dev;
}
