/**
 * One Athena SQL statement over a saved run (offline), or over the tables of a started emulator.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GetTablesCommand, GlueClient, Table } from '@aws-sdk/client-glue';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { EmulatorError, InputError } from '../common/errors';
import { catalogTablePath, tableDataDir } from '../common/run-dir';
import { AthenaSession } from './engine/athena-session';
import type { QueryResult } from './engine/result';

export interface QueryRunOptions {
  runDir: string;
  sql: string;
  /** Database for unqualified table names (default: `stedi`, else the run's first database). */
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

function parseS3Location(location: string, table: string): { bucket: string; prefix: string } {
  const match = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (!match) throw new InputError('QUERY_BAD_LOCATION', `table ${table} has location '${location}', not an s3://bucket/prefix URI`);
  const prefix = match[2] === '' || match[2].endsWith('/') ? match[2] : `${match[2]}/`;
  return { bucket: match[1], prefix };
}

async function getAllTables(glue: GlueClient, database: string): Promise<Table[]> {
  const tables: Table[] = [];
  let nextToken: string | undefined;
  do {
    const page = await glue.send(new GetTablesCommand({ DatabaseName: database, NextToken: nextToken }));
    tables.push(...(page.TableList ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return tables;
}

async function downloadTableObjects(s3: S3Client, table: Table, targetDir: string): Promise<number> {
  const location = table.StorageDescriptor?.Location;
  if (!location) return 0;
  const { bucket, prefix } = parseS3Location(location, table.Name ?? '?');
  let downloaded = 0;
  let continuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken }));
    for (const object of page.Contents ?? []) {
      const key = object.Key ?? '';
      const relative = key.slice(prefix.length);
      if (relative === '' || relative.endsWith('/')) continue;
      const target = path.join(targetDir, ...relative.split('/'));
      if (!target.startsWith(targetDir + path.sep)) continue;
      const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = await body.Body?.transformToByteArray();
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, bytes ?? new Uint8Array());
      downloaded++;
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken);
  return downloaded;
}

/**
 * The same query against a started emulator: table definitions from Glue GetTables, objects from
 * S3 (downloaded to a temporary run directory, then the same engine as queryRun).
 */
export async function queryCatalog(options: QueryCatalogOptions): Promise<QueryResult> {
  const database = options.database.toLowerCase();
  let tables: Table[];
  try {
    tables = await getAllTables(options.glue, database);
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
      if (referenced.has(name)) await downloadTableObjects(options.s3, table, dataDir);
    }
    return await queryRun({ runDir: tempDir, sql: options.sql, database });
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}
