/**
 * The ledger: every line of every object a table reader saw, accounted for. A line is
 * - accepted: a row, read cleanly;
 * - accepted-with-issues: a row, but something was repaired or lost (trailing content ignored,
 *   a BOM stripped, a duplicate key resolved, invalid bytes replaced, a value that is not its
 *   column's type read as NULL, an unreadable line read as an all-NULL row);
 * - rejected: not a row, and Athena would fail the query over it (a malformed JSON line without
 *   `ignore.malformed.json`, a line over the row-size limit, an unreadable object);
 * - skipped: not a row and no error, by the format's rules (a blank line, a CSV header line).
 * Objects under the location that are not data (`_SUCCESS`, `.crc`, folder markers) are listed
 * with why they were skipped. The ledger keeps every object that has issues, a count per reason
 * and the first N lines of each reason.
 */
export type LineOutcome = 'accepted' | 'accepted-with-issues' | 'rejected' | 'skipped';

export const ISSUE_REASONS = [
  'trailing-content',
  'bom',
  'duplicate-key',
  'invalid-utf8-replaced',
  'value-not-coercible',
  'not-a-json-object',
  'json-array-line',
  'malformed-json-ignored',
  'column-count-mismatch',
  'parquet-type-mismatch',
] as const;
export const REJECT_REASONS = ['malformed-json', 'row-too-large', 'unreadable-object', 'format-mismatch'] as const;
export const SKIP_REASONS = ['blank-line', 'header-line'] as const;

export type IssueReason = (typeof ISSUE_REASONS)[number];
export type RejectReason = (typeof REJECT_REASONS)[number];
export type SkipReason = (typeof SKIP_REASONS)[number];
export type LedgerReason = IssueReason | RejectReason | SkipReason;

/** Why an object under the table's location is not read at all (Hadoop/Athena listing rules). */
export type SkippedObjectReason = 'hidden-underscore' | 'hidden-dot' | 'folder-marker' | 'empty-directory-marker' | 'outside-partitions';

export interface LedgerLine {
  key: string;
  /** 1-based line (text) or row (Parquet); 0 for the object as a whole. */
  line: number;
  outcome: Exclude<LineOutcome, 'accepted'>;
  reason: LedgerReason;
  /** What happened, in Athena's words where Athena reports it (e.g. its HIVE_CURSOR_ERROR text). */
  detail: string;
  /** The column concerned, for value-level issues. */
  column?: string;
}

export interface LedgerObject {
  key: string;
  format: string;
  compression: string;
  /** Physical lines (or Parquet rows) read from the object. */
  lines: number;
  /** Rows the object contributes to the table. */
  rows: number;
  accepted: number;
  acceptedWithIssues: number;
  rejected: number;
  skipped: number;
  /** Lines per reason; a line with two issues counts under both. */
  reasons: Partial<Record<LedgerReason, number>>;
  /** The first N lines of each reason. */
  examples: LedgerLine[];
}

export interface SkippedObject {
  key: string;
  reason: SkippedObjectReason;
}

/** Athena would fail `SELECT count(*)` on this table: the first line it would stop at. */
export interface AthenaRefusal {
  key: string;
  line: number;
  /** Athena's error code, e.g. HIVE_CURSOR_ERROR. */
  code: string;
  message: string;
}

/** The figures a ledger and its run.json summary share. */
export interface LedgerCounts {
  /**
   * What Athena's `SELECT count(*)` returns; null when Athena would refuse the table
   * (`athenaRefuses` says where).
   */
  rows: number | null;
  /** Rows the reader produced, refused lines left out (equals `rows` when Athena reads the table). */
  records: number;
  objects: number;
  lines: number;
  accepted: number;
  acceptedWithIssues: number;
  rejected: number;
  skipped: number;
  reasons: Partial<Record<LedgerReason, number>>;
  athenaRefuses?: AthenaRefusal;
}

export interface Ledger extends LedgerCounts {
  /** `database.table`. */
  table: string;
  format: string;
  serde: string;
  /** Every object that has an issue, a rejection or a skipped line. */
  objectsWithIssues: LedgerObject[];
  skippedObjects: SkippedObject[];
  /** How many example lines per reason and object were kept. */
  examplesPerReason: number;
}

/** The part of a ledger run.json carries per table (the full ledger goes to ledger/<db>/<table>.json). */
export interface LedgerSummary extends LedgerCounts {
  objectsWithIssues: number;
  skippedObjects: number;
  /** First located line per object with issues (file:line reason), at most 20. */
  located: string[];
}

export const DEFAULT_EXAMPLES_PER_REASON = 20;

export function summariseLedger(ledger: Ledger): LedgerSummary {
  const located: string[] = [];
  for (const object of ledger.objectsWithIssues) {
    const first = object.examples[0];
    if (first && located.length < 20) located.push(`${first.key}:${first.line} ${first.reason}`);
  }
  return {
    rows: ledger.rows,
    records: ledger.records,
    objects: ledger.objects,
    lines: ledger.lines,
    accepted: ledger.accepted,
    acceptedWithIssues: ledger.acceptedWithIssues,
    rejected: ledger.rejected,
    skipped: ledger.skipped,
    reasons: ledger.reasons,
    ...(ledger.athenaRefuses ? { athenaRefuses: ledger.athenaRefuses } : {}),
    objectsWithIssues: ledger.objectsWithIssues.length,
    skippedObjects: ledger.skippedObjects.length,
    located,
  };
}

/** Accumulates one object's lines; `finish` hands back its LedgerObject. */
export class ObjectLedger {
  readonly entry: LedgerObject;
  private readonly perReason = new Map<LedgerReason, number>();

  constructor(
    key: string,
    format: string,
    compression: string,
    private readonly examplesPerReason: number,
  ) {
    this.entry = { key, format, compression, lines: 0, rows: 0, accepted: 0, acceptedWithIssues: 0, rejected: 0, skipped: 0, reasons: {}, examples: [] };
  }

  private note(line: LedgerLine): void {
    const seen = this.perReason.get(line.reason) ?? 0;
    this.perReason.set(line.reason, seen + 1);
    this.entry.reasons[line.reason] = seen + 1;
    if (seen < this.examplesPerReason) this.entry.examples.push(line);
  }

  accepted(): void {
    this.entry.lines++;
    this.entry.rows++;
    this.entry.accepted++;
  }

  /** A row with one or more issues (each issue is counted under its reason). */
  acceptedWithIssues(line: number, issues: Array<{ reason: IssueReason; detail: string; column?: string }>): void {
    this.entry.lines++;
    this.entry.rows++;
    this.entry.acceptedWithIssues++;
    for (const issue of issues) this.note({ key: this.entry.key, line, outcome: 'accepted-with-issues', ...issue });
  }

  rejected(line: number, reason: RejectReason, detail: string): void {
    if (line > 0) this.entry.lines++;
    this.entry.rejected++;
    this.note({ key: this.entry.key, line, outcome: 'rejected', reason, detail });
  }

  skipped(line: number, reason: SkipReason, detail: string): void {
    this.entry.lines++;
    this.entry.skipped++;
    this.note({ key: this.entry.key, line, outcome: 'skipped', reason, detail });
  }

  hasIssues(): boolean {
    return this.entry.acceptedWithIssues + this.entry.rejected + this.entry.skipped > 0;
  }
}

/** Sums object ledgers into a table ledger. */
export function buildLedger(
  table: string,
  format: string,
  serde: string,
  objects: LedgerObject[],
  skippedObjects: SkippedObject[],
  athenaRefuses: AthenaRefusal | undefined,
  examplesPerReason: number,
): Ledger {
  const reasons: Partial<Record<LedgerReason, number>> = {};
  let lines = 0, records = 0, accepted = 0, acceptedWithIssues = 0, rejected = 0, skipped = 0;
  for (const object of objects) {
    lines += object.lines;
    records += object.rows;
    accepted += object.accepted;
    acceptedWithIssues += object.acceptedWithIssues;
    rejected += object.rejected;
    skipped += object.skipped;
    for (const [reason, count] of Object.entries(object.reasons) as [LedgerReason, number][]) reasons[reason] = (reasons[reason] ?? 0) + count;
  }
  return {
    table,
    format,
    serde,
    rows: athenaRefuses ? null : records,
    records,
    objects: objects.length,
    lines,
    accepted,
    acceptedWithIssues,
    rejected,
    skipped,
    reasons,
    ...(athenaRefuses ? { athenaRefuses } : {}),
    objectsWithIssues: objects.filter((o) => o.acceptedWithIssues + o.rejected + o.skipped > 0),
    skippedObjects,
    examplesPerReason,
  };
}
