/**
 * A partitioned table's partitions survive a save and restore where they were, a partition at a
 * custom LOCATION (outside the table's, as ALTER TABLE ADD PARTITION ... LOCATION makes one)
 * included: savePartitionLists writes partitions/<db>/<table>.json, restoreRun registers exactly
 * those instead of crawling `key=value/` folders (which would miss the custom one). On the shared
 * emulator, with this test's own database and bucket; no Spark job.
 */
import { BatchCreatePartitionCommand, CreateDatabaseCommand, CreateTableCommand, DeleteDatabaseCommand, GetPartitionsCommand, GetTableCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { partitionListPath, readPartitionList } from '../common/run-dir';
import type { SharedHarnessClient } from '../harness';
import { describeIntegration, sharedHarness } from '../harness/testing/integration';
import { restoreRun, savePartitionLists } from './restore-run';

const DATABASE = 'stedi_restore_partitions_test';
const BUCKET = 'stedi-restore-partitions-test';
const TABLE = 'events';
const LOCATION = `s3://${BUCKET}/events/`;

describeIntegration('partition lists in the run directory', () => {
  let backend: SharedHarnessClient;
  let runDir: string;

  beforeAll(() => {
    backend = sharedHarness();
    runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-partitions-'));
  });
  afterAll(async () => {
    await backend.glue.send(new DeleteDatabaseCommand({ Name: DATABASE })).catch(() => undefined);
    await backend.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  });

  it('restores each partition at its own LOCATION, a custom one included', async () => {
    await backend.s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
    await backend.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: DATABASE } }));
    const storage = {
      Columns: [{ Name: 'id', Type: 'int' }],
      Location: LOCATION,
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
    };
    await backend.glue.send(new CreateTableCommand({ DatabaseName: DATABASE, TableInput: { Name: TABLE, TableType: 'EXTERNAL_TABLE', StorageDescriptor: storage, PartitionKeys: [{ Name: 'day', Type: 'string' }] } }));
    const wanted = [
      { values: ['2024-01-01'], location: `${LOCATION}day=2024-01-01/` },
      { values: ['2024-01-02'], location: `s3://${BUCKET}/archive/jan-second/` }, // custom: no day= folder
    ];
    await backend.glue.send(new BatchCreatePartitionCommand({ DatabaseName: DATABASE, TableName: TABLE, PartitionInputList: wanted.map((p) => ({ Values: p.values, StorageDescriptor: { ...storage, Location: p.location } })) }));
    await backend.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'events/day=2024-01-01/part-0.json', Body: '{"id": 1}\n' }));

    // The run directory as the export leaves it: the catalog file (GetTable), then the partition lists.
    const table = (await backend.glue.send(new GetTableCommand({ DatabaseName: DATABASE, Name: TABLE }))).Table;
    fs.mkdirSync(path.join(runDir, 'catalog', DATABASE), { recursive: true });
    fs.writeFileSync(path.join(runDir, 'catalog', DATABASE, `${TABLE}.json`), JSON.stringify(table));
    fs.mkdirSync(path.join(runDir, 'data', DATABASE, TABLE, 'day=2024-01-01'), { recursive: true });
    fs.writeFileSync(path.join(runDir, 'data', DATABASE, TABLE, 'day=2024-01-01', 'part-0.json'), '{"id": 1}\n');
    expect(await savePartitionLists(backend.glue, runDir)).toEqual([`${DATABASE}.${TABLE}`]);
    const list = readPartitionList(partitionListPath(runDir, DATABASE, TABLE));
    expect(list.partitions.map((p) => [p.values, p.location]).sort()).toEqual(wanted.map((p) => [p.values, p.location]));

    await backend.glue.send(new DeleteDatabaseCommand({ Name: DATABASE }));
    const restored = await restoreRun(backend.s3, backend.glue, runDir);
    expect(restored).toEqual([{ database: DATABASE, name: TABLE, location: LOCATION, objects: 1, partitions: 2, customLocations: 1 }]);
    const after = (await backend.glue.send(new GetPartitionsCommand({ DatabaseName: DATABASE, TableName: TABLE }))).Partitions ?? [];
    expect(after.map((p) => [p.Values, p.StorageDescriptor?.Location]).sort()).toEqual(wanted.map((p) => [p.values, p.location]));
  });
});
