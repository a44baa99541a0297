/**
 * queryCatalog against the shared emulator: a table created in the emulated Glue catalog from
 * Athena DDL, objects put in the emulated S3, queried with the same engine as a saved run.
 */
import { CreateDatabaseCommand, CreateTableCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { parseCreateTable } from '../table/ddl/parse-create-table';
import { queryCatalog } from './query-run';
import { describeIntegration, sharedHarness } from '../harness/testing/integration';

describeIntegration('queryCatalog on the emulator', () => {
  // Own bucket and database: other suites share the emulator.
  const bucket = `athena-query-catalog-${process.pid}`;
  const database = `athena_query_catalog_${process.pid}`;
  // Created in beforeAll: describe.skip still evaluates this body when no harness was started.
  let backend: ReturnType<typeof sharedHarness>;

  beforeAll(async () => {
    backend = sharedHarness();
    await backend.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await backend.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: database } }));
    const { tableInput } = parseCreateTable(
      `CREATE EXTERNAL TABLE events (user string, timestamp bigint, x double)
       ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
       LOCATION 's3://${bucket}/events/landing/' TBLPROPERTIES ('classification'='json')`,
    );
    await backend.glue.send(new CreateTableCommand({ DatabaseName: database, TableInput: tableInput }));
    await backend.s3.send(new PutObjectCommand({
      Bucket: bucket,
      Key: 'events/landing/a/part-0.json',
      Body: '{"user":"a@x.test","timestamp":1655564444103,"x":1.0}\n{"User":"b@x.test","timestamp":"1655564440170"}\n',
    }));
    await backend.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'events/landing/_SUCCESS', Body: 'not data' }));
    await backend.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'events/other/ignored.json', Body: '{"user":"c"}\n' }));
  });

  afterAll(() => backend?.stop());

  it('reads table definitions with GetTables and objects from S3, with the same result shape as queryRun', async () => {
    const result = await queryCatalog({ glue: backend.glue, s3: backend.s3, database, sql: 'SELECT "user", "timestamp", x FROM events ORDER BY 1' });
    expect(result.columns).toEqual([{ name: 'user', type: 'varchar' }, { name: 'timestamp', type: 'bigint' }, { name: 'x', type: 'double' }]);
    expect(result.rows).toEqual([['a@x.test', 1655564444103, 1], ['b@x.test', 1655564440170, null]]);
    expect(result.database).toBe(database);
  });

  it('lists the catalog tables when a table is unknown', async () => {
    await expect(queryCatalog({ glue: backend.glue, s3: backend.s3, database, sql: 'SELECT * FROM nope' })).rejects.toMatchObject({
      code: 'QUERY_UNKNOWN_TABLE',
      message: expect.stringContaining(`${database}.events`),
    });
  });
});
