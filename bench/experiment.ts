/**
 * A scratch pad for profiling the job server: stages the pipeline (one full run), then runs the
 * given Python script(s) as jobs on the same warm job server and prints their output.
 * `npx tsx bench/experiment.ts SCRIPT.py [SCRIPT.py ...]` (landing: ../shared/data/stedi-2023)
 */
import '../common/quiet-warnings.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalHarness } from '../harness';
import { loadPipelineDefinition, runPipeline } from '../pipeline';

async function main(): Promise<void> {
  const landing = process.env.STEDI_BENCH_LANDING ?? path.join(__dirname, '..', '..', 'shared', 'data', 'stedi-2023');
  const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runs-'));
  const harness = await new LocalHarness().start();
  try {
    const first = await runPipeline({ backend: harness, definition: loadPipelineDefinition(), landingDir: landing, runsRoot });
    console.log(`pipeline ${first.record.status}: ${first.record.jobs.map((j) => `${j.name} ${j.seconds}s`).join(', ')}`);
    for (const script of process.argv.slice(2)) {
      const run = await harness.runJob({ jobName: path.basename(script, '.py'), script: path.resolve(script), arguments: {} });
      console.log(`\n===== ${script} ${run.state} ${run.executionSeconds}s\n${run.output}${run.error ? `\n${run.error.traceback ?? run.error.message}` : ''}`);
    }
  } finally {
    await harness.stop();
    fs.rmSync(runsRoot, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
