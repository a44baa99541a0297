import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseCreateTable } from '../table';
import type { TableDefinition } from './definition';
import { loadPipelineDefinition } from './definition';
import { findLandingFiles, readLandingFolder } from './staging';

const definition = loadPipelineDefinition();

function landingWith(folders: Record<string, Record<string, string>>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'landing-'));
  for (const [folder, files] of Object.entries(folders)) {
    fs.mkdirSync(path.join(root, folder), { recursive: true });
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(root, folder, name), content);
  }
  return root;
}

describe('landing checks', () => {
  it('names a missing landing directory', () => {
    expect(() => findLandingFiles('/nonexistent/landing', definition.tables)).toThrow(/landing directory \/nonexistent\/landing does not exist/);
  });

  it('names the missing folder and the table it feeds', () => {
    const root = landingWith({ 'customer/landing': { 'a.json': '{}\n' } });
    expect(() => findLandingFiles(root, definition.tables)).toThrow(/accelerometer\/landing does not exist: accelerometer_landing/);
  });

  it('names an empty folder', () => {
    const root = landingWith({ 'customer/landing': { 'a.json': '{}\n' }, 'accelerometer/landing': {}, 'step_trainer/landing': { 'a.json': '{}\n' } });
    expect(() => findLandingFiles(root, definition.tables)).toThrow(/accelerometer\/landing has no files/);
  });

  it('finds json files in any layout below each folder', () => {
    const root = landingWith({
      'customer/landing': { 'a.json': '{}\n' },
      'customer/landing/2023/06': { 'b.json': '{}\n' },
      'accelerometer/landing': { 'a.json': '{}\n' },
      'step_trainer/landing': { 'a.json': '{}\n' },
    });
    expect(findLandingFiles(root, definition.tables).get('customer_landing')?.map((f) => path.relative(root, f))).toEqual([
      path.join('customer', 'landing', '2023', '06', 'b.json'),
      path.join('customer', 'landing', 'a.json'),
    ]);
  });
});

describe('reading a landing folder through the table layer', () => {
  const customer = definition.tables.find((t) => t.name === 'customer_landing')!;

  it('counts what Athena counts and locates every line it does not read cleanly', async () => {
    // Line 2 blank (skipped), line 3 ends in "}," (a row, trailing content), line 4 truncated (Athena refuses).
    const root = landingWith({ d: { 'x.json': '{"email":"a"}\n\n{"email":"b"},\n{"email":\n' } });
    const ledger = await readLandingFolder(customer, path.join(root, 'd'));
    expect(ledger.records).toBe(2);
    expect(ledger.rows).toBeNull();
    expect(ledger.athenaRefuses).toMatchObject({ key: 'x.json', line: 4 });
    expect(ledger.reasons).toEqual({ 'blank-line': 1, 'trailing-content': 1, 'malformed-json': 1 });
  });

  it('rejects a CSV file in a JSON landing folder by name instead of ignoring it', async () => {
    const root = landingWith({ d: { 'a.json': '{"email":"a"}\n', 'b.csv': 'email\nx\n', '_SUCCESS': '' } });
    const ledger = await readLandingFolder(customer, path.join(root, 'd'));
    expect(ledger.rows).toBe(1);
    expect(ledger.objectsWithIssues.map((o) => [o.key, o.reasons])).toEqual([['b.csv', { 'format-mismatch': 1 }]]);
    expect(ledger.skippedObjects).toEqual([{ key: '_SUCCESS', reason: 'hidden-underscore' }]);
  });
});

describe('landing tables in other formats', () => {
  const withDdl = (name: string, ddl: string): TableDefinition => {
    const { tableInput } = parseCreateTable(ddl, `${name}.sql`);
    return { name, database: 'shop', zone: 'landing', ddlTable: { database: 'shop', tableInput, location: 's3://b/x/' } } as unknown as TableDefinition;
  };

  it('reads a CSV landing table with its header skipped, and refuses a JSON file in it', async () => {
    const orders = withDdl('orders', "CREATE EXTERNAL TABLE shop.orders (id bigint, total double) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' LOCATION 's3://b/orders/' TBLPROPERTIES ('skip.header.line.count'='1')");
    const root = landingWith({ orders: { 'a.csv': 'id,total\n1,2.5\n2,3\n', 'b.csv.gz': '', 'c.json': '{"id": 3}\n' } });
    fs.writeFileSync(path.join(root, 'orders', 'b.csv.gz'), zlib.gzipSync('id,total\n3,1\n'));
    const ledger = await readLandingFolder(orders, path.join(root, 'orders'));
    expect(ledger.rows).toBe(3);
    expect(ledger.reasons).toEqual({ 'header-line': 2, 'format-mismatch': 1 });
    expect(ledger.objectsWithIssues.find((o) => o.reasons['format-mismatch'])?.key).toBe('c.json');
  });

  it('reads a Parquet landing table', async () => {
    const events = withDdl('events', "CREATE EXTERNAL TABLE shop.events (id bigint) STORED AS PARQUET LOCATION 's3://b/events/'");
    const root = landingWith({ events: {} });
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`COPY (SELECT range AS id FROM range(4)) TO '${path.join(root, 'events', 'part-0.parquet')}' (FORMAT PARQUET)`);
    connection.closeSync();
    instance.closeSync();
    const ledger = await readLandingFolder(events, path.join(root, 'events'));
    expect(ledger.rows).toBe(4);
  });
});
