import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPipelineDefinition, runPipeline, type PipelineRun } from '../pipeline';
import type { SharedHarnessClient } from '../harness';
import { describeIntegration, REAL_DATA_DIR, sharedHarness } from './integration';

/** DESIGN.md §2: the rows each table must have on the real 2023 starter data. */
const SPECIFIED_COUNTS = {
  customer_landing: 956,
  accelerometer_landing: 81_273,
  step_trainer_landing: 28_680,
  customer_trusted: 482,
  accelerometer_trusted: 40_981,
  customers_curated: 482,
  step_trainer_trusted: 14_460,
  machine_learning_curated: 43_681,
};

const hasRealData = fs.existsSync(REAL_DATA_DIR);
if (!hasRealData) console.warn(`skipping the real-data pipeline tests: ${REAL_DATA_DIR} is absent`);
const describeRealData = hasRealData ? describeIntegration : describe.skip;

function counts(run: PipelineRun): Record<string, number | null> {
  return Object.fromEntries(Object.keys(SPECIFIED_COUNTS).map((name) => [name, run.record.tables[name]?.rows ?? null]));
}

// One file, so the runs that share the STEDI bucket and database never overlap.
describeRealData('the STEDI pipeline on the real 2023 data', () => {
  let backend: SharedHarnessClient;
  beforeAll(() => {
    backend = sharedHarness();
  });
  const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-runs-'));
  const definition = loadPipelineDefinition();
  let first: PipelineRun;

  afterAll(() => backend.stop());

  it('produces the specified row count for every table, read back from S3', async () => {
    first = await runPipeline({ backend, definition, landingDir: REAL_DATA_DIR, runsRoot });
    expect(first.record.jobs.map((job) => [job.name, job.state, job.error?.message])).toEqual(
      definition.jobs.map((job) => [job.name, 'SUCCEEDED', undefined]),
    );
    expect(counts(first)).toEqual(SPECIFIED_COUNTS);
    expect(first.rejectedLanding.count).toBe(0);
  }, 900_000);

  it('saves a run directory that later commands can read offline', () => {
    const saved = JSON.parse(fs.readFileSync(path.join(first.runDir, 'run.json'), 'utf8'));
    expect(saved.tables.machine_learning_curated.rows).toBe(SPECIFIED_COUNTS.machine_learning_curated);
    const catalog = JSON.parse(fs.readFileSync(path.join(first.runDir, 'catalog', 'stedi', 'customer_trusted.json'), 'utf8'));
    expect(catalog.StorageDescriptor.Location).toMatch(/^s3:\/\/stedi-lakehouse\/customer\/trusted\/?$/);
    expect(fs.readdirSync(path.join(first.runDir, 'data', 'stedi', 'customer_trusted')).some((f) => f.endsWith('.json'))).toBe(true);
    expect(fs.realpathSync(path.join(runsRoot, 'latest'))).toBe(fs.realpathSync(first.runDir));
    expect(fs.existsSync(path.join(first.runDir, 'jobs', 'machine_learning_curated.log'))).toBe(true);
  });

  it('gives the same counts when run again in the same harness (no appended duplicates)', async () => {
    const second = await runPipeline({ backend, definition, landingDir: REAL_DATA_DIR, runsRoot });
    expect(counts(second)).toEqual(SPECIFIED_COUNTS);
  }, 900_000);
});
