/**
 * When moto dies in the middle of a run, the run record says so in words ("the emulator died …",
 * from the backend's emulatorStatus()) rather than as a socket error, and the landing counts made
 * while staging are kept in run.json. Its own emulator, no Spark: the test kills it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRunRecord } from '../common/run-dir';
import { LocalHarness, silentProgress, type StartedLocalHarness } from '../harness';
import { loadPipelineDefinition, runPipeline } from '../pipeline';

const describeRuntime = process.env.STEDI_SKIP_INTEGRATION === '1' ? describe.skip : describe;

function project(): { file: string; landing: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'death-record-'));
  const ddl = (table: string): string =>
    `CREATE EXTERNAL TABLE death_test.${table} (id bigint) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://death-test-bucket/${table}/'\n`;
  fs.writeFileSync(path.join(dir, 'first.sql'), ddl('first'));
  fs.writeFileSync(path.join(dir, 'second.sql'), ddl('second'));
  fs.writeFileSync(path.join(dir, 'job.py'), 'print("never runs")\n');
  fs.writeFileSync(
    path.join(dir, 'pipeline.yaml'),
    `schemaVersion: 1
name: death
database: death_test
buckets: [death-test-bucket]
tables:
  - { name: first, zone: landing, ddl: first.sql, landing: first }
  - { name: second, zone: landing, ddl: second.sql, landing: second }
  - { name: out, zone: gold }
jobs:
  - { name: make_out, script: job.py, inputs: [first, second], outputs: [out] }
`,
  );
  const landing = path.join(dir, 'landing');
  for (const [table, lines] of [['first', 3], ['second', 2]] as const) {
    fs.mkdirSync(path.join(landing, table), { recursive: true });
    fs.writeFileSync(path.join(landing, table, 'part.json'), Array.from({ length: lines }, (_, i) => `{"id": ${i}}\n`).join(''));
  }
  return { file: path.join(dir, 'pipeline.yaml'), landing };
}

describeRuntime('a run whose emulator dies', () => {
  let harness: StartedLocalHarness;
  beforeAll(async () => {
    harness = await new LocalHarness().withoutSpark().withProgress(silentProgress).start();
  }, 1_800_000);
  afterAll(() => harness.stop());

  it('names the dead emulator in run.json and keeps the landing counts already made', async () => {
    const { file, landing } = project();
    const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'death-runs-'));
    const run = await runPipeline({
      backend: harness,
      definition: loadPipelineDefinition(file),
      landingDir: landing,
      runsRoot,
      onEvent: (event) => {
        if (event.type === 'staged' && event.staged.table === 'first') process.kill(harness.emulator.pid as number, 'SIGKILL');
      },
    });
    const saved = readRunRecord(run.runDir);
    expect(saved.status).toBe('FAILED');
    expect(saved.error).toMatch(/^staging the landing data failed: the emulator died \(signal SIGKILL\)/);
    expect(saved.error).toMatch(/counting the tables failed: the emulator died/);
    // `first` was staged (3 lines read) before the kill: its count stands; `second` never was.
    expect(saved.tables.first).toMatchObject({ rows: 3, zone: 'landing', location: 's3://death-test-bucket/first/' });
    expect(saved.tables.first?.error).toBeUndefined();
    expect(saved.tables.second).toMatchObject({ rows: null, error: expect.stringMatching(/^not counted: counting the tables failed/) });
    expect(saved.jobs).toEqual([{ name: 'make_out', jobRunId: null, state: 'SKIPPED', seconds: 0, skippedBecause: ['staging'] }]);
  }, 300_000);
});
