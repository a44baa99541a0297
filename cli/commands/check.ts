import { Command } from 'commander';
import { formatGateResult, runQualityGate } from '../../quality-rules';

interface CheckCommandOptions {
  run?: string;
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
    .option('--run <dir>', 'run directory (default: the latest run under .stedi/runs)')
    .option('--rules <path>', 'ruleset: a directory of <table>.dqdl files or one <table>.dqdl file (default: the STEDI ruleset)')
    .option('--json', 'print one JSON document with every outcome instead of the table')
    .action(async (options: CheckCommandOptions) => {
      const result = await runQualityGate({ runDir: options.run, rulesPath: options.rules });
      process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatGateResult(result));
      process.exitCode = result.exitCode;
    });
}
