/**
 * Exporting and counting the catalog tables of a run: each table's Glue `Table` is saved to
 * catalog/<db>/<table>.json, every object under its LOCATION is downloaded to data/<db>/<table>/,
 * and the table is read back through the table layer (table/) — the same reader local Athena and
 * the quality gate use — so the count is what Athena's `SELECT count(*)` would return. The full
 * ledger goes to ledger/<db>/<table>.json; the summary is returned for run.json.
 * Paths built from catalog names or S3 keys are contained: a table named `../../x` is refused
 * (PATH_ESCAPES_DESTINATION) as an error of that table only.
 */
import type { Table } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeError } from '../common/errors';
import { catalogTablePath, tableDataDir } from '../common/run-dir';
import { detectTableStorage, scanTable, summariseLedger, writeLedger, type Ledger, type LedgerSummary, type TableScanObservers } from '../table';
import { downloadPrefix, parseS3Location, type ListedObject } from '../table';

export interface RejectedLine {
  /** The object (s3://bucket/key) or local file. */
  file: string;
  line: number;
  reason: string;
}

export interface ExportedTable {
  database: string;
  name: string;
  location: string;
  format: string;
  /** Athena's count(*); null when the table could not be read or Athena would refuse it. */
  rows: number | null;
  rejectedCount: number;
  rejected: RejectedLine[];
  ledger?: LedgerSummary;
  error?: string;
  /** What S3 held when the table was downloaded; `consistent` is false when an object changed during the download. */
  snapshot?: { objects: ListedObject[]; consistent: boolean };
}

export interface ExportOptions {
  /** Also hands the counting scan to these observers (the quality gate's loader): one read for both. */
  observers?: TableScanObservers;
  /**
   * Let other work run between batches: a background export must not hold the event loop for a
   * whole object while a job's requests and replies wait on it.
   */
  yieldBetweenBatches?: boolean;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export { listCatalogTables } from '../table';

/** The table's format by the table layer's one precedence rule (SerDe, InputFormat, classification). */
export function tableFormat(table: Table): string {
  return detectTableStorage(table).format;
}

/** The rejected lines a ledger located (first `keep`), as `location + key : line`. */
export function rejectedLines(ledger: Ledger, location: string, keep = 20): RejectedLine[] {
  const lines: RejectedLine[] = [];
  for (const object of ledger.objectsWithIssues) {
    for (const example of object.examples) {
      if (example.outcome !== 'rejected' || lines.length >= keep) continue;
      lines.push({ file: `${location}${example.key}`, line: example.line, reason: `${example.reason}: ${example.detail}` });
    }
  }
  return lines;
}

/** Why a ledger's table has no count, in one line naming the file and line. */
export function refusalMessage(ledger: Ledger, location: string): string | undefined {
  const refusal = ledger.athenaRefuses;
  return refusal ? `Athena would refuse the table: ${refusal.code} at ${location}${refusal.key}:${refusal.line}: ${refusal.message}` : undefined;
}

export async function exportTable(s3: S3Client, table: Table, runDir: string, options: ExportOptions = {}): Promise<ExportedTable> {
  const database = (table.DatabaseName ?? 'default').toLowerCase();
  const name = (table.Name ?? '?').toLowerCase();
  const location = table.StorageDescriptor?.Location ?? '';
  const result: ExportedTable = { database, name, location, format: tableFormat(table), rows: null, rejectedCount: 0, rejected: [] };
  const refusedKeys: string[] = [];
  const markers: string[] = [];
  try {
    const catalogFile = catalogTablePath(runDir, database, name);
    const dataDir = tableDataDir(runDir, database, name);
    fs.mkdirSync(path.dirname(catalogFile), { recursive: true });
    fs.writeFileSync(catalogFile, `${JSON.stringify(table, null, 2)}\n`);
    // An earlier export of the table (made while later jobs ran) may have left objects since deleted.
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
    const download = await downloadPrefix(s3, parseS3Location(location, `${database}.${name}`), dataDir, (key, error) => refusedKeys.push(`${key} (${error.code})`), (key) => markers.push(key));
    result.snapshot = { objects: download.listed, consistent: download.changed.length === 0 };
    const source = { database, name, table, dataDir };
    const observer = options.observers?.observe(source);
    // Record shapes only when an observer (the gate's schema-drift check) wants them; the ledger is the same.
    const ledger = await scanTable(source, async (batch) => {
      observer?.onBatch(batch);
      if (options.yieldBetweenBatches) await nextTurn();
    }, { recordShapes: observer !== undefined });
    // Zero-byte "directory" objects never become files; the ledger still names them.
    for (const key of markers.sort()) ledger.skippedObjects.push({ key, reason: 'empty-directory-marker' });
    observer?.finish(ledger);
    writeLedger(runDir, database, name, ledger);
    result.ledger = summariseLedger(ledger);
    result.rows = ledger.rows;
    result.rejectedCount = ledger.rejected + refusedKeys.length;
    result.rejected = rejectedLines(ledger, location);
    const problems = [refusalMessage(ledger, location), refusedKeys.length > 0 ? `${refusedKeys.length} object key(s) would be written outside the run directory and were refused: ${refusedKeys.slice(0, 5).join(', ')}` : undefined].filter(Boolean);
    if (problems.length > 0) result.error = `${database}.${name}: ${problems.join('; ')}`;
  } catch (error) {
    result.error = `${database}.${name}: ${describeError(error)}`;
  }
  return result;
}
