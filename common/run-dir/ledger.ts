/**
 * ledger/<database>/<table>.json: the table layer's account of every line of a table's objects
 * (table/ledger.ts builds it; this is its file contract). A line is accepted, accepted with issues
 * (trailing content, BOM, duplicate key, invalid bytes replaced, a value NULLed), rejected (Athena
 * would fail the query) or skipped (blank line, header). The file keeps every object with issues,
 * a count per reason and the first N lines of each reason; run.json carries the summary.
 */
import * as fs from 'node:fs';
import { z } from 'zod/v4';
import { readArtifact, writeArtifact, type ArtifactKind } from './artifact';
import { ledgerTablePath } from './layout';

export const LEDGER_SCHEMA_VERSION = 1;

const count = z.number().int().nonnegative();
/** Reason codes are table-layer vocabulary (table/ledger.ts); the file accepts any, so new ones need no version bump. */
const reasonCounts = z.record(z.string(), count).describe('Lines per reason; a line with two issues counts under both.');

export const ledgerLineSchema = z.object({
  key: z.string().describe("The object's key relative to the table location."),
  line: count.describe('1-based line (text) or row (Parquet); 0 for the object as a whole.'),
  outcome: z.enum(['accepted-with-issues', 'rejected', 'skipped']),
  reason: z.string().describe('A reason code, e.g. `trailing-content`, `malformed-json`.'),
  detail: z.string().describe("What happened, in Athena's words where Athena reports it."),
  column: z.string().optional().describe('The column concerned, for value-level issues.'),
});
export type LedgerLineRecord = z.infer<typeof ledgerLineSchema>;

export const ledgerObjectSchema = z.object({
  key: z.string(),
  format: z.string(),
  compression: z.string(),
  lines: count.describe('Physical lines (or Parquet rows) read from the object.'),
  rows: count.describe('Rows the object contributes to the table.'),
  accepted: count,
  acceptedWithIssues: count,
  rejected: count,
  skipped: count,
  reasons: reasonCounts,
  examples: z.array(ledgerLineSchema).describe('The first N lines of each reason (N: examplesPerReason).'),
});

export const skippedObjectSchema = z.object({
  key: z.string(),
  reason: z.string().describe('Why readers of the table skip it: `hidden-underscore`, `hidden-dot`, `folder-marker`, ...'),
});

export const athenaRefusalSchema = z
  .object({ key: z.string(), line: count, code: z.string().describe('e.g. HIVE_CURSOR_ERROR'), message: z.string() })
  .describe('Athena would fail `SELECT count(*)` on the table: the first line it would stop at.');

/** The figures shared by the ledger file and the summary run.json carries per table. */
const ledgerFigures = {
  rows: count.nullable().describe("What Athena's `SELECT count(*)` returns; null when Athena would refuse the table."),
  records: count.describe('Rows the reader produced, refused lines left out.'),
  objects: count,
  lines: count,
  accepted: count,
  acceptedWithIssues: count,
  rejected: count,
  skipped: count,
  reasons: reasonCounts,
  athenaRefuses: athenaRefusalSchema.optional(),
};

export const tableLedgerSchema = z
  .object({
    schemaVersion: z.literal(LEDGER_SCHEMA_VERSION),
    table: z.string().describe('`database.table`.'),
    format: z.string(),
    serde: z.string(),
    ...ledgerFigures,
    objectsWithIssues: z.array(ledgerObjectSchema).describe('Every object that has an issue, a rejection or a skipped line.'),
    skippedObjects: z.array(skippedObjectSchema),
    examplesPerReason: count,
  })
  .describe('ledger/<database>/<table>.json: every line of a table accounted for.');
export type TableLedger = z.infer<typeof tableLedgerSchema>;

export const ledgerSummarySchema = z
  .object({
    ...ledgerFigures,
    objectsWithIssues: count,
    skippedObjects: count,
    located: z.array(z.string()).describe('First located line per object with issues (`file:line reason`), at most 20.'),
  })
  .describe("The part of a table's ledger that run.json carries.");
export type LedgerSummaryRecord = z.infer<typeof ledgerSummarySchema>;

export const TABLE_LEDGER: ArtifactKind<typeof tableLedgerSchema> = {
  title: 'table ledger',
  schema: tableLedgerSchema,
  version: LEDGER_SCHEMA_VERSION,
  invalidCode: 'LEDGER_INVALID',
};

/** The saved ledger of a table, or undefined when the run saved none (runs made before ledgers). */
export function readTableLedger(runDir: string, database: string, table: string): TableLedger | undefined {
  const file = ledgerTablePath(runDir, database, table);
  return fs.existsSync(file) ? readArtifact(TABLE_LEDGER, file) : undefined;
}

/** Validates, then writes ledger/<database>/<table>.json (the version is added here). */
export function writeTableLedger(runDir: string, database: string, table: string, ledger: Omit<TableLedger, 'schemaVersion'>): string {
  const file = ledgerTablePath(runDir, database, table);
  writeArtifact(TABLE_LEDGER, file, { schemaVersion: LEDGER_SCHEMA_VERSION, ...ledger });
  return file;
}
