import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { queryRun } from '../query-run';
import { JSON_SERDE, makeRunDir } from '../test-support/run-fixture';

/** Writes a Parquet file with DuckDB (as Spark would: camelCase names, int32 for small ints). */
async function writeParquet(file: string, selectSql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (${selectSql}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('Parquet tables', () => {
  let workDir: string;
  let runDir: string;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-parquet-src-'));
    const fileA = path.join(workDir, 'a.parquet');
    const fileB = path.join(workDir, 'b.parquet');
    await writeParquet(fileA, `SELECT 1655564444103::BIGINT AS "sensorReadingTime", 'serial-1' AS "serialNumber", 218::INTEGER AS "distanceFromObject", 'x' AS label
      UNION ALL SELECT 1655564440170, 'serial-2', 230, 'y'`);
    // Second file lacks distanceFromObject entirely and has label as a number.
    await writeParquet(fileB, `SELECT 1655564416572::BIGINT AS "sensorReadingTime", 'serial-3' AS "serialNumber", 5::BIGINT AS label`);
    runDir = makeRunDir([
      {
        ddl: `CREATE EXTERNAL TABLE stedi.step_trainer_trusted (sensorreadingtime bigint, serialnumber string, distancefromobject bigint, label string)
              PARTITIONED BY (dt string)
              STORED AS PARQUET LOCATION 's3://b/step_trainer/trusted/' TBLPROPERTIES ('classification'='parquet')`,
        files: {
          'dt=2024-01-01/part-00000.snappy.parquet': fs.readFileSync(fileA),
          'dt=2024-01-02/part-00001.snappy.parquet': fs.readFileSync(fileB),
          'dt=2024-01-02/_SUCCESS': '',
          'stray.parquet': fs.readFileSync(fileA),
        },
      },
    ]);
  });

  afterAll(() => {
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.rmSync(runDir, { recursive: true, force: true });
  });

  it('matches columns by name case-insensitively, widens int to bigint, and reads absent columns as NULL', async () => {
    const result = await queryRun({
      runDir,
      sql: 'SELECT sensorreadingtime, serialnumber, distancefromobject, dt FROM step_trainer_trusted ORDER BY sensorreadingtime',
    });
    expect(result.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'sensorreadingtime:bigint', 'serialnumber:varchar', 'distancefromobject:bigint', 'dt:varchar',
    ]);
    expect(result.rows).toEqual([
      [1655564416572, 'serial-3', null, '2024-01-02'],
      [1655564440170, 'serial-2', 230, '2024-01-01'],
      [1655564444103, 'serial-1', 218, '2024-01-01'],
    ]);
    expect(result.warnings.join('\n')).toContain('1 object(s) outside any key=value partition path');
  });

  it('fails with HIVE_BAD_DATA only when a column whose Parquet type is incompatible is read', async () => {
    const count = await queryRun({ runDir, sql: 'SELECT COUNT(*) FROM step_trainer_trusted' });
    expect(count.rows).toEqual([[3]]);
    await expect(queryRun({ runDir, sql: 'SELECT label FROM step_trainer_trusted' })).rejects.toMatchObject({
      code: 'HIVE_BAD_DATA',
      message: expect.stringContaining('part-00001.snappy.parquet'),
    });
  });
});

describe('partitioned JSON tables', () => {
  it('take partition values from key=value paths, typed by the partition key', async () => {
    const runDir = makeRunDir([
      {
        ddl: `CREATE EXTERNAL TABLE stedi.events (id int) PARTITIONED BY (year int, source string) ${JSON_SERDE} LOCATION 's3://b/events/'`,
        files: {
          'year=2023/source=app/p.json': '{"id": 1}\n{"id": 2}\n',
          'year=2024/source=web/p.json': '{"id": 3}\n',
        },
      },
    ]);
    try {
      const result = await queryRun({ runDir, sql: 'SELECT year, source, SUM(id) AS total FROM events GROUP BY 1, 2 ORDER BY 1' });
      expect(result.columns.map((c) => c.type)).toEqual(['integer', 'varchar', 'bigint']);
      expect(result.rows).toEqual([[2023, 'app', 3], [2024, 'web', 3]]);
    } finally {
      fs.rmSync(runDir, { recursive: true, force: true });
    }
  });
});
