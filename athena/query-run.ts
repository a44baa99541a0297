/**
 * One Athena SQL statement over a saved run (offline), or over the tables of a started emulator.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GlueClient, Table } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import { EmulatorError, InputError } from '../common/errors';
import { catalogTablePath, tableDataDir } from '../common/run-dir';
import { downloadPrefix, listCatalogTables, parseS3Location } from '../table';
import { AthenaSession } from './engine/athena-session';
import type { QueryResult } from './engine/result';

export interface QueryRunOptions {
  runDir: string;
  sql: string;
  /** Database for unqualified table names (default: the run's database; with several, the one holding the table). */
  database?: string;
}

/** Runs one read-only Athena statement over the catalog tables of a run directory. */
export async function queryRun(options: QueryRunOptions): Promise<QueryResult> {
  if (!fs.existsSync(options.runDir)) {
    throw new InputError('RUN_NOT_FOUND', `run directory ${options.runDir} does not exist`);
  }
  const session = await AthenaSession.open({ runDir: options.runDir, database: options.database, loadFor: options.sql });
  try {
    return await session.query(options.sql);
  } finally {
    session.close();
  }
}

export interface QueryCatalogOptions {
  glue: GlueClient;
  s3: S3Client;
  database: string;
  sql: string;
}

/**
 * The same query against a started emulator: table definitions from Glue GetTables, objects from
 * S3 (downloaded to a temporary run directory, then the same engine as queryRun).
 */
export async function queryCatalog(options: QueryCatalogOptions): Promise<QueryResult> {
  const database = options.database.toLowerCase();
  let tables: Table[];
  try {
    tables = await listCatalogTables(options.glue, database);
  } catch (error) {
    throw new EmulatorError('QUERY_CATALOG_UNAVAILABLE', `GetTables for database ${database} failed: ${(error as Error).message}`, error);
  }
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-athena-'));
  try {
    const referenced = new Set(
      tables.map((t) => (t.Name ?? '').toLowerCase()).filter((name) => new RegExp(`\\b${name.replace(/[^a-z0-9_]/g, '.')}\\b`, 'i').test(options.sql)),
    );
    for (const table of tables) {
      const name = (table.Name ?? '').toLowerCase();
      const file = catalogTablePath(tempDir, database, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(table, null, 2));
      const dataDir = tableDataDir(tempDir, database, name);
      fs.mkdirSync(dataDir, { recursive: true });
      // Only the objects of tables the SQL can name are fetched; the engine reads no others.
      const location = table.StorageDescriptor?.Location;
      if (referenced.has(name) && location) await downloadPrefix(options.s3, parseS3Location(location, `table ${name}`), dataDir);
    }
    return await queryRun({ runDir: tempDir, sql: options.sql, database });
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}
