import { loadPipelineDefinition } from '../pipeline/definition';
import { resolveExpectations } from '../pipeline/expectations';
import { runPipeline, type PipelineRun } from '../pipeline/orchestrator';
import { runQualityGate, type GateResult } from '../quality-rules/gate/run-gate';
import { sharedHarness } from './shared-client';

export interface PipelineTestOptions {
  /** The pipeline definition (YAML), as `stedi run --pipeline` takes it. */
  pipeline: string;
  /** The landing directory: one folder per landing table, as the definition names them. */
  landing: string;
  /** Expected counts from this dataset of the definition (default: as `stedi run` resolves them). */
  dataset?: string;
  /** Where the run directory is written (default .stedi/runs). */
  runsDir?: string;
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
export async function runPipelineInTest(options: PipelineTestOptions): Promise<PipelineTestResult> {
  const definition = loadPipelineDefinition(options.pipeline);
  const expectations = resolveExpectations(definition, options.landing, options.dataset);
  const run = await runPipeline({
    backend: sharedHarness(),
    definition,
    landingDir: options.landing,
    expected: expectations.counts,
    expectationsFile: expectations.expectationsFile,
    ...(options.runsDir ? { runsRoot: options.runsDir } : {}),
  });
  const gate = await runQualityGate({ runDir: run.runDir });
  return { run, gate };
}
