import { Command, Option } from 'commander';
import * as path from 'node:path';
import { InputError } from '../../common/errors';
import { LocalHarness, parseBackendKind, unavailableBackend } from '../../harness';
import { findLandingFiles, loadPipelineDefinition, resolveExpectations, runPipeline } from '../../pipeline';
import { EXIT_CANNOT_RUN } from '../exit';
import { progressPrinter, renderRunSummary, runExitCode, runJsonDocument } from '../run-output';
import { afterRunHooks, resolveLanding, type RunCommandOptions } from './run-hooks';

/** `stedi run`: stage a landing dataset, run the pipeline's Glue jobs locally, count, gate. */
export function runCommand(): Command {
  return new Command('run')
    .description('run the pipeline on a landing dataset against the local AWS emulation, then the quality gate')
    .option('--landing <dir>', 'landing dataset: customer/landing, accelerometer/landing, step_trainer/landing with *.json')
    .option('--profile <name>', 'generate a synthetic dataset of this profile instead of --landing (e.g. stedi-2023)')
    .option('--seed <n>', 'seed for --profile', '7')
    .option('--defect <name...>', 'defects to inject with --profile')
    .option('--pipeline <file>', 'pipeline definition (YAML)')
    .option('--dataset <name>', 'expected counts from this dataset of the pipeline definition')
    .option('--runs-dir <dir>', 'where run directories are saved', path.join('.stedi', 'runs'))
    .addOption(new Option('--backend <kind>', 'where the jobs run').choices(['local', 'docker', 'aws']).default('local'))
    .option('--spark-master <url>', 'Spark master (default local[*])')
    .option('--no-check', 'skip the quality gate after the run')
    .option('--rules <file>', 'quality ruleset for the gate')
    .option('--json', 'print one JSON document instead of tables')
    .action(async (options: RunCommandOptions) => {
      process.exitCode = await executeRun(options);
    });
}

async function executeRun(options: RunCommandOptions): Promise<number> {
  const backend = parseBackendKind(options.backend);
  if (backend !== 'local') unavailableBackend(backend);
  const definition = loadPipelineDefinition(options.pipeline);
  const landing = await resolveLanding(options);
  if (!landing.dir) throw new InputError('LANDING_REQUIRED', 'give --landing DIR or --profile NAME');
  findLandingFiles(landing.dir, definition.tables); // bad input fails before Spark starts
  const expectations = resolveExpectations(definition, landing.dir, options.dataset);
  const progress = options.json ? () => undefined : progressPrinter();

  const harness = new LocalHarness();
  if (options.sparkMaster) harness.withSparkMaster(options.sparkMaster);
  process.stderr.write('starting the local AWS emulation and Spark...\n');
  const started = await harness.start();
  try {
    const t = started.timings;
    process.stderr.write(`emulator ${started.getEndpoint()} up in ${t.emulatorStartSeconds}s, Spark in ${t.sparkStartSeconds}s\n`);
    const run = await runPipeline({
      backend: started,
      definition,
      landingDir: landing.dir,
      landingLabel: landing.label,
      expected: expectations.counts,
      expectationsFile: expectations.expectationsFile,
      runsRoot: options.runsDir,
      onEvent: progress,
    });
    const runCode = runExitCode(run.record);
    const after = await afterRunHooks(run, options);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(runJsonDocument(run, after.json), null, 2)}\n`);
    } else {
      process.stdout.write(`${renderRunSummary(run)}\n`);
      if (after.text) process.stdout.write(`${after.text}\n`);
    }
    return runCode === EXIT_CANNOT_RUN || after.exitCode === EXIT_CANNOT_RUN ? EXIT_CANNOT_RUN : Math.max(runCode, after.exitCode);
  } finally {
    await started.stop();
  }
}
