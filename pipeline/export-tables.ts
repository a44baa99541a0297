import { GetTablesCommand, type GlueClient, type Table } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogTablePath, tableDataDir } from '../common/run-dir';
import { scanJsonLines, type RejectedLine } from './json-lines';
import { parseS3Location } from './s3-location';
import { downloadPrefix } from './s3-objects';

export interface ExportedTable {
  database: string;
  name: string;
  location: string;
  format: string;
  rows: number | null;
  rejectedCount: number;
  rejected: RejectedLine[];
  error?: string;
}

/** Every table of the given databases, as GetTables returns them (all pages). */
export async function listCatalogTables(glue: GlueClient, database: string): Promise<Table[]> {
  const tables: Table[] = [];
  let token: string | undefined;
  do {
    const page = await glue.send(new GetTablesCommand({ DatabaseName: database, NextToken: token }));
    tables.push(...(page.TableList ?? []));
    token = page.NextToken;
  } while (token);
  return tables;
}

/** Data files as a reader of the table sees them: Hadoop's _SUCCESS and hidden files are not data. */
function isDataFile(relativePath: string): boolean {
  return !relativePath.split(path.sep).some((part) => part.startsWith('_') || part.startsWith('.'));
}

export function tableFormat(table: Table): string {
  const classification = table.Parameters?.classification;
  if (classification) return classification.toLowerCase();
  const serde = table.StorageDescriptor?.SerdeInfo?.SerializationLibrary ?? '';
  if (/parquet/i.test(serde) || /parquet/i.test(table.StorageDescriptor?.InputFormat ?? '')) return 'parquet';
  if (/json/i.test(serde)) return 'json';
  return 'unknown';
}

async function countParquet(files: string[]): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const list = files.map((file) => `'${file.replace(/'/g, "''")}'`).join(', ');
    const reader = await connection.runAndReadAll(`SELECT count(*) FROM read_parquet([${list}])`);
    return Number(reader.getRows()[0]?.[0] ?? 0);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Exports one catalog table into the run directory (its Table object and every object under
 * its LOCATION) and counts its rows from those objects with the catalog's format: this is what
 * the pipeline really left in S3, not what Spark held in memory.
 */
export async function exportTable(s3: S3Client, table: Table, runDir: string): Promise<ExportedTable> {
  const database = table.DatabaseName ?? 'default';
  const name = table.Name ?? '?';
  const location = table.StorageDescriptor?.Location ?? '';
  const format = tableFormat(table);
  const catalogFile = catalogTablePath(runDir, database, name);
  fs.mkdirSync(path.dirname(catalogFile), { recursive: true });
  fs.writeFileSync(catalogFile, `${JSON.stringify(table, null, 2)}\n`);
  const result: ExportedTable = { database, name, location, format, rows: null, rejectedCount: 0, rejected: [] };
  try {
    const dataDir = tableDataDir(runDir, database, name);
    const files = (await downloadPrefix(s3, parseS3Location(location, `${database}.${name}`), dataDir)).filter((file) => isDataFile(path.relative(dataDir, file)));
    if (format === 'json') {
      let rows = 0;
      for (const file of files) {
        if (file.endsWith('.snappy')) throw new Error(`${file} is snappy-compressed JSON, which the counter cannot read; write uncompressed or gzip JSON`);
        const scan = await scanJsonLines(file);
        rows += scan.records;
        result.rejectedCount += scan.rejectedCount;
        result.rejected.push(...scan.rejected.slice(0, Math.max(0, 20 - result.rejected.length)));
      }
      result.rows = rows;
    } else if (format === 'parquet') {
      result.rows = files.length === 0 ? 0 : await countParquet(files);
    } else {
      throw new Error(`classification ${JSON.stringify(format)} is not one the counter reads (json, parquet)`);
    }
  } catch (error) {
    result.error = `${database}.${name}: ${(error as Error).message}`;
  }
  return result;
}
