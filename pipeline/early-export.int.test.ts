/**
 * An export made while later jobs run is kept only when nothing it read changed: on the shared
 * moto emulator (no Spark), each case exports a JSON table early, changes one thing a later job
 * could change (an object rewritten, an object added, an object deleted, a catalog column), and
 * checks that the early export is dropped — together with the rows the gate's observer built from
 * it — and that the table's final export then counts what S3 holds. Expected counts are the lines
 * this test writes.
 */
import { CreateDatabaseCommand, CreateTableCommand, DeleteDatabaseCommand, DeleteTableCommand, GetTableCommand, UpdateTableCommand, type Table } from '@aws-sdk/client-glue';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SharedHarnessClient } from '../harness';
import { PreloadedTables } from '../quality-rules/gate/preloaded-tables';
import { loadRunTable } from '../quality-rules/load/run-table';
import { describeIntegration, sharedHarness } from '../harness/testing/integration';
import { EarlyExports } from './early-export';
import { exportTable } from './export-tables';

const DATABASE = 'stedi_early_export_test';
const BUCKET = 'stedi-early-export-test';

const lines = (from: number, count: number): string => Array.from({ length: count }, (_, i) => `{"id": ${from + i}}`).join('\n') + '\n';

describeIntegration('exports made while later jobs run', () => {
  let backend: SharedHarnessClient;
  let runDir: string;
  let counter = 0;

  beforeAll(async () => {
    backend = sharedHarness();
    runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-early-'));
    await backend.s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
    await backend.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: DATABASE } }));
  });
  afterAll(async () => {
    await backend.glue.send(new DeleteDatabaseCommand({ Name: DATABASE })).catch(() => undefined);
    await backend.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  });

  /** A new JSON table holding two objects of 3 and 2 lines. */
  async function tableWithTwoObjects(): Promise<{ name: string; prefix: string }> {
    const name = `t${++counter}`;
    const prefix = `${name}/`;
    await backend.glue.send(new CreateTableCommand({
      DatabaseName: DATABASE,
      TableInput: {
        Name: name,
        StorageDescriptor: { Columns: [{ Name: 'id', Type: 'bigint' }], Location: `s3://${BUCKET}/${prefix}`, SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' } },
        Parameters: { classification: 'json' },
      },
    }));
    await backend.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}a.json`, Body: lines(0, 3) }));
    await backend.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}b.json`, Body: lines(3, 2) }));
    return { name, prefix };
  }

  const catalogTable = async (name: string): Promise<Table> => (await backend.glue.send(new GetTableCommand({ DatabaseName: DATABASE, Name: name }))).Table!;

  /** Early export of `name`, then `change`, then what the end of the run does: take, else export again. */
  async function exportAround(name: string, change: () => Promise<void>) {
    const preloaded = new PreloadedTables();
    const early = new EarlyExports(backend, runDir, preloaded);
    early.start(DATABASE, name);
    await early.settled(); // the early export is done before the change
    await change();
    const table = await catalogTable(name);
    const kept = await early.take(table);
    const final = kept ?? await exportTable(backend.s3, table, runDir, { observers: preloaded });
    const loaded = preloaded.take(DATABASE, name);
    // What the gate got from the shared scan is what it reads from the run directory on its own (`stedi check`).
    const reread = await loadRunTable(runDir, DATABASE, name);
    expect(loaded?.table.toArrow().toArray().map((row) => row.toJSON())).toEqual(reread.table.toArrow().toArray().map((row) => row.toJSON()));
    const { table: _shared, ...sharedRest } = loaded ?? reread;
    const { table: _reread, ...rereadRest } = reread;
    expect(sharedRest).toEqual(rereadRest);
    return { kept: kept !== undefined, rows: final.rows, gateRows: loaded?.table.numRows, outcome: early.outcome };
  }

  it('keeps the early export when nothing changed, and the gate gets its rows', async () => {
    const { name } = await tableWithTwoObjects();
    const result = await exportAround(name, async () => undefined);
    expect(result).toEqual({ kept: true, rows: 5, gateRows: 5, outcome: { kept: 1, dropped: 0 } });
  });

  it('drops it when a later job rewrites an object', async () => {
    const { name, prefix } = await tableWithTwoObjects();
    const result = await exportAround(name, async () => {
      await backend.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}b.json`, Body: lines(3, 4) }));
    });
    expect(result).toEqual({ kept: false, rows: 7, gateRows: 7, outcome: { kept: 0, dropped: 1 } });
  });

  it('drops it when an object is added or deleted', async () => {
    const added = await tableWithTwoObjects();
    expect((await exportAround(added.name, async () => {
      await backend.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${added.prefix}c.json`, Body: lines(5, 1) }));
    })).rows).toBe(6);
    const deleted = await tableWithTwoObjects();
    const result = await exportAround(deleted.name, async () => {
      await backend.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${deleted.prefix}a.json` }));
    });
    // The deleted object's file, downloaded early, is not left in the run directory to be read.
    expect(result).toEqual({ kept: false, rows: 2, gateRows: 2, outcome: { kept: 0, dropped: 1 } });
  });

  it('drops it when the catalog entry reads differently (a column added)', async () => {
    const { name } = await tableWithTwoObjects();
    const result = await exportAround(name, async () => {
      const table = await catalogTable(name);
      const columns = [...table.StorageDescriptor!.Columns!, { Name: 'extra', Type: 'string' }];
      await backend.glue.send(new UpdateTableCommand({ DatabaseName: DATABASE, TableInput: { Name: name, StorageDescriptor: { ...table.StorageDescriptor, Columns: columns }, Parameters: table.Parameters } }));
    });
    expect(result.kept).toBe(false);
    expect(result.rows).toBe(5);
    expect(fs.readFileSync(path.join(runDir, 'catalog', DATABASE, `${name}.json`), 'utf8')).toContain('"extra"');
  });

  it('leaves nothing of a table a later job dropped from the catalog', async () => {
    const { name } = await tableWithTwoObjects();
    const preloaded = new PreloadedTables();
    const early = new EarlyExports(backend, runDir, preloaded);
    early.start(DATABASE, name);
    await early.settled();
    expect(fs.existsSync(path.join(runDir, 'catalog', DATABASE, `${name}.json`))).toBe(true);
    await backend.glue.send(new DeleteTableCommand({ DatabaseName: DATABASE, Name: name }));
    await early.discardUntaken(); // what counting does after listing the catalog without it
    expect(['catalog', 'ledger', 'data'].filter((dir) => fs.existsSync(path.join(runDir, dir, DATABASE, dir === 'data' ? name : `${name}.json`)))).toEqual([]);
    expect(preloaded.take(DATABASE, name)).toBeUndefined();
    expect(early.outcome).toEqual({ kept: 0, dropped: 1 });
  });

  it('gives the gate the table it reads again, bad lines, bad values and drifted keys included', async () => {
    const { name, prefix } = await tableWithTwoObjects();
    const messy = ['{"id": 7}', '{"ID": 8}', '{"id": "9"}', '{"id": 1.5}', 'not json', '', '{"id": 10} trailing', '{"id": 11, "id": 12}'].join('\n');
    await backend.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}c.json`, Body: `${messy}\n` }));
    // exportAround compares the shared scan's LoadedTable (rows, ledger, problems, drift) with a fresh read.
    const result = await exportAround(name, async () => undefined);
    expect(result.kept).toBe(true);
    expect(result.gateRows).toBe(result.rows);
  });
});
