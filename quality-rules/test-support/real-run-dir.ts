/**
 * A run directory built from the real STEDI 2023 starter data without Spark: the eight tables
 * of DESIGN.md §2 computed by a DuckDB SQL reference and written into a temporary directory
 * in the run-dir format. Landing tables keep the feeds' camelCase keys (so the loaders'
 * case-insensitive matching is exercised); machine_learning_curated is written as Parquet
 * (so the Parquet loader is exercised). The data never leaves the temporary directory.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { dataDir, writeRunSkeleton, type TableToWrite } from './run-dir-writer';
import { STEDI_2023_EXPECTED_ROWS, STEDI_TABLES } from './stedi-schemas';

/** Where the real data lives: $STEDI_REAL_DATA, else ../shared/data/stedi-2023 beside the repository. */
export function realDataDir(): string {
  return process.env.STEDI_REAL_DATA ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'stedi-2023');
}

export function hasRealData(dir = realDataDir()): boolean {
  return fs.existsSync(path.join(dir, 'customer', 'landing'));
}

const LANDING_SOURCES: Record<string, { folder: string; columns: Record<string, string> }> = {
  customer_landing: {
    folder: 'customer/landing',
    columns: {
      customerName: 'VARCHAR',
      email: 'VARCHAR',
      phone: 'VARCHAR',
      birthDay: 'VARCHAR',
      serialNumber: 'VARCHAR',
      registrationDate: 'BIGINT',
      lastUpdateDate: 'BIGINT',
      shareWithResearchAsOfDate: 'BIGINT',
      shareWithPublicAsOfDate: 'BIGINT',
      shareWithFriendsAsOfDate: 'BIGINT',
    },
  },
  accelerometer_landing: { folder: 'accelerometer/landing', columns: { user: 'VARCHAR', timestamp: 'BIGINT', x: 'DOUBLE', y: 'DOUBLE', z: 'DOUBLE' } },
  step_trainer_landing: {
    folder: 'step_trainer/landing',
    columns: { sensorReadingTime: 'BIGINT', serialNumber: 'VARCHAR', distanceFromObject: 'INTEGER' },
  },
};

/** The reference definitions of DESIGN.md §2 as SQL over the landing tables. */
const REFERENCE_SQL: Record<string, string> = {
  customer_trusted: `SELECT * FROM customer_landing WHERE shareWithResearchAsOfDate IS NOT NULL`,
  accelerometer_trusted: `SELECT a.* FROM accelerometer_landing a WHERE a."user" IN (SELECT email FROM customer_trusted)`,
  customers_curated: `SELECT * FROM customer_trusted WHERE email IN (SELECT "user" FROM accelerometer_trusted)`,
  step_trainer_trusted: `SELECT * FROM step_trainer_landing WHERE serialNumber IN (SELECT serialNumber FROM customers_curated)`,
  machine_learning_curated: `SELECT s.sensorReadingTime AS sensorreadingtime, s.serialNumber AS serialnumber,
      s.distanceFromObject AS distancefromobject, a."timestamp", a.x, a.y, a.z
    FROM step_trainer_trusted s JOIN accelerometer_trusted a ON s.sensorReadingTime = a."timestamp"`,
};

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Builds the run directory (in a new temporary directory unless `runDir` is given) and
 * returns its path. `expected` rows come from DESIGN.md §2, `rows` from the reference SQL.
 */
export async function buildRealDataRunDir(dataDir_ = realDataDir(), runDir?: string): Promise<string> {
  const out = runDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-real-run-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const tables: Record<string, TableToWrite> = {};
  try {
    for (const [name, source] of Object.entries(LANDING_SOURCES)) {
      const columns = `{${Object.entries(source.columns).map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`).join(', ')}}`;
      const glob = sqlString(path.join(dataDir_, source.folder, '*.json'));
      await connection.run(`CREATE TABLE ${name} AS SELECT * FROM read_json(${glob}, format = 'newline_delimited', columns = ${columns})`);
    }
    for (const [name, sql] of Object.entries(REFERENCE_SQL)) await connection.run(`CREATE TABLE ${name} AS ${sql}`);

    for (const [name, def] of Object.entries(STEDI_TABLES)) {
      const format = name === 'machine_learning_curated' ? 'parquet' : 'json';
      const count = Number((await connection.runAndReadAll(`SELECT count(*) FROM ${name}`)).getRowsJS()[0]![0]);
      tables[name] = { zone: def.zone, columns: def.columns, format, rows: count, expected: STEDI_2023_EXPECTED_ROWS[name] ?? null };
    }
    writeRunSkeleton(out, tables);
    for (const name of Object.keys(STEDI_TABLES)) {
      const target = path.join(dataDir(out, name), tables[name]!.format === 'parquet' ? 'part-00000.snappy.parquet' : 'part-00000.json');
      const options = tables[name]!.format === 'parquet' ? 'FORMAT PARQUET' : 'FORMAT JSON';
      await connection.run(`COPY ${name} TO ${sqlString(target)} (${options})`);
      // Spark leaves a _SUCCESS marker; the loaders must skip it.
      fs.writeFileSync(path.join(dataDir(out, name), '_SUCCESS'), '');
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return out;
}
