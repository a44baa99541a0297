/**
 * One full STEDI run on the real data, split into phases, vs the same five scripts as five
 * separate spark-submit processes (the AWS Glue Docker image's way), in one run.
 * `npx tsx bench/pipeline.bench.ts [LANDING_DIR]` (default ../shared/data/stedi-2023)
 */
import '../common/quiet-warnings.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalHarness } from '../harness';
import { applyDdl, ensureBucketsAndDatabases, tableFromDdl } from '../pipeline/catalog-setup';
import { findLandingFiles, stageLandingTable } from '../pipeline/staging';
import { loadPipelineDefinition, orderJobs, runPipeline } from '../pipeline';
import { provisionRuntime } from '../harness';
import { printComparison, since } from './format';
import { sparkConfFlags, sparkSubmit } from './spark-submit';

async function main(): Promise<void> {
  const landing = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', 'shared', 'data', 'stedi-2023'));
  const definition = loadPipelineDefinition();
  const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runs-'));
  const runtime = await provisionRuntime();
  const harness = await new LocalHarness().start();
  try {
    let lastJobEnd = 0;
    const mark = performance.now();
    const run = await runPipeline({
      backend: harness,
      definition,
      landingDir: landing,
      runsRoot,
      onEvent: (event) => {
        if (event.type === 'job-finished') lastJobEnd = performance.now();
      },
    });
    const total = since(mark);
    const countSeconds = (performance.now() - lastJobEnd) / 1000;
    const jobSeconds = run.record.jobs.reduce((sum, job) => sum + job.seconds, 0);
    console.log(`\nours, phase by phase (landing ${landing}):`);
    console.log(`  emulator start     ${harness.timings.emulatorStartSeconds.toFixed(2)}s`);
    console.log(`  Spark start        ${harness.timings.sparkStartSeconds.toFixed(2)}s`);
    console.log(`  staging + DDL      ${(total - jobSeconds - countSeconds).toFixed(2)}s`);
    for (const job of run.record.jobs) console.log(`  ${job.name.padEnd(33)} ${job.seconds.toFixed(2)}s ${job.state}`);
    console.log(`  counting + export  ${countSeconds.toFixed(2)}s`);

    // Reference: a clean emulator, the same staging, then spark-submit per script.
    await harness.emulator.reset();
    await ensureBucketsAndDatabases(harness.s3, harness.glue, definition);
    const files = findLandingFiles(landing, definition.tables);
    for (const table of definition.tables.filter((t) => t.zone === 'landing')) {
      const ddl = tableFromDdl(table);
      await applyDdl(harness.glue, ddl);
      await stageLandingTable(harness.s3, table, ddl.location as string, files.get(table.name) ?? [], path.join(landing, table.landing as string));
    }
    const flags = sparkConfFlags(runtime, harness.getEndpoint());
    const rows = [];
    let referenceTotal = 0;
    for (const job of orderJobs(definition.jobs)) {
      const args = Object.entries({ ...job.arguments, '--JOB_NAME': job.name }).flat();
      const seconds = await sparkSubmit(runtime, harness.getEndpoint(), flags, job.scriptPath, args);
      referenceTotal += seconds;
      const ours = run.record.jobs.find((j) => j.name === job.name)?.seconds ?? 0;
      rows.push({ label: job.name, ours, reference: seconds });
    }
    rows.push({ label: 'five jobs (ours incl. one Spark start)', ours: jobSeconds + harness.timings.sparkStartSeconds, reference: referenceTotal });
    printComparison('five STEDI jobs: job server (ours) vs five spark-submit processes (reference)', rows);
  } finally {
    await harness.stop();
    fs.rmSync(runsRoot, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
