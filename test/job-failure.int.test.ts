import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPipelineDefinition, runPipeline } from '../pipeline';
import { runQualityGate } from '../quality-rules';
import type { SharedHarnessClient } from '../harness';
import { describeIntegration, sharedHarness } from '../harness/testing/integration';

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

/**
 * A pipeline whose first job evaluates a ruleset itself and fails on a failed rule, as a Glue
 * Studio job with "fail the job when data quality fails" does (the EvaluateDataQuality node's
 * StopJobOnFailureOptions, https://docs.aws.amazon.com/glue/latest/webapi/API_EvaluateDataQuality.html;
 * the script raises when an outcome is Failed), a job that sleeps past its timeout, and an
 * independent job after both.
 */
function dataQualityAndTimeoutPipeline(): { file: string; landing: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dq-timeout-pipeline-'));
  fs.writeFileSync(
    path.join(dir, 'events.sql'),
    `CREATE EXTERNAL TABLE dq_timeout_test.events (id bigint, kind string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://dq-timeout-bucket/events/landing/'
TBLPROPERTIES ('classification'='json')\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'checked.py'),
    `import sys
from awsglue.context import GlueContext
from awsglue.utils import getResolvedOptions
from awsgluedq.transforms import EvaluateDataQuality
from pyspark.context import SparkContext
args = getResolvedOptions(sys.argv, ["JOB_NAME"])
glue = GlueContext(SparkContext.getOrCreate())
events = glue.create_dynamic_frame.from_catalog(database="dq_timeout_test", table_name="events")
ruleset = """Rules = [
    # level: warning
    RowCount > 100,
    IsComplete "kind"
]"""
outcomes = EvaluateDataQuality.apply(frame=events, ruleset=ruleset, publishing_options={"dataQualityEvaluationContext": "checked", "enableDataQualityResultsPublishing": False})
failed = outcomes.toDF().filter("Outcome = 'Failed'").count()
assert failed == 0, f"The job failed due to failing DQ rules: {failed}"
`,
  );
  fs.writeFileSync(path.join(dir, 'sleepy.py'), 'import time\nprint("sleeping", flush=True)\ntime.sleep(600)\n');
  fs.writeFileSync(path.join(dir, 'ok.py'), 'print("independent job ran")\n');
  fs.writeFileSync(
    path.join(dir, 'pipeline.yaml'),
    `schemaVersion: 1
name: dq-timeout
database: dq_timeout_test
buckets: [dq-timeout-bucket]
tables:
  - { name: events, zone: landing, ddl: events.sql, landing: events }
  - { name: checked_events, zone: clean }
  - { name: after_checked, zone: gold }
  - { name: slept, zone: clean }
  - { name: after_sleep, zone: gold }
  - { name: independent, zone: gold }
jobs:
  - { name: checked, script: checked.py, inputs: [events], outputs: [checked_events] }
  - { name: after_checked, script: ok.py, inputs: [checked_events], outputs: [after_checked] }
  - { name: sleepy, script: sleepy.py, inputs: [events], outputs: [slept], timeout: 1 }
  - { name: after_sleep, script: ok.py, inputs: [slept], outputs: [after_sleep] }
  - { name: independent, script: ok.py, inputs: [events], outputs: [independent] }
`,
  );
  const landing = path.join(dir, 'landing');
  fs.mkdirSync(path.join(landing, 'events'), { recursive: true });
  // kind is missing in one record: IsComplete "kind" fails (error level), RowCount > 100 fails (warning).
  fs.writeFileSync(path.join(landing, 'events', 'e.json'), '{"id": 1, "kind": "a"}\n{"id": 2}\n{"id": 3, "kind": "c"}\n');
  return { file: path.join(dir, 'pipeline.yaml'), landing };
}

describeIntegration('in-job data quality and timeouts', () => {
  let backend: SharedHarnessClient;
  beforeAll(() => {
    backend = sharedHarness();
  });
  afterAll(() => backend.stop());

  it('a job failing on its own ruleset is FAILED, a job past its timeout is TIMEOUT, their dependants SKIPPED, the rest runs', async () => {
    const { file, landing } = dataQualityAndTimeoutPipeline();
    const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'dq-timeout-runs-'));
    // 0.5 minutes for every job, overriding sleepy's own 1 minute as StartJobRun's Timeout
    // overrides the job's (https://docs.aws.amazon.com/glue/latest/webapi/API_StartJobRun.html).
    const run = await runPipeline({ backend, definition: loadPipelineDefinition(file), landingDir: landing, runsRoot, jobTimeoutMinutes: 0.5 });
    const state = Object.fromEntries(run.record.jobs.map((job) => [job.name, job.state]));
    expect(state).toEqual({ checked: 'FAILED', after_checked: 'SKIPPED', sleepy: 'TIMEOUT', after_sleep: 'SKIPPED', independent: 'SUCCEEDED' });
    const checked = run.record.jobs.find((job) => job.name === 'checked')!;
    expect(checked.error?.message).toContain('The job failed due to failing DQ rules: 2');
    expect(checked.dataQuality?.[0]?.outcomes.map((o) => [o.Rule, o.Outcome])).toEqual([
      ['RowCount > 100', 'Failed'],
      ['IsComplete "kind"', 'Failed'],
    ]);
    expect(run.record.jobs.find((job) => job.name === 'after_sleep')?.skippedBecause).toEqual(['sleepy']);
    expect(run.record.status).toBe('FAILED');

    // The gate counts what the job evaluated, at the ruleset's levels, marked with the job.
    const gate = await runQualityGate({ runDir: run.runDir });
    expect(gate.outcomes.filter((o) => o.table === 'job checked').map((o) => `${o.rule} ${o.outcome} ${o.level}`)).toEqual([
      'RowCount > 100 Failed warning',
      'IsComplete "kind" Failed error',
    ]);
    expect(gate.exitCode).toBe(1);
  }, 600_000);
});
