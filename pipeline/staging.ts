/**
 * Staging the landing data: every file under a landing table's folder is read through the table
 * layer with the table's own DDL (JSON lines, CSV, delimited text, Parquet; compressed too), so
 * the staged count is the count Athena will give. A file whose name or bytes say it is another
 * format than the table's (a `.csv` in a JSON table) is rejected by name and not uploaded; every
 * other file is uploaded under the table's LOCATION with its path below the landing folder.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Table } from '@aws-sdk/client-glue';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../common/errors';
import { countTable, summariseLedger, type Ledger, type LedgerSummary } from '../table';
import type { TableDefinition } from './definition';
import { rejectedLines, refusalMessage, type RejectedLine } from './export-tables';
import { deletePrefix, forEachLimited, parseS3Location, uploadFile } from '../table';

export interface StagedTable {
  table: string;
  location: string;
  files: number;
  /** Rows as Athena counts them (null when Athena would refuse the landing data). */
  records: number | null;
  rejectedCount: number;
  rejected: RejectedLine[];
  /** Landing files not uploaded because they are not the table's format, with why. */
  rejectedFiles: string[];
  ledger: LedgerSummary;
  /** Why Athena would refuse the table, naming the file and line. */
  refusal?: string;
}

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(full));
    else if (entry.isFile()) found.push(full);
  }
  return found.sort();
}

/** Checks a landing directory before anything starts: every landing folder exists and has files. */
export function findLandingFiles(landingDir: string, tables: TableDefinition[]): Map<string, string[]> {
  const root = path.resolve(landingDir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new InputError('LANDING_NOT_FOUND', `landing directory ${root} does not exist`);
  }
  const files = new Map<string, string[]>();
  for (const table of tables) {
    if (!table.landing) continue;
    const folder = path.join(root, table.landing);
    if (!fs.existsSync(folder)) {
      throw new InputError('LANDING_FOLDER_MISSING', `${folder} does not exist: ${table.name} lands from ${table.landing}/ under ${root}`);
    }
    const found = filesUnder(folder);
    if (found.length === 0) throw new InputError('LANDING_FOLDER_EMPTY', `${folder} has no files: ${table.name} would be empty`);
    files.set(table.name, found);
  }
  return files;
}

/** The landing folder read as the table its DDL declares. */
export async function readLandingFolder(table: TableDefinition, landingFolder: string): Promise<Ledger> {
  const tableInput = table.ddlTable?.tableInput;
  if (!tableInput) throw new InputError('LANDING_NO_DDL', `landing table ${table.name} has no DDL: its format is unknown`);
  const glueTable: Table = { ...tableInput, Name: table.name, DatabaseName: table.database };
  return countTable({ database: table.database, name: table.name, table: glueTable, dataDir: landingFolder }, { rejectMismatchedObjects: true });
}

/**
 * Stages one landing table: the folder is read through the table layer (rejected records and
 * files counted and located), the table's landing prefix is emptied (the landing zone holds this
 * dataset only), and every file of the table's format is uploaded under the table's LOCATION.
 */
export async function stageLandingTable(s3: S3Client, table: TableDefinition, location: string, files: string[], landingFolder: string): Promise<StagedTable> {
  const target = parseS3Location(location, `LOCATION of ${table.name}`);
  const ledger = await readLandingFolder(table, landingFolder);
  const mismatched = new Set<string>();
  const rejectedFiles: string[] = [];
  for (const object of ledger.objectsWithIssues) {
    const mismatch = object.examples.find((e) => e.reason === 'format-mismatch');
    if (!mismatch) continue;
    mismatched.add(object.key);
    rejectedFiles.push(`${path.join(landingFolder, ...object.key.split('/'))}: ${mismatch.detail}`);
  }
  const refusal = refusalMessage(ledger, `${landingFolder}${path.sep}`);
  const staged: StagedTable = {
    table: table.name,
    location,
    files: files.length,
    records: ledger.rows,
    rejectedCount: ledger.rejected,
    rejected: rejectedLines(ledger, `${landingFolder}${path.sep}`),
    rejectedFiles,
    ledger: summariseLedger(ledger),
    ...(refusal ? { refusal } : {}),
  };
  await deletePrefix(s3, target);
  const upload = files.filter((file) => !mismatched.has(path.relative(landingFolder, file).split(path.sep).join('/')));
  await forEachLimited(upload, 4, async (file) => {
    const key = `${target.prefix}${path.relative(landingFolder, file).split(path.sep).join('/')}`;
    await uploadFile(s3, target.bucket, key, file);
  });
  return staged;
}
