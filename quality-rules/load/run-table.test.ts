import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { catalogTablePath, tableDataDir } from '../../common/run-dir';
import { glueTable } from '../test-support/run-dir-writer';
import { loadRunTable, readCatalogEntry } from './run-table';

let runDir: string;

beforeEach(() => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-table-'));
});

afterEach(() => {
  fs.rmSync(runDir, { recursive: true, force: true });
});

function writeCatalog(table: string, entry: Record<string, unknown>): void {
  const file = catalogTablePath(runDir, 'stedi', table);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(entry));
  fs.mkdirSync(tableDataDir(runDir, 'stedi', table), { recursive: true });
}

describe('loading a table of a run', () => {
  it('applies the catalog schema (lower-cased names, catalog types) to JSON objects', async () => {
    // The whole GetTable response is accepted, not only its Table.
    writeCatalog('customer_trusted', { Table: glueTable('stedi', 'customer_trusted', { zone: 'trusted', format: 'json', columns: { Email: 'string', ShareWithResearchAsOfDate: 'bigint' } }) });
    fs.writeFileSync(path.join(tableDataDir(runDir, 'stedi', 'customer_trusted'), 'part-0.json'), '{"email":"a@x","shareWithResearchAsOfDate":5}\n{"email":"b@x"}\n');
    const loaded = await loadRunTable(runDir, 'stedi', 'customer_trusted');
    expect(loaded.columns.map((c) => `${c.name}:${c.kind}`)).toEqual(['email:string', 'sharewithresearchasofdate:bigint']);
    expect(loaded.table.getChild('sharewithresearchasofdate')!.toArray()).toEqual(new BigInt64Array([5n, 0n]));
    expect(loaded.table.getChild('sharewithresearchasofdate')!.nullCount).toBe(1);
  });

  it('reads Parquet through DuckDB, matching camelCase columns and coercing types', async () => {
    writeCatalog('ml', glueTable('stedi', 'ml', { zone: 'curated', format: 'parquet', columns: { sensorreadingtime: 'bigint', serialnumber: 'string', x: 'double', missing: 'string' } }));
    const file = path.join(tableDataDir(runDir, 'stedi', 'ml'), 'part-0.snappy.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`COPY (SELECT * FROM (VALUES (1::BIGINT, 's1', '1.5'), (2::BIGINT, 's2', NULL)) v(sensorReadingTime, serialNumber, x)) TO '${file}' (FORMAT PARQUET)`);
    connection.closeSync();
    instance.closeSync();
    fs.writeFileSync(path.join(tableDataDir(runDir, 'stedi', 'ml'), '_SUCCESS'), '');
    const loaded = await loadRunTable(runDir, 'stedi', 'ml');
    expect(loaded.format).toBe('parquet');
    expect(loaded.table.toArray().map((r) => r.toJSON())).toEqual([
      { sensorreadingtime: 1n, serialnumber: 's1', x: 1.5, missing: null },
      { sensorreadingtime: 2n, serialnumber: 's2', x: null, missing: null },
    ]);
  });

  it('reads partition columns from key=value directories', async () => {
    const entry = glueTable('stedi', 'p', { zone: 'trusted', format: 'json', columns: { v: 'int' } });
    writeCatalog('p', { ...entry, PartitionKeys: [{ Name: 'day', Type: 'string' }] });
    const dir = path.join(tableDataDir(runDir, 'stedi', 'p'), 'day=2023-01-02');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'part-0.json'), '{"v":1}\n');
    const loaded = await loadRunTable(runDir, 'stedi', 'p');
    expect(loaded.table.toArray().map((r) => r.toJSON())).toEqual([{ v: 1, day: '2023-01-02' }]);
  });

  it('names the table when it is not in the run, and the file when the catalog entry is bad', async () => {
    await expect(loadRunTable(runDir, 'stedi', 'nope')).rejects.toThrow('table stedi.nope is not in run');
    writeCatalog('bad', { Name: 'bad' });
    expect(() => readCatalogEntry(catalogTablePath(runDir, 'stedi', 'bad'))).toThrow(/bad\.json has no StorageDescriptor\.Columns/);
  });
});
