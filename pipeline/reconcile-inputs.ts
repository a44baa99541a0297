/**
 * Reconciles what the jobs' readers made of a catalog table with the table layer's ledger of the
 * same table (issue 10, deliverable 2): a record the ledger accepted (Athena counts it) that a
 * job's reader dropped, or turned into an error record (Glue's `errorsCount()`), is LOST — it is
 * in the landing count and in no downstream table, and nothing else would say so.
 *
 * A job's error record is explained, not lost, when the ledger did not make a record of that line
 * either: a line it rejected (Athena refuses it), skipped (blank, header) or read as a row of
 * NULLs (`malformed-json-ignored`, `not-a-json-object`: the line carried no data). The readers
 * locate their error records (the job: its first 20, by S3 URI and physical line; the ledger: the
 * first N lines of each reason per object), so each located error record is classified by its
 * line; error records neither side located are explained while the ledger has unexplained
 * non-record lines left, and lost after that.
 */
import type { JobInputRecord, JobRunRecord, LostRecords, TableRecord } from '../common/run-dir';
import { readLedger, type Ledger, type LedgerLine, type LedgerReason } from '../table';
import { catalogName } from './glue-names';

/** Reasons under which the ledger's row is all NULLs: the line carried no record to lose. */
const NULL_ROW_REASONS: readonly LedgerReason[] = ['malformed-json-ignored', 'not-a-json-object'];
const MAX_LOCATED = 20;

/** The part of a ledger the reconciliation reads (a ledger file's content fits). */
export type ReconcileLedger = Pick<Ledger, 'rejected' | 'skipped' | 'reasons' | 'objectsWithIssues'>;

export interface TableRead {
  job: string;
  input: JobInputRecord;
}

type LineVerdict = 'explained' | 'lost' | 'unknown';

function isNonRecord(line: LedgerLine): boolean {
  return line.outcome === 'rejected' || line.outcome === 'skipped' || NULL_ROW_REASONS.includes(line.reason);
}

/** The object's key relative to the table location, as the ledger keys it (the URI itself when outside). */
export function keyInLocation(file: string, location: string): string {
  const prefix = location.endsWith('/') ? location : `${location}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}

/** What the ledger made of one located line: no record (explained), a record (lost), or not known. */
function verdictOf(ledger: ReconcileLedger, key: string, line: number): LineVerdict {
  const object = ledger.objectsWithIssues.find((o) => o.key === key);
  // An object without issues: every line of it is a clean record.
  if (!object) return 'lost';
  const listed = object.examples.filter((e) => e.line === line);
  if (listed.some(isNonRecord)) return 'explained';
  if (listed.length > 0) return 'lost';
  // Not listed: a clean record, unless the object's examples of a non-record reason were cut at N.
  const truncated = Object.entries(object.reasons).some(([reason, n]) => {
    const examples = object.examples.filter((e) => e.reason === reason);
    return (n ?? 0) > examples.length && examples.some(isNonRecord);
  });
  return truncated ? 'unknown' : 'lost';
}

/** Lines of the ledger that are no record: the most job error records it can explain. */
function nonRecordLines(ledger: ReconcileLedger): number {
  return ledger.rejected + ledger.skipped + NULL_ROW_REASONS.reduce((sum, reason) => sum + (ledger.reasons[reason] ?? 0), 0);
}

interface InputLoss {
  located: Map<string, string>;
  unlocated: number;
}

function lossOfInput(ledger: ReconcileLedger, location: string, input: JobInputRecord): InputLoss {
  const located = new Map<string, string>();
  let explained = 0;
  let unknown = 0;
  for (const sample of input.errorSamples) {
    const key = keyInLocation(sample.file, location);
    const verdict = sample.line === null ? 'unknown' : verdictOf(ledger, key, sample.line);
    if (verdict === 'explained') explained++;
    else if (verdict === 'unknown') unknown++;
    else located.set(`${key}:${sample.line}`, sample.reason);
  }
  // Error records no line says anything about: unsampled (beyond the job's 20) or not locatable.
  const unseen = Math.max(0, input.errorRecords - input.errorSamples.length) + unknown;
  const budget = Math.max(0, nonRecordLines(ledger) - explained);
  // Read but neither in the frame nor an error record: dropped without a trace.
  const dropped = Math.max(0, input.recordsRead - input.recordsInFrame - input.errorRecords);
  return { located, unlocated: Math.max(0, unseen - budget) + dropped };
}

/**
 * The records of one table (`database.table`, located at `location`) lost by the jobs that read
 * it, or undefined when none was. `count` counts distinct records: a line lost by two jobs once.
 */
export function reconcileTable(database: string, table: string, location: string, ledger: ReconcileLedger, reads: TableRead[]): LostRecords | undefined {
  const byJob: Record<string, number> = {};
  const located = new Map<string, string>();
  let unlocated = 0;
  for (const job of [...new Set(reads.map((r) => r.job))]) {
    const jobLocated = new Map<string, string>();
    let jobUnlocated = 0;
    for (const { input } of reads.filter((r) => r.job === job && readsTable(r.input, database, table))) {
      const loss = lossOfInput(ledger, location, input);
      for (const [line, reason] of loss.located) jobLocated.set(line, reason);
      jobUnlocated += loss.unlocated;
    }
    const lost = jobLocated.size + jobUnlocated;
    if (lost === 0) continue;
    byJob[job] = lost;
    for (const [line, reason] of jobLocated) if (!located.has(line)) located.set(line, `${line} lost by ${job}: ${reason}`);
    unlocated = Math.max(unlocated, jobUnlocated);
  }
  const count = located.size + unlocated;
  return count === 0 ? undefined : { count, byJob, located: [...located.values()].slice(0, MAX_LOCATED) };
}

function readsTable(input: JobInputRecord, database: string, table: string): boolean {
  return input.database !== null && input.table !== null && catalogName(input.database) === catalogName(database) && catalogName(input.table) === catalogName(table);
}

/** Every job input of the run, with its job. */
export function tableReads(jobs: JobRunRecord[]): TableRead[] {
  return jobs.flatMap((job) => (job.inputs ?? []).map((input) => ({ job: job.name, input })));
}

/**
 * Sets `lost` on every table of the run that a job read and whose saved ledger (ledger/<db>/<t>.json)
 * shows records the job lost; tables without a ledger (not counted) are left as they are.
 */
export function reconcileRunTables(runDir: string, tables: Record<string, TableRecord>, jobs: JobRunRecord[]): void {
  const reads = tableReads(jobs);
  if (reads.length === 0) return;
  for (const [name, record] of Object.entries(tables)) {
    if (!reads.some((r) => readsTable(r.input, record.database, name))) continue;
    const ledger = record.ledger ? readLedger(runDir, record.database, name) : undefined;
    if (!ledger) continue;
    const lost = reconcileTable(record.database, name, record.location, ledger, reads);
    if (lost) record.lost = lost;
  }
}
