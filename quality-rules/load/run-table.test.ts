import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { catalogTablePath, tableDataDir } from '../../common/run-dir';
import { glueTable } from '../test-support/run-dir-writer';
import { loadRunTable } from './run-table';

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
    expect(loaded.table.toArrow().getChild('sharewithresearchasofdate')!.toArray()).toEqual(new BigInt64Array([5n, 0n]));
    expect(loaded.table.toArrow().getChild('sharewithresearchasofdate')!.nullCount).toBe(1);
  });

  it('reads Parquet by column name, case-insensitively; a file column of another type is NULL and in the ledger', async () => {
    // Athena reads Hive Parquet columns by name and fails reading a column whose file type does not
    // match the catalog (HIVE_BAD_DATA); the table layer records it per object: table/parquet/read-parquet-object.ts.
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
    expect(loaded.table.toArrow().toArray().map((r) => r.toJSON())).toEqual([
      { sensorreadingtime: 1n, serialnumber: 's1', x: null, missing: null },
      { sensorreadingtime: 2n, serialnumber: 's2', x: null, missing: null },
    ]);
    expect(loaded.ledger?.records).toBe(2);
    expect(loaded.ledger?.reasons).toHaveProperty('parquet-type-mismatch');
  });

  it('reads partition columns from key=value directories', async () => {
    const entry = glueTable('stedi', 'p', { zone: 'trusted', format: 'json', columns: { v: 'int' } });
    writeCatalog('p', { ...entry, PartitionKeys: [{ Name: 'day', Type: 'string' }] });
    const dir = path.join(tableDataDir(runDir, 'stedi', 'p'), 'day=2023-01-02');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'part-0.json'), '{"v":1}\n');
    const loaded = await loadRunTable(runDir, 'stedi', 'p');
    expect(loaded.table.toArrow().toArray().map((r) => r.toJSON())).toEqual([{ v: 1, day: '2023-01-02' }]);
  });

  it('names the table when it is not in the run, and the file and key when the catalog entry is bad', async () => {
    await expect(loadRunTable(runDir, 'stedi', 'nope')).rejects.toThrow('table stedi.nope is not in run');
    writeCatalog('bad', { Name: 'bad', StorageDescriptor: { Columns: [{ Name: 7, Type: 'string' }] } });
    await expect(loadRunTable(runDir, 'stedi', 'bad')).rejects.toThrow(/bad\.json is not a valid Glue catalog table: StorageDescriptor\.Columns\[0\]\.Name: /);
  });

  it('counts exactly the rows the table layer counts, with the ledger beside the Arrow table', async () => {
    writeCatalog('acc', glueTable('stedi', 'acc', { zone: 'landing', format: 'json', columns: { user: 'string', timestamp: 'bigint' } }));
    const dir = tableDataDir(runDir, 'stedi', 'acc');
    // Built here: 4 good lines in two files, one with trailing `},` content (a row, with an issue), one blank.
    fs.writeFileSync(path.join(dir, 'a.json'), '{"user":"a","timestamp":1}\n{"user":"b","timestamp":2},\n\n');
    fs.writeFileSync(path.join(dir, 'b.json'), '{"user":"c","timestamp":3}\n{"user":"d","timestamp":4}\n');
    const loaded = await loadRunTable(runDir, 'stedi', 'acc');
    expect(loaded.table.numRows).toBe(4);
    expect(loaded.ledger).toMatchObject({ rows: 4, records: 4, acceptedWithIssues: 1, rejected: 0, skipped: 1 });
    expect(loaded.problems).toEqual([{ file: 'a.json', line: 2, reason: expect.stringMatching(/^trailing-content: /) }]);
    expect(loaded.files).toEqual(['a.json', 'b.json']);
  });
});
