/**
 * A job registers a catalog table named `../../../../x` (the issue's `../../x`, climbing far enough to leave the run directory whatever its layout) — legal for the Glue API, whose name pattern
 * only forbids line breaks (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-common.html,
 * "Single-line string pattern") — with data under its LOCATION. The export of the run must not
 * write anything outside the run directory (the table is refused by name, located in the run
 * record), and the other, independent job of the same run still succeeds and is counted.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPipelineDefinition, runPipeline } from '../pipeline';
import type { SharedHarnessClient } from '../harness';
import { describeIntegration, sharedHarness } from '../harness/testing/integration';

function listTree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describeIntegration('a catalog name that climbs out of the run directory', () => {
  let backend: SharedHarnessClient;
  beforeAll(() => {
    backend = sharedHarness();
  });
  afterAll(() => backend.stop());

  it('leaves nothing outside the run directory and the other jobs succeed', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-traversal-'));
    const project = path.join(work, 'project');
    const runsRoot = path.join(work, 'deep', 'er', 'runs');
    fs.mkdirSync(path.join(project, 'landing', 'events'), { recursive: true });
    fs.mkdirSync(runsRoot, { recursive: true });
    fs.writeFileSync(path.join(project, 'landing', 'events', 'e.json'), '{"id": 1}\n{"id": 2}\n');
    fs.writeFileSync(
      path.join(project, 'events.sql'),
      `CREATE EXTERNAL TABLE traversal_test.events (id bigint)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://traversal-test/events/'
TBLPROPERTIES ('classification'='json');\n`,
    );
    // What the hostile script writes: a table whose name climbs two levels, with a data object.
    fs.writeFileSync(
      path.join(project, 'climb.py'),
      `import boto3
s3 = boto3.client("s3")
s3.put_object(Bucket="traversal-test", Key="climb/escaped.json", Body=b'{"id": 9}\\n')
glue = boto3.client("glue")
glue.create_table(DatabaseName="traversal_test", TableInput={
    "Name": "../../../../x", "TableType": "EXTERNAL_TABLE", "Parameters": {"classification": "json"},
    "StorageDescriptor": {"Columns": [{"Name": "id", "Type": "bigint"}], "Location": "s3://traversal-test/climb/",
        "SerdeInfo": {"SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe"}}})
print("registered ../../x")
`,
    );
    fs.writeFileSync(
      path.join(project, 'copy.py'),
      `import sys
from awsglue.context import GlueContext
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
args = getResolvedOptions(sys.argv, ["JOB_NAME"])
glueContext = GlueContext(SparkContext.getOrCreate())
events = glueContext.create_dynamic_frame.from_catalog(database="traversal_test", table_name="events")
glueContext.purge_s3_path("s3://traversal-test/copied/", {"retentionPeriod": 0})
sink = glueContext.getSink(path="s3://traversal-test/copied/", connection_type="s3", updateBehavior="UPDATE_IN_DATABASE",
                           partitionKeys=[], enableUpdateCatalog=True)
sink.setCatalogInfo(catalogDatabase="traversal_test", catalogTableName="events_copy")
sink.setFormat("json")
sink.writeFrame(events)
`,
    );
    fs.writeFileSync(
      path.join(project, 'pipeline.yaml'),
      `schemaVersion: 1
name: traversal
database: traversal_test
buckets: [traversal-test]
tables:
  - { name: events, zone: landing, ddl: events.sql, landing: events }
  - { name: climbed, zone: other }
  - { name: events_copy, zone: trusted }
jobs:
  - { name: climb, script: climb.py, outputs: [climbed] }
  - { name: copy, script: copy.py, inputs: [events], outputs: [events_copy] }
`,
    );
    const outsideBefore = listTree(work);

    const run = await runPipeline({ backend, definition: loadPipelineDefinition(path.join(project, 'pipeline.yaml')), landingDir: path.join(project, 'landing'), runsRoot });

    expect(run.record.jobs.map((job) => [job.name, job.state])).toEqual([
      ['climb', 'SUCCEEDED'],
      ['copy', 'SUCCEEDED'],
    ]);
    expect(run.record.tables.events_copy?.rows).toBe(2);
    // The hostile table is named in the run record with the refusal, not exported.
    expect(JSON.stringify(run.record.tables)).toMatch(/PATH_ESCAPES_DESTINATION|escapes|outside/);
    // Nothing new anywhere under the work folder but the run directory and the `latest` marker,
    // and nothing named x anywhere.
    const runEntry = path.relative(work, run.runDir);
    const latest = path.join('deep', 'er', 'runs', 'latest');
    const outsideAfter = listTree(work).filter((entry) => entry !== runEntry && !entry.startsWith(`${runEntry}${path.sep}`) && !entry.startsWith(latest));
    expect(outsideAfter).toEqual(outsideBefore);
    expect(listTree(work).filter((entry) => path.basename(entry) === 'x' || path.basename(entry) === 'x.json')).toEqual([]);
  }, 600_000);
});
