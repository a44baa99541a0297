/**
 * `stedi run --job step_trainer_trusted --downstream --from-run <full run>`: the two jobs run on
 * the state the full run saved (restored into an emptied bucket and database), and every table
 * then equals the full run's, read through the table layer. The STEDI definition is copied with
 * its own bucket and database, as tests on the shared harness must not touch `stedi-lakehouse`.
 */
import { DeleteDatabaseCommand } from '@aws-sdk/client-glue';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDataset } from '../fixtures';
import type { SharedHarnessClient } from '../harness';
import { deletePrefix, readRunTable } from '../table';
import { describeIntegration, sharedHarness } from '../harness/testing/integration';
import { loadPipelineDefinition, planRerun, runPipeline, type PipelineDefinition, type PipelineRun } from './index';

const BUCKET = 'stedi-rerun-test';
const DATABASE = 'stedi_rerun_test';
const STEDI_DIR = __dirname;

/** The bundled STEDI definition with this test's bucket and database (scripts and rules as they are). */
function ownDefinition(dir: string): PipelineDefinition {
  const yaml = fs
    .readFileSync(path.join(STEDI_DIR, 'stedi.pipeline.yaml'), 'utf8')
    .replace(/^database: stedi$/m, `database: ${DATABASE}`)
    .replace(/^buckets: \[stedi-lakehouse\]$/m, `buckets: [${BUCKET}]`)
    .replace(/\{ --database: stedi, --bucket: stedi-lakehouse \}/g, `{ --database: ${DATABASE}, --bucket: ${BUCKET} }`)
    .replace(/\.\.\/glue-scripts\//g, `${path.join(STEDI_DIR, '..', 'glue-scripts')}/`)
    .replace(/^rules: \.\.\/quality-rules\/stedi/m, `rules: ${path.join(STEDI_DIR, '..', 'quality-rules', 'stedi')}`);
  fs.mkdirSync(path.join(dir, 'ddl'));
  for (const file of fs.readdirSync(path.join(STEDI_DIR, 'ddl'))) {
    const ddl = fs.readFileSync(path.join(STEDI_DIR, 'ddl', file), 'utf8').replace('`stedi`.', `\`${DATABASE}\`.`).replace('s3://stedi-lakehouse/', `s3://${BUCKET}/`);
    fs.writeFileSync(path.join(dir, 'ddl', file), ddl);
  }
  fs.writeFileSync(path.join(dir, 'pipeline.yaml'), yaml);
  const definition = loadPipelineDefinition(path.join(dir, 'pipeline.yaml'));
  // The copy must really be isolated from the bundled example.
  expect(definition.database).toBe(DATABASE);
  expect(definition.jobs.every((job) => job.arguments['--bucket'] === BUCKET)).toBe(true);
  return definition;
}

/** A table's rows as the table layer reads them from a run directory, order-independent. */
async function tableRows(runDir: string, table: string): Promise<{ columns: string[]; rows: string[] }> {
  const data = await readRunTable(runDir, DATABASE, table);
  return { columns: data.columns.map((c) => `${c.name} ${c.typeText}`), rows: data.rows.map((row) => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).sort() };
}

const dataFiles = (runDir: string, table: string): string[] => fs.readdirSync(path.join(runDir, 'data', DATABASE, table)).sort();

describeIntegration('rerunning one job and its dependants on a saved run', () => {
  let backend: SharedHarnessClient;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-rerun-'));
  const runsRoot = path.join(work, 'runs');
  let definition: PipelineDefinition;
  let full: PipelineRun;

  beforeAll(async () => {
    backend = sharedHarness();
    definition = ownDefinition(fs.mkdtempSync(path.join(work, 'definition-')));
  });
  afterAll(async () => {
    await backend.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('gives the tables a full run gives, running only the chosen jobs', async () => {
    const landing = path.join(work, 'landing');
    await generateDataset({ profile: 'stedi-2023', customers: 30, seed: 5, out: landing, progress: false });
    full = await runPipeline({ backend, definition, landingDir: landing, runsRoot });
    expect(full.record.jobs.map((job) => [job.name, job.state])).toEqual(definition.jobs.map((job) => [job.name, 'SUCCEEDED']));

    // Nothing of the full run is left in the emulator: whatever the rerun reads was restored.
    await deletePrefix(backend.s3, { bucket: BUCKET, prefix: '' });
    await backend.glue.send(new DeleteDatabaseCommand({ Name: DATABASE }));

    const plan = planRerun(definition, { job: 'step_trainer_trusted', downstream: true, fromRun: 'latest', runsRoot });
    expect(plan.fromRunDir).toBe(fs.realpathSync(full.runDir));
    expect(plan.jobs).toEqual(['step_trainer_trusted', 'machine_learning_curated']);
    const rerun = await runPipeline({ backend, definition, landingDir: plan.fromRunDir, landingLabel: plan.landingLabel, expected: plan.expected, runsRoot, restore: { fromRunDir: plan.fromRunDir, jobs: plan.jobs } });

    expect(rerun.record.jobs.map((job) => [job.name, job.state, job.error?.message])).toEqual([
      ['step_trainer_trusted', 'SUCCEEDED', undefined],
      ['machine_learning_curated', 'SUCCEEDED', undefined],
    ]);
    expect(rerun.record.status).toBe(full.record.status);
    // The restored inputs hold the bytes the full run's step_trainer_trusted read: the warm job
    // server (local master) reused that parse (stedi_glue/read_cache.py), and the table
    // comparison below shows the reuse changes no row.
    expect(rerun.record.jobs[0]?.inputs?.map((input) => [input.table, input.recordsRead > 0, input.reusedRead])).toEqual([
      ['step_trainer_landing', true, true],
      ['customers_curated', true, true],
    ]);
    const tables = definition.tables.map((t) => t.name);
    expect(Object.keys(rerun.record.tables).sort()).toEqual(Object.keys(full.record.tables).sort());
    for (const table of tables) {
      const [before, after] = [await tableRows(full.runDir, table), await tableRows(rerun.runDir, table)];
      expect([table, after.columns]).toEqual([table, before.columns]);
      expect([table, after.rows.length]).toEqual([table, before.rows.length]);
      expect([table, after.rows]).toEqual([table, before.rows]);
    }
    // The two jobs wrote their tables again (Spark names each file anew); the others were restored as they were.
    for (const rewritten of ['step_trainer_trusted', 'machine_learning_curated']) {
      expect(dataFiles(rerun.runDir, rewritten)).not.toEqual(dataFiles(full.runDir, rewritten));
    }
    for (const kept of ['customer_landing', 'customer_trusted', 'accelerometer_trusted', 'customers_curated']) {
      expect(dataFiles(rerun.runDir, kept)).toEqual(dataFiles(full.runDir, kept));
    }
    // The dataset is not empty where it matters: the comparison compares something.
    expect(rerun.record.tables.machine_learning_curated?.rows).toBeGreaterThan(0);
  }, 900_000);
});
