/**
 * Parquet objects written by DuckDB in the test (snappy and zstd codecs), read through the table
 * layer as Athena reads Hive Parquet tables: columns by name case-insensitively, absent columns
 * NULL, incompatible file types NULL + HIVE_BAD_DATA for queries reading them, a non-Parquet
 * object in a Parquet table refused.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTable } from '../read-table';
import { tableFixture } from '../testing/table-fixture';

const ddl = "CREATE EXTERNAL TABLE db.p (id bigint, label string, day date, at timestamp, price decimal(6,2), tags array<string>) STORED AS PARQUET LOCATION 's3://b/p/'";

async function writeParquet(file: string, select: string, codec: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (${select}) TO '${file.replace(/'/g, "''")}' (FORMAT PARQUET, COMPRESSION ${codec})`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('Parquet tables', () => {
  it('reads every row with cells typed per column, over two codecs', async () => {
    const fixture = tableFixture(ddl, {});
    try {
      await writeParquet(path.join(fixture.dataDir, 'part-0.snappy.parquet'),
        "SELECT 1::BIGINT AS ID, 'a' AS Label, DATE '2022-06-18' AS day, TIMESTAMP '2022-06-18 14:59:36.361' AS at, 12.3::DECIMAL(6,2) AS price, ['x','y'] AS tags", 'snappy');
      await writeParquet(path.join(fixture.dataDir, 'part-1.zstd.parquet'), 'SELECT 2::INTEGER AS id', 'zstd');
      const data = await readTable(fixture);
      expect(data.rows).toEqual([
        [1n, 'a', Date.UTC(2022, 5, 18) / 86_400_000, BigInt(Date.UTC(2022, 5, 18, 14, 59, 36, 361)), '12.30', ['x', 'y']],
        [2n, null, null, null, null, null],
      ]);
      expect(data.ledger).toMatchObject({ rows: 2, accepted: 2, objects: 2 });
    } finally {
      fixture.cleanup();
    }
  });

  it('a file column of an incompatible type is NULL, a bad cell on every row, and noted', async () => {
    const fixture = tableFixture(ddl, {});
    try {
      await writeParquet(path.join(fixture.dataDir, 'part-0.parquet'), "SELECT 'not a number' AS id UNION ALL SELECT 'x'", 'snappy');
      const data = await readTable(fixture);
      expect(data.rows.map((r) => r[0])).toEqual([null, null]);
      expect(data.badCells).toHaveLength(2);
      expect(data.badCells[0]?.message).toContain('incompatible with type bigint');
      expect(data.ledger).toMatchObject({ rows: 2, reasons: { 'parquet-type-mismatch': 2 } });
    } finally {
      fixture.cleanup();
    }
  });

  it('an object that is not Parquet makes Athena refuse the table', async () => {
    const fixture = tableFixture(ddl, { 'part-0.parquet': '{"id": 1}\n' });
    try {
      const data = await readTable(fixture);
      expect(data.ledger.rows).toBeNull();
      expect(data.ledger.athenaRefuses).toMatchObject({ key: 'part-0.parquet', code: 'HIVE_CANNOT_OPEN_SPLIT' });
      expect(fs.existsSync(fixture.dataDir)).toBe(true);
    } finally {
      fixture.cleanup();
    }
  });
});
