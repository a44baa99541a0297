import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPipelineDefinition, runPipeline } from '../pipeline';
import type { SharedHarnessClient } from '../harness';
import { describeIntegration, sharedHarness } from './integration';

/** A tiny pipeline of its own (own bucket and database): one job raises, its dependant must be skipped. */
function failingPipeline(): { file: string; landing: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'failing-pipeline-'));
  fs.writeFileSync(
    path.join(dir, 'events.sql'),
    `CREATE EXTERNAL TABLE failing_test.events (id bigint, kind string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat' OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://failing-test-bucket/events/landing/'
TBLPROPERTIES ('classification'='json')\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'explode.py'),
    `import sys
from awsglue.utils import getResolvedOptions
args = getResolvedOptions(sys.argv, ["JOB_NAME", "marker"])
print("about to fail", args["marker"])
raise ValueError("deliberate failure " + args["marker"])
`,
  );
  fs.writeFileSync(path.join(dir, 'ok.py'), 'print("still serving")\n');
  fs.writeFileSync(path.join(dir, 'never.py'), 'raise RuntimeError("a skipped job must not run")\n');
  fs.writeFileSync(
    path.join(dir, 'pipeline.yaml'),
    `schemaVersion: 1
name: failing
database: failing_test
buckets: [failing-test-bucket]
tables:
  - { name: events, zone: landing, ddl: events.sql, landing: events }
  - { name: events_trusted, zone: trusted }
  - { name: events_curated, zone: curated }
jobs:
  - { name: explode, script: explode.py, arguments: { --marker: m-42 }, inputs: [events], outputs: [events_trusted] }
  - { name: never, script: never.py, inputs: [events_trusted], outputs: [events_curated] }
`,
  );
  const landing = path.join(dir, 'landing');
  fs.mkdirSync(path.join(landing, 'events'), { recursive: true });
  fs.writeFileSync(path.join(landing, 'events', 'e.json'), '{"id": 1, "kind": "a"}\n{"id": 2, "kind": "b"}\n');
  return { file: path.join(dir, 'pipeline.yaml'), landing };
}

describeIntegration('a job that raises', () => {
  let backend: SharedHarnessClient;
  beforeAll(() => {
    backend = sharedHarness();
  });
  afterAll(() => backend.stop());

  it('is FAILED with its traceback in the run record, its dependant is SKIPPED, and the server goes on', async () => {
    const { file, landing } = failingPipeline();
    const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'failing-runs-'));
    const run = await runPipeline({ backend, definition: loadPipelineDefinition(file), landingDir: landing, runsRoot });
    const [explode, never] = run.record.jobs;
    expect(explode?.state).toBe('FAILED');
    expect(explode?.error?.type).toBe('ValueError');
    expect(explode?.error?.message).toContain('deliberate failure m-42');
    expect(explode?.error?.traceback).toMatch(/Traceback[\s\S]*explode\.py/);
    expect(never?.state).toBe('SKIPPED');
    expect(never?.skippedBecause).toEqual(['explode']);
    expect(run.record.status).toBe('FAILED');
    expect(run.record.tables.events?.rows).toBe(2);
    expect(fs.readFileSync(path.join(run.runDir, 'jobs', 'explode.log'), 'utf8')).toContain('about to fail m-42');

    // The same server runs the next script.
    const next = await backend.runJob({ jobName: 'after_failure', script: path.join(path.dirname(file), 'ok.py') });
    expect(next.state).toBe('SUCCEEDED');
    expect(next.output).toContain('still serving');
  }, 300_000);
});
