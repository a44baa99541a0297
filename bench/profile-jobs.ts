/**
 * Where a STEDI job's seconds go: runs the pipeline twice on one job server (the second run
 * warm) with STEDI_JOB_PROFILE set, then prints each job's top Python functions by cumulative
 * time (the driver's waits on the JVM included). Not a benchmark: profiling slows the jobs.
 * `npx tsx bench/profile-jobs.ts [LANDING_DIR] [OUT_DIR]`
 */
import '../common/quiet-warnings.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalHarness } from '../harness';
import { loadPipelineDefinition, runPipeline } from '../pipeline';

async function main(): Promise<void> {
  const landing = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', 'shared', 'data', 'stedi-2023'));
  const out = path.resolve(process.argv[3] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-profile-')));
  process.env.STEDI_JOB_PROFILE = out;
  const definition = loadPipelineDefinition();
  const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runs-'));
  const harness = await new LocalHarness().start();
  try {
    await runPipeline({ backend: harness, definition, landingDir: landing, runsRoot });
    await harness.emulator.reset();
    const run = await runPipeline({ backend: harness, definition, landingDir: landing, runsRoot });
    for (const job of run.record.jobs) {
      console.log(`\n===== ${job.name} ${job.seconds.toFixed(2)}s ${job.state}`);
      const file = path.join(out, `${job.name}.txt`);
      if (fs.existsSync(file)) console.log(fs.readFileSync(file, 'utf8'));
    }
    console.log(`profiles (.prof for snakeviz/pstats) in ${out}`);
  } finally {
    await harness.stop();
    fs.rmSync(runsRoot, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
