import { CreateDatabaseCommand, CreateTableCommand, GetTableCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SharedHarnessClient } from '../harness';
import { describeIntegration, sharedHarness } from '../harness/testing/integration';

/**
 * What a Glue script leaves in the emulated AWS, read back from TypeScript with the SDK: the
 * contract between the Python compatibility layer and everything downstream. Own bucket and
 * database, so it can share the harness with other suites.
 */
const BUCKET = 'fidelity-test-bucket';
const DATABASE = 'fidelity_test';

function script(name: string, body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fidelity-'));
  const file = path.join(dir, `${name}.py`);
  fs.writeFileSync(
    file,
    `import sys
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.transforms import Filter
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)
${body}
job.commit()
`,
  );
  return file;
}

describeIntegration('Glue scripts against the emulated S3 and catalog', () => {
  let backend: SharedHarnessClient;
  beforeAll(() => {
    backend = sharedHarness();
  });

  beforeAll(async () => {
    await backend.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await backend.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: DATABASE } }));
    // camelCase keys as they land; one record lacks the consent key, one has it null.
    const lines = [
      { customerName: 'Ann', email: 'ann@example.test', shareWithResearchAsOfDate: 1655564376361 },
      { customerName: 'Bob', email: 'bob@example.test' },
      { customerName: 'Cy', email: 'cy@example.test', shareWithResearchAsOfDate: null },
    ];
    await backend.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'customers/landing/part-1.json', Body: lines.map((l) => JSON.stringify(l)).join('\n') + '\n' }));
    await backend.glue.send(
      new CreateTableCommand({
        DatabaseName: DATABASE,
        TableInput: {
          Name: 'customers_landing',
          TableType: 'EXTERNAL_TABLE',
          Parameters: { classification: 'json' },
          StorageDescriptor: {
            Columns: [
              { Name: 'customername', Type: 'string' },
              { Name: 'email', Type: 'string' },
              { Name: 'sharewithresearchasofdate', Type: 'bigint' },
            ],
            Location: `s3://${BUCKET}/customers/landing/`,
            InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', Parameters: { 'case.insensitive': 'TRUE' } },
          },
        },
      }),
    );
  });

  afterAll(() => backend.stop());

  it('getSink(enableUpdateCatalog=True) leaves a table the SDK reads back: lower-cased columns, types, location, classification', async () => {
    const file = script(
      'sink_to_catalog',
      `frame = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
    connection_options={"paths": ["s3://${BUCKET}/customers/landing/"]})
sink = glueContext.getSink(path="s3://${BUCKET}/customers/trusted/", connection_type="s3",
    updateBehavior="UPDATE_IN_DATABASE", partitionKeys=[], enableUpdateCatalog=True, transformation_ctx="sink")
sink.setCatalogInfo(catalogDatabase="${DATABASE}", catalogTableName="customers_sink")
sink.setFormat("json")
sink.writeFrame(frame)`,
    );
    const run = await backend.runJob({ jobName: 'sink_to_catalog', script: file });
    expect(run.error).toBeNull();
    const { Table } = await backend.glue.send(new GetTableCommand({ DatabaseName: DATABASE, Name: 'customers_sink' }));
    expect(Table?.StorageDescriptor?.Location).toMatch(new RegExp(`^s3://${BUCKET}/customers/trusted/?$`));
    expect(Table?.Parameters?.classification).toBe('json');
    const columns = Object.fromEntries((Table?.StorageDescriptor?.Columns ?? []).map((c) => [c.Name, c.Type]));
    expect(columns).toEqual({ customername: 'string', email: 'string', sharewithresearchasofdate: 'bigint' });
  }, 300_000);

  it('from_catalog reads camelCase JSON keys into the lower-cased catalog columns', async () => {
    const file = script(
      'from_catalog_case',
      `frame = glueContext.create_dynamic_frame.from_catalog(database="${DATABASE}", table_name="customers_landing")
rows = sorted((r["email"], r["sharewithresearchasofdate"]) for r in frame.toDF().collect())
print("ROWS", rows)`,
    );
    const run = await backend.runJob({ jobName: 'from_catalog_case', script: file });
    expect(run.error).toBeNull();
    expect(run.output).toContain("ROWS [('ann@example.test', 1655564376361), ('bob@example.test', None), ('cy@example.test', None)]");
  }, 300_000);

  it('Filter drops a record whose function raises KeyError on an absent field, and keeps a null field', async () => {
    const file = script(
      'filter_semantics',
      `frame = glueContext.create_dynamic_frame.from_options(connection_type="s3", format="json",
    connection_options={"paths": ["s3://${BUCKET}/customers/landing/"]})
kept = Filter.apply(frame=frame, f=lambda row: not (row["shareWithResearchAsOfDate"] == 0))
print("KEPT", sorted(r["email"] for r in kept.toDF().collect()))`,
    );
    const run = await backend.runJob({ jobName: 'filter_semantics', script: file });
    expect(run.error).toBeNull();
    expect(run.output).toContain("KEPT ['ann@example.test', 'cy@example.test']");
  }, 300_000);

  it('EvaluateDataQuality evaluates a DQDL ruleset with Deequ and records the outcomes in the job run', async () => {
    const file = script(
      'evaluate_data_quality',
      `from awsgluedq.transforms import EvaluateDataQuality
frame = glueContext.create_dynamic_frame.from_catalog(database="${DATABASE}", table_name="customers_landing")
ruleset = 'Rules = [ RowCount = 3, IsComplete "sharewithresearchasofdate" ]'
EvaluateDataQuality().process_rows(frame=frame, ruleset=ruleset,
    publishing_options={"dataQualityEvaluationContext": "dq", "enableDataQualityResultsPublishing": False})`,
    );
    const run = await backend.runJob({ jobName: 'evaluate_data_quality', script: file });
    expect(run.error).toBeNull();
    const outcomes = run.dataQuality.flatMap((record) => record.outcomes).map((o) => [o.Rule, o.Outcome]);
    // Three customers, one with a consent date: the row count passes, completeness (1/3) fails.
    expect(outcomes).toEqual([
      ['RowCount = 3', 'Passed'],
      ['IsComplete "sharewithresearchasofdate"', 'Failed'],
    ]);
  }, 300_000);

  it('spark.sql sees the emulated catalog as its metastore', async () => {
    const file = script('sql_over_catalog', `print("COUNT", spark.sql("SELECT COUNT(*) AS n FROM ${DATABASE}.customers_landing").collect()[0]["n"])`);
    const run = await backend.runJob({ jobName: 'sql_over_catalog', script: file });
    expect(run.error).toBeNull();
    expect(run.output).toContain('COUNT 3');
  }, 300_000);
});
