import { describeError, InputError } from '../../common/errors';
import { assertSparkMaster, loadDockerBackend, LocalHarness, parseBackendKind, unavailableBackend, type StartedBackend } from '../../harness';
import { resolveSparkMaster } from '../../harness/cluster';
import { DEFAULT_PIPELINE_FILE, findLandingFiles, loadPipelineDefinition, planRerun, rerunNeedsJob, resolveExpectations, runPipeline, type PipelineRun } from '../../pipeline';
import { formatGateResult, PreloadedTables, type GateResult } from '../../quality-rules';
import { checkCiOutputs, writeCiOutputs } from '../ci/write-outputs';
import { startActivity } from '../progress/activity';
import { runVerdict, verdictLine } from '../ci/verdict';
import { EXIT_CANNOT_RUN } from '../exit';
import { progressPrinter, renderRunSummary, runErrorObject, runExitCode, runJsonDocument } from '../run-output';
import { afterRunHooks, checkRulesOption, checkProfileOptions, parseJobTimeout, resolveLanding, type RunCommandOptions } from './run-hooks';

/** Starts the backend a run uses; injected by tests to see whether a run got that far. */
export type BackendStarter = (options: { sparkMaster?: string; allowRemoteSpark?: boolean; runsDir?: string; dev?: boolean; emulator?: 'moto' | 'localstack'; glueImage?: string }) => Promise<StartedBackend>;

/** A long step with a spinner and its elapsed time on stderr (plain lines when it is not a terminal). */
async function whileShowing<T>(label: string, step: () => Promise<T>): Promise<T> {
  const activity = startActivity(label, { announce: true });
  try {
    return await step();
  } finally {
    activity.stop();
  }
}

/** The local backend: the project's running `stedi dev` harness (unless --no-dev), else moto + the Glue job server on Spark. */
export const startLocalBackend: BackendStarter = async ({ sparkMaster, allowRemoteSpark, runsDir, dev }) => {
  if (dev !== false && runsDir !== undefined) {
    const { useDevHarness } = require('./dev-actions') as typeof import('./dev-actions');
    const warm = await useDevHarness(runsDir, sparkMaster, `stedi run (pid ${process.pid})`);
    if (warm) return warm;
  }
  const harness = new LocalHarness().withRemoteSparkAllowed(allowRemoteSpark === true);
  if (sparkMaster) harness.withSparkMaster(sparkMaster);
  const started = await whileShowing('starting the local AWS emulation and Spark', () => harness.start());
  const t = started.timings;
  process.stderr.write(`emulator ${started.getEndpoint()} up in ${t.emulatorStartSeconds}s, Spark in ${t.sparkStartSeconds}s\n`);
  return started;
};

/** The docker backend: the emulator and the Glue job server in containers (images built on first use). */
export const startDockerBackend: BackendStarter = async ({ emulator, glueImage }) => {
  const { DockerHarness } = loadDockerBackend();
  const harness = new DockerHarness();
  if (emulator) harness.withEmulator(emulator);
  if (glueImage) harness.withGlueImage(glueImage);
  const started = await whileShowing('starting the AWS emulation and Spark in containers (docker backend)', () => harness.start());
  const t = started.timings;
  process.stderr.write(`images ready in ${t.imagesSeconds}s; emulator ${started.getEndpoint()} (container ${started.containers.emulator}) up in ${t.emulatorStartSeconds}s, Spark (container ${started.containers.glue ?? '-'}) in ${t.sparkStartSeconds}s\n`);
  return started;
};

/** The starter of a `--backend` value, unless a test injected one. */
export function backendStarter(backend: string, injected?: BackendStarter): BackendStarter {
  return injected ?? (backend === 'docker' ? startDockerBackend : startLocalBackend);
}

/**
 * --pipeline, else the project config's `pipeline`; the bundled STEDI example only when there is
 * no project config at all (a configured project never runs STEDI by accident).
 */
export function pipelineFile(options: Pick<RunCommandOptions, 'pipeline' | 'projectConfig'>): string {
  if (options.pipeline) return options.pipeline;
  if (options.projectConfig) {
    throw new InputError('PIPELINE_REQUIRED', `${options.projectConfig} names no pipeline: add \`pipeline: <file>\` to it, or give --pipeline FILE`);
  }
  return DEFAULT_PIPELINE_FILE;
}

/**
 * Everything that can be wrong with the input is checked before the backend starts (no emulator
 * or Spark process for a definition with a cycle, bad DDL, a missing rules file, an unknown
 * profile, a missing landing folder): then the run, the gate, the output.
 */
export async function executeRun(options: RunCommandOptions, startBackend: BackendStarter = startLocalBackend): Promise<number> {
  const backendKind = parseBackendKind(options.backend);
  if (backendKind === 'aws') unavailableBackend(backendKind);
  if (backendKind !== 'docker' && (options.emulator || options.glueImage)) {
    throw new InputError('OPTION_INVALID', `${options.emulator ? '--emulator' : '--glue-image'} needs --backend docker (the local backend always runs moto and the harness's own awsglue)`);
  }
  const jobTimeoutMinutes = parseJobTimeout(options.jobTimeout);
  // `--spark-master cluster`: the master of the cluster `stedi cluster up` started for this runs directory.
  options = { ...options, sparkMaster: resolveSparkMaster(options.sparkMaster, options.runsDir) };
  assertSparkMaster(options.sparkMaster ?? process.env.STEDI_SPARK_MASTER ?? 'local[*]', options.allowRemoteSpark === true);
  checkProfileOptions(options);
  const definition = loadPipelineDefinition(pipelineFile(options));
  if (options.check) checkRulesOption(options.rules);
  checkCiOutputs(options);
  // --job: the saved run's state instead of a landing dataset (pipeline/rerun.ts).
  const rerun = options.job !== undefined ? planRerun(definition, { job: options.job, downstream: options.downstream === true, fromRun: options.fromRun, runsRoot: options.runsDir }) : rerunNeedsJob(options);
  const landing = rerun ? { dir: rerun.fromRunDir, label: rerun.landingLabel } : await resolveLanding(options);
  if (!landing.dir) throw new InputError('LANDING_REQUIRED', 'give --landing DIR or --profile NAME');
  if (!rerun) findLandingFiles(landing.dir, definition.tables);
  const expectations = rerun ? { counts: rerun.expected, expectationsFile: rerun.expectationsFile } : resolveExpectations(definition, landing.dir, options.dataset);
  const progress = options.json ? () => undefined : progressPrinter();

  const started = await startBackend({ sparkMaster: options.sparkMaster, allowRemoteSpark: options.allowRemoteSpark === true, runsDir: options.runsDir, dev: options.dev, emulator: options.emulator, glueImage: options.glueImage });
  let run: PipelineRun;
  let gate: GateResult | undefined;
  // The gate's tables come from the counting scan: one read of each table for both.
  const preloaded = options.check ? new PreloadedTables() : undefined;
  try {
    run = await runPipeline({
      backend: started,
      definition,
      landingDir: landing.dir,
      landingLabel: landing.label,
      expected: expectations.counts,
      expectationsFile: expectations.expectationsFile,
      runsRoot: options.runsDir,
      ...(jobTimeoutMinutes !== undefined ? { jobTimeoutMinutes } : {}),
      onEvent: progress,
      observers: preloaded,
      ...(rerun ? { restore: { fromRunDir: rerun.fromRunDir, jobs: rerun.jobs, fromRunId: rerun.fromRunId } } : {}),
    });
    gate = await afterRunHooks(run, options, preloaded);
  } finally {
    await stopQuietly(started);
  }
  // Everything is decided before anything is printed: the last line's exit code is the process's.
  const verdict = runVerdict(runExitCode(run.record), run.record, gate);
  writeCiOutputs(options, { command: 'run', verdict, record: run.record, gate, runDir: run.runDir });
  if (options.json) {
    const error = verdict.exitCode === EXIT_CANNOT_RUN ? { error: runErrorObject(run.record, gate?.errors) } : {};
    const quality = gate ? { quality: gate } : {};
    process.stdout.write(`${JSON.stringify(runJsonDocument(run, { ...quality, ...error, exitCode: verdict.exitCode, verdict: verdict.status, reasons: verdict.reasons }), null, 2)}\n`);
  } else {
    process.stdout.write(`${renderRunSummary(run)}\n`);
    if (gate) process.stdout.write(`${formatGateResult(gate, { showExitCode: false })}\n`);
    process.stdout.write(`${verdictLine('run', verdict)}\n`);
  }
  return verdict.exitCode;
}

/**
 * The run's result stands when stopping the backend fails afterwards (its processes are killed
 * by group on exit anyway): a warning, not a different exit code than the verdict printed.
 */
async function stopQuietly(started: StartedBackend): Promise<void> {
  try {
    await started.stop();
  } catch (error) {
    process.stderr.write(`warning: stopping the backend failed: ${describeError(error)}\n`);
  }
}
