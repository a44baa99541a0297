/**
 * Faults of the docker backend's Glue side: a job that kills its own job server process, a job
 * that takes the whole Glue container down (it terminates the container's PID 1, the job bridge,
 * so every process in the container dies), and a job whose container is `docker kill`ed from
 * outside while it runs, each fail alone: FAILED with a reason that
 * says what happened, and the next independent job of the same run SUCCEEDS and really works
 * (it reads the landing table through the catalog and writes a table whose row count the run
 * record shows: 2, the landing file's records, written by this test). Skipped, saying why, when
 * no Docker engine answers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRunRecord } from '../common/run-dir';
import { loadDockerBackend, silentProgress, type StartedDockerHarness } from '../harness';
import { dockerUnavailableReasonSync } from '../harness/docker/docker-engine';
import { SESSION_LABEL } from '../harness/docker/lifecycle';
import { loadPipelineDefinition, runPipeline, type RunEvent } from '../pipeline';
import { describeIntegration } from '../harness/testing/integration';

const unavailable = process.env.STEDI_SKIP_INTEGRATION === '1' ? 'STEDI_SKIP_INTEGRATION=1' : dockerUnavailableReasonSync();
if (unavailable) console.warn(`skipping the docker faults suite: ${unavailable}`);
const describeDocker = unavailable ? describe.skip : describeIntegration;

const DATABASE = 'docker_faults';
const BUCKET = 'docker-faults-bucket';

const ddl = (table: string, prefix: string): string => `CREATE EXTERNAL TABLE ${DATABASE}.${table} (id bigint, kind string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat' OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${BUCKET}/${prefix}/'
TBLPROPERTIES ('classification'='json')\n`;

/** Reads the landing table through the catalog and writes it to --target: proof the job ran on a working Spark. */
const COPY_SCRIPT = `import sys
from awsglue.context import GlueContext
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
args = getResolvedOptions(sys.argv, ["JOB_NAME", "target"])
glue = GlueContext(SparkContext.getOrCreate())
frame = glue.create_dynamic_frame.from_catalog(database="${DATABASE}", table_name="events")
print("events read:", frame.count())
glue.write_dynamic_frame.from_options(frame=frame, connection_type="s3", connection_options={"path": args["target"]}, format="json")
`;

function faultPipeline(): { file: string; landing: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-faults-'));
  fs.writeFileSync(path.join(dir, 'events.sql'), ddl('events', 'events/landing'));
  fs.writeFileSync(path.join(dir, 'copy_one.sql'), ddl('copy_one', 'copy/one'));
  fs.writeFileSync(path.join(dir, 'copy_two.sql'), ddl('copy_two', 'copy/two'));
  fs.writeFileSync(path.join(dir, 'copy_three.sql'), ddl('copy_three', 'copy/three'));
  fs.writeFileSync(path.join(dir, 'wait.py'), 'import time\nprint("waiting to be killed", flush=True)\ntime.sleep(600)\nprint("not killed")\n');
  fs.writeFileSync(path.join(dir, 'copy.py'), COPY_SCRIPT);
  fs.writeFileSync(path.join(dir, 'kill_server.py'), 'import os, signal\nprint("killing my job server process", flush=True)\nos.kill(os.getpid(), signal.SIGKILL)\n');
  // PID 1 of the Glue container is the job bridge; its SIGTERM handler exits, and the container with it.
  fs.writeFileSync(path.join(dir, 'kill_container.py'), 'import os, signal, time\nprint("terminating the container", flush=True)\nos.kill(1, signal.SIGTERM)\ntime.sleep(120)\nprint("the container survived")\n');
  fs.writeFileSync(
    path.join(dir, 'pipeline.yaml'),
    `schemaVersion: 1
name: docker-faults
database: ${DATABASE}
buckets: [${BUCKET}]
tables:
  - { name: events, zone: landing, ddl: events.sql, landing: events }
  - { name: crashed_server, zone: trusted }
  - { name: copy_one, zone: trusted, ddl: copy_one.sql }
  - { name: crashed_container, zone: trusted }
  - { name: copy_two, zone: trusted, ddl: copy_two.sql }
  - { name: killed_outside, zone: trusted }
  - { name: copy_three, zone: trusted, ddl: copy_three.sql }
jobs:
  - { name: kills_its_server, script: kill_server.py, inputs: [events], outputs: [crashed_server] }
  - { name: after_server_crash, script: copy.py, arguments: { --target: "s3://${BUCKET}/copy/one/" }, inputs: [events], outputs: [copy_one] }
  - { name: kills_its_container, script: kill_container.py, inputs: [events], outputs: [crashed_container] }
  - { name: after_container_crash, script: copy.py, arguments: { --target: "s3://${BUCKET}/copy/two/" }, inputs: [events], outputs: [copy_two] }
  - { name: killed_from_outside, script: wait.py, inputs: [events], outputs: [killed_outside] }
  - { name: after_docker_kill, script: copy.py, arguments: { --target: "s3://${BUCKET}/copy/three/" }, inputs: [events], outputs: [copy_three] }
`,
  );
  const landing = path.join(dir, 'landing');
  fs.mkdirSync(path.join(landing, 'events'), { recursive: true });
  fs.writeFileSync(path.join(landing, 'events', 'e.json'), '{"id": 1, "kind": "a"}\n{"id": 2, "kind": "b"}\n');
  return { file: path.join(dir, 'pipeline.yaml'), landing };
}

describeDocker('a job that crashes the Glue side of the docker backend', () => {
  let harness: StartedDockerHarness;

  beforeAll(async () => {
    const { DockerHarness } = loadDockerBackend();
    harness = await new DockerHarness().withProgress(silentProgress).start();
  }, 3_600_000);
  afterAll(() => harness?.stop());

  it('fails only that job: the next independent job runs, on a restarted server or in a new container', async () => {
    const { file, landing } = faultPipeline();
    const firstGlue = harness.containers.glue;
    const { connectDocker } = loadDockerBackend();
    const { docker } = await connectDocker();
    // `docker kill` of the Glue container while killed_from_outside sleeps in it (SIGKILL: exit code 137).
    let secondGlue: string | undefined;
    let killed: Promise<unknown> | undefined;
    const onEvent = (event: RunEvent): void => {
      if (event.type !== 'job-started' || event.job !== 'killed_from_outside') return;
      secondGlue = harness.containers.glue;
      killed = new Promise((resolve) => setTimeout(resolve, 15_000)).then(() => docker.getContainer(harness.containers.glue as string).kill());
    };
    const run = await runPipeline({ backend: harness, definition: loadPipelineDefinition(file), landingDir: landing, runsRoot: fs.mkdtempSync(path.join(os.tmpdir(), 'docker-faults-runs-')), onEvent });
    await killed;
    const jobs = Object.fromEntries(run.record.jobs.map((job) => [job.name, job]));

    expect(jobs.kills_its_server?.state).toBe('FAILED');
    expect(jobs.kills_its_server?.error?.type).toBe('JOB_SERVER_DIED');
    expect(jobs.kills_its_server?.error?.message).toContain('killed by SIGKILL');
    expect(fs.readFileSync(path.join(run.runDir, 'jobs', 'kills_its_server.log'), 'utf8')).toContain('killing my job server process');

    expect(jobs.kills_its_container?.state).toBe('FAILED');
    expect(jobs.kills_its_container?.error?.type).toBe('GLUE_CONTAINER_DIED');
    expect(jobs.kills_its_container?.error?.message).toContain(`the Glue container ${firstGlue} stopped during job kills_its_container`);
    expect(jobs.kills_its_container?.error?.message).toContain('only this job failed');

    expect(jobs.killed_from_outside?.state).toBe('FAILED');
    expect(jobs.killed_from_outside?.error?.type).toBe('GLUE_CONTAINER_DIED');
    expect(jobs.killed_from_outside?.error?.message).toContain(`the Glue container ${secondGlue} stopped during job killed_from_outside`);
    expect(jobs.killed_from_outside?.error?.message).toContain('exit code 137');
    expect(fs.readFileSync(path.join(run.runDir, 'jobs', 'killed_from_outside.log'), 'utf8')).toContain('waiting to be killed');

    for (const name of ['after_server_crash', 'after_container_crash', 'after_docker_kill']) {
      expect([name, jobs[name]?.state, jobs[name]?.error?.message]).toEqual([name, 'SUCCEEDED', undefined]);
      expect(fs.readFileSync(path.join(run.runDir, 'jobs', `${name}.log`), 'utf8')).toContain('events read: 2');
    }
    // What the two jobs after a crash wrote, counted from the emulated S3 (2: the landing file's records).
    expect(run.record.tables.copy_one?.rows).toBe(2);
    expect(run.record.tables.copy_two?.rows).toBe(2);
    expect(run.record.tables.copy_three?.rows).toBe(2);
    expect(readRunRecord(run.runDir).status).toBe('FAILED');

    // Each job after a container's death ran in a new Glue container; the dead ones are gone, not left behind.
    expect(new Set([firstGlue, secondGlue, harness.containers.glue]).size).toBe(3);
    expect(harness.glueContainerRestarts.map((restart) => restart.reason)).toEqual([
      expect.stringContaining(`the Glue container ${firstGlue} stopped`),
      expect.stringContaining(`the Glue container ${secondGlue} stopped`),
    ]);
    const names = (await docker.listContainers({ all: true, filters: { label: [`${SESSION_LABEL}=${harness.session}`] } })).map((c) => c.Names[0]?.replace(/^\//, ''));
    expect(names.sort()).toEqual([harness.containers.emulator, harness.containers.glue].sort());
  }, 1_800_000);
});
