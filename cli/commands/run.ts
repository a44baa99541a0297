import { Command, Option } from 'commander';
import * as path from 'node:path';
import { collectList } from '../list-option';
import type { BackendStarter } from './run-action';
import type { RunCommandOptions } from './run-hooks';

/**
 * `stedi run`: its options only. The run itself (harness, pipeline, gate: the AWS SDK, DuckDB,
 * Arrow, faker) loads when the command runs, so `stedi --help` stays fast.
 */
export function runCommand(startBackend?: BackendStarter): Command {
  return new Command('run')
    .description('run the pipeline on a landing dataset against the local AWS emulation, then the quality gate')
    .option('--landing <dir>', 'landing dataset: one folder per landing table, as the pipeline definition names them')
    .option('--profile <name>', 'generate a synthetic STEDI dataset of this profile instead of --landing (e.g. stedi-2023)')
    .option('--seed <n>', 'seed for --profile', '7')
    .option('--defect <name>', 'defects to inject with --profile (repeatable or comma-separated)', collectList, [] as string[])
    .option('--pipeline <file>', 'pipeline definition (YAML); default: the project config\'s `pipeline`, else (no config) the bundled STEDI example')
    .option('--dataset <name>', 'expected counts from this dataset of the pipeline definition')
    .option('--runs-dir <dir>', 'where run directories are saved', path.join('.stedi', 'runs'))
    .addOption(new Option('--backend <kind>', 'where the jobs run').choices(['local', 'docker']).default('local'))
    .option('--no-dev', 'start a fresh emulator and Spark even when `stedi dev` is up for this runs directory')
    .addOption(new Option('--emulator <kind>', 'with --backend docker: the AWS emulator container (default: localstack when LOCALSTACK_AUTH_TOKEN is set, else moto)').choices(['moto', 'localstack']))
    .option('--glue-image <image>', 'with --backend docker: run each job by spark-submit in this Glue libs image (e.g. public.ecr.aws/glue/aws-glue-libs:5; `docker pull` it first) instead of the harness\'s Glue container')
    .option('--spark-master <url>', 'Spark master: local[...], spark://127.0.0.1:<port>, or cluster (the one `stedi cluster up` started) (default local[*])')
    .option('--allow-remote-spark', 'allow a --spark-master that is not on this machine')
    .option('--job-timeout <minutes>', "minutes every job may run before it ends in TIMEOUT (overrides each job's timeout, as StartJobRun's Timeout does)")
    .option('--job <name>', "run only this job, on the state a saved run left (restored into the emulator), instead of the whole pipeline on --landing")
    .option('--downstream', 'with --job: also run every job that depends on it, in DAG order')
    .option('--from-run <id>', "with --job: the saved run to start from: a run id under --runs-dir, a run directory, or 'latest' (default)")
    .option('--check', 'run the quality gate after the run (the default; overrides `check: false` in the project config)', true)
    .option('--no-check', 'skip the quality gate after the run')
    .option('--rules <path>', "quality ruleset for the gate instead of the definition's rules: a folder of <table>.dqdl files or one file")
    .option('--junit <file>', 'write a JUnit XML report: a testcase per job, per table count, per rule')
    .option('--summary <file>', 'append a markdown summary (verdict, failed rules first) for a CI step summary, e.g. "$GITHUB_STEP_SUMMARY"')
    .option('--json', 'print one JSON document instead of tables')
    .action(async (options: RunCommandOptions) => {
      const { executeRun, backendStarter } = require('./run-action') as typeof import('./run-action');
      process.exitCode = await executeRun(options, backendStarter(options.backend, startBackend));
    });
}
