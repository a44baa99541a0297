import { Command } from 'commander';
import * as path from 'node:path';
import { resolveRunDir } from '../../common/run-dir';
import { EXIT_CANNOT_RUN } from '../exit';

interface CheckCommandOptions {
  run?: string;
  runsDir: string;
  rules?: string;
  json?: boolean;
}

/**
 * `stedi check`: the quality gate over a saved run, offline. Prints one block per table
 * (rule, outcome, observed value, level) or, with --json, one document with every outcome.
 * Exit 0: no error-level rule failed; 1: one did; 2: the rules could not be evaluated.
 */
export function checkCommand(): Command {
  return new Command('check')
    .description('run the data-quality rules (DQDL) over a saved run and gate on the result')
    .option('--run <dir>', 'run directory (default: the latest run under --runs-dir)')
    .option('--runs-dir <dir>', 'where run directories are saved', path.join('.stedi', 'runs'))
    .option('--rules <path>', "ruleset instead of the run's own (the rules its pipeline definition declares): a directory of <table>.dqdl files or one <table>.dqdl file")
    .option('--json', 'print one JSON document with every outcome instead of the table')
    .action(async (options: CheckCommandOptions) => {
      const { formatGateResult, runQualityGate } = require('../../quality-rules') as typeof import('../../quality-rules');
      const result = await runQualityGate({ runDir: resolveRunDir(options.run, options.runsDir), rulesPath: options.rules });
      // Every --json exit 2 carries an error object beside the result.
      const error = result.exitCode === EXIT_CANNOT_RUN ? { error: { code: 'GATE_CANNOT_EVALUATE', message: result.errors.join('; ') || 'an error-level rule could not be evaluated', fault: 'user' } } : {};
      process.stdout.write(options.json ? `${JSON.stringify({ ...result, ...error }, null, 2)}\n` : formatGateResult(result));
      process.exitCode = result.exitCode;
    });
}
