import { Command } from 'commander';
import * as path from 'node:path';
import { readRunRecord, resolveRunDir } from '../../common/run-dir';
import type { CiOutputOptions } from '../ci/write-outputs';
import { EXIT_CANNOT_RUN } from '../exit';

interface CheckCommandOptions extends CiOutputOptions {
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
    .option('--junit <file>', 'write a JUnit XML report: a testcase per rule')
    .option('--summary <file>', 'append a markdown summary (verdict, failed rules first) for a CI step summary, e.g. "$GITHUB_STEP_SUMMARY"')
    .option('--json', 'print one JSON document with every outcome instead of the table')
    .action(async (options: CheckCommandOptions) => {
      const { formatGateResult, runQualityGate } = require('../../quality-rules') as typeof import('../../quality-rules');
      const { checkCiOutputs, writeCiOutputs } = require('../ci/write-outputs') as typeof import('../ci/write-outputs');
      checkCiOutputs(options);
      const { gateReason, verdictLine, verdictOf } = require('../ci/verdict') as typeof import('../ci/verdict');
      const runDir = resolveRunDir(options.run, options.runsDir);
      const result = await runQualityGate({ runDir, rulesPath: options.rules });
      const verdict = verdictOf(result.exitCode, [gateReason(result)]);
      writeCiOutputs(options, { command: 'check', verdict, record: readRunRecord(runDir), gate: result, runDir });
      // Every --json exit 2 carries an error object beside the result.
      const error = result.exitCode === EXIT_CANNOT_RUN ? { error: { code: 'GATE_CANNOT_EVALUATE', message: result.errors.join('; ') || 'an error-level rule could not be evaluated', fault: 'user' } } : {};
      process.stdout.write(
        options.json ? `${JSON.stringify({ ...result, ...error }, null, 2)}\n` : `${formatGateResult(result, { showExitCode: false })}${verdictLine('check', verdict)}\n`,
      );
      process.exitCode = verdict.exitCode;
    });
}
