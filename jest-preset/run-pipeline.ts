import { InputError } from '../common/errors';
import { findProjectConfig, type ProjectConfig } from '../common/project-config';
import { loadPipelineDefinition } from '../pipeline/definition';
import { resolveExpectations } from '../pipeline/expectations';
import { runPipeline, type PipelineRun } from '../pipeline/orchestrator';
import { PreloadedTables } from '../quality-rules/gate/preloaded-tables';
import { runQualityGate, type GateResult } from '../quality-rules/gate/run-gate';
import { sharedHarness } from './shared-client';

/** Each option defaults to the key of the same name in the project config (stedi.config.yaml), as `stedi run` does. */
export interface PipelineTestOptions {
  /** The pipeline definition (YAML), as `stedi run --pipeline` takes it. */
  pipeline?: string;
  /** The landing directory: one folder per landing table, as the definition names them. */
  landing?: string;
  /** Expected counts from this dataset of the definition (default: as `stedi run` resolves them). */
  dataset?: string;
  /** Where the run directory is written (default .stedi/runs). */
  runsDir?: string;
}

/** The options, completed from the project config found from the working directory upward. */
function withProjectDefaults(options: PipelineTestOptions): PipelineTestOptions & { pipeline: string; landing: string } {
  const config = options.pipeline && options.landing ? undefined : findProjectConfig();
  const defaults: Partial<ProjectConfig['values']> = config?.values ?? {};
  const pipeline = options.pipeline ?? defaults.pipeline;
  const landing = options.landing ?? defaults.landing;
  if (!pipeline || !landing) {
    const where = config ? `${config.file} has no \`${pipeline ? 'landing' : 'pipeline'}\`` : `no stedi.config.yaml above ${process.cwd()}`;
    throw new InputError('PIPELINE_TEST_OPTIONS', `runPipelineInTest needs a pipeline and a landing directory: ${where}; pass { pipeline, landing }`);
  }
  // The configured dataset and runs directory belong with the configured pipeline and landing data.
  const configured = options.pipeline === undefined && options.landing === undefined;
  return {
    pipeline,
    landing,
    dataset: options.dataset ?? (configured ? defaults.dataset : undefined),
    runsDir: options.runsDir ?? defaults.runsDir,
  };
}

export interface PipelineTestResult {
  run: PipelineRun;
  gate: GateResult;
}

/**
 * `stedi run` inside a test, on the shared harness: the definition's jobs in dependency order on
 * the shared Spark, every table counted, then the quality gate with the definition's rules and
 * the expected counts. Assert on both: `expect(gate).toPassDataQuality()`,
 * `run.record.jobs`, `run.record.tables`.
 */
export async function runPipelineInTest(given: PipelineTestOptions = {}): Promise<PipelineTestResult> {
  const options = withProjectDefaults(given);
  const definition = loadPipelineDefinition(options.pipeline);
  const expectations = resolveExpectations(definition, options.landing, options.dataset);
  // The gate's tables come from the counting scan: one read of each table for both.
  const preloaded = new PreloadedTables();
  const run = await runPipeline({
    backend: sharedHarness(),
    observers: preloaded,
    definition,
    landingDir: options.landing,
    expected: expectations.counts,
    expectationsFile: expectations.expectationsFile,
    ...(options.runsDir ? { runsRoot: options.runsDir } : {}),
  });
  const gate = await runQualityGate({ runDir: run.runDir, preloaded });
  return { run, gate };
}
