/**
 * The STEDI pipeline as five DuckDB SQL statements over the landing JSON lines, in process: the
 * floor a Glue-on-Spark emulation is measured against. Written from the table definitions of
 * DESIGN.md §2, not from the Glue scripts or the harness, so it is also an independent check of
 * the row counts. Each output is written as JSON lines to a temp directory, as the jobs write
 * theirs to S3.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export interface DuckReference {
  /** Reading the three landing folders into tables. */
  loadSeconds: number;
  /** Each transformation (query + JSON write), in pipeline order. */
  steps: Array<{ table: string; seconds: number; rows: number }>;
  totalSeconds: number;
}

const quoteLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** DESIGN.md §2, one statement per output table, over camelCase landing columns. */
const STEPS: Array<{ table: string; sql: string }> = [
  // customers with a shareWithResearchAsOfDate
  { table: 'customer_trusted', sql: 'SELECT * FROM customer_landing WHERE shareWithResearchAsOfDate IS NOT NULL' },
  // accelerometer readings whose user is the email of a trusted customer
  { table: 'accelerometer_trusted', sql: 'SELECT a.* FROM accelerometer_landing a WHERE a.user IN (SELECT email FROM customer_trusted)' },
  // trusted customers that have accelerometer data, one row per customer
  { table: 'customers_curated', sql: 'SELECT c.* FROM customer_trusted c WHERE c.email IN (SELECT "user" FROM accelerometer_trusted)' },
  // step-trainer readings whose serialNumber belongs to a curated customer
  { table: 'step_trainer_trusted', sql: 'SELECT s.* FROM step_trainer_landing s WHERE s.serialNumber IN (SELECT serialNumber FROM customers_curated)' },
  // step_trainer_trusted joined to accelerometer_trusted on sensorReadingTime = timestamp
  {
    table: 'machine_learning_curated',
    sql: 'SELECT s.sensorReadingTime, s.serialNumber, s.distanceFromObject, a.timestamp, a.x, a.y, a.z FROM step_trainer_trusted s JOIN accelerometer_trusted a ON s.sensorReadingTime = a."timestamp"',
  },
];

const LANDING: Record<string, string> = {
  customer_landing: 'customer/landing',
  accelerometer_landing: 'accelerometer/landing',
  step_trainer_landing: 'step_trainer/landing',
};

export async function runDuckReference(landingDir: string): Promise<DuckReference> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-duckdb-'));
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    const start = performance.now();
    for (const [table, folder] of Object.entries(LANDING)) {
      const glob = path.join(landingDir, folder, '*.json');
      await db.run(`CREATE TABLE ${table} AS SELECT * FROM read_json(${quoteLiteral(glob)}, format = 'newline_delimited', union_by_name = true)`);
    }
    const loadSeconds = (performance.now() - start) / 1000;
    const steps: DuckReference['steps'] = [];
    for (const step of STEPS) {
      const mark = performance.now();
      await db.run(`CREATE TABLE ${step.table} AS ${step.sql}`);
      await db.run(`COPY ${step.table} TO ${quoteLiteral(path.join(out, `${step.table}.json`))} (FORMAT json)`);
      const seconds = (performance.now() - mark) / 1000;
      const reader = await db.runAndReadAll(`SELECT count(*) FROM ${step.table}`);
      steps.push({ table: step.table, seconds, rows: Number(reader.getRows()[0]?.[0]) });
    }
    return { loadSeconds, steps, totalSeconds: (performance.now() - start) / 1000 };
  } finally {
    db.closeSync();
    instance.closeSync();
    fs.rmSync(out, { recursive: true, force: true });
  }
}
