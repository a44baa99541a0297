/**
 * ledger/<database>/<table>.json: the table layer's account of every line of a table's files —
 * how many became records, and for each file with issues a count per reason and the first lines
 * of each (table/ writes it; this is its contract). A line is accepted, accepted with issues
 * (trailing content, BOM, duplicate key, invalid bytes replaced, a value NULLed) or rejected.
 */
import { z } from 'zod/v4';
import { readArtifact, writeArtifact, type ArtifactKind } from './artifact';
import { ledgerTablePath } from './layout';

export const LEDGER_SCHEMA_VERSION = 1;

const count = z.number().int().nonnegative();

export const ledgerLineSchema = z.object({
  line: z.number().int().positive().describe('1-based line (or record) number in the file.'),
  status: z.enum(['accepted-with-issues', 'rejected']),
  reason: z.string().describe('A stable reason code, e.g. `trailing-content`, `malformed-json`.'),
  detail: z.string().optional().describe('What was seen and, for a duplicate key, which value won.'),
});
export type LedgerLine = z.infer<typeof ledgerLineSchema>;

export const ledgerFileSchema = z.object({
  file: z.string().describe("The file's path relative to the table's data directory (its S3 key below the table location)."),
  records: count.describe('Records the file contributed to the table.'),
  acceptedWithIssues: count,
  rejected: count,
  reasons: z.record(z.string(), count).describe('Lines per reason.'),
  lines: z.array(ledgerLineSchema).describe('The first N lines of each reason (N: sampleLimit).'),
});
export type LedgerFile = z.infer<typeof ledgerFileSchema>;

export const skippedFileSchema = z.object({
  file: z.string(),
  reason: z.string().describe('Why readers of the table skip it, e.g. a `_` or `.` name.'),
});

export const tableLedgerSchema = z
  .object({
    schemaVersion: z.literal(LEDGER_SCHEMA_VERSION),
    database: z.string(),
    table: z.string(),
    sampleLimit: count.describe('How many lines per file and reason are kept in `lines`.'),
    summary: z.object({
      files: count.describe('Data files read.'),
      records: count,
      acceptedWithIssues: count,
      rejected: count,
    }),
    files: z.array(ledgerFileSchema).describe('Only the files with issues.'),
    skippedFiles: z.array(skippedFileSchema).optional(),
  })
  .describe('ledger/<database>/<table>.json: every line of a table accounted for.');
export type TableLedger = z.infer<typeof tableLedgerSchema>;

export const TABLE_LEDGER: ArtifactKind<typeof tableLedgerSchema> = {
  title: 'table ledger',
  schema: tableLedgerSchema,
  version: LEDGER_SCHEMA_VERSION,
  invalidCode: 'LEDGER_INVALID',
};

export function readTableLedger(runDir: string, database: string, table: string): TableLedger {
  return readArtifact(TABLE_LEDGER, ledgerTablePath(runDir, database, table));
}

export function writeTableLedger(runDir: string, ledger: TableLedger): string {
  const file = ledgerTablePath(runDir, ledger.database, ledger.table);
  writeArtifact(TABLE_LEDGER, file, ledger);
  return file;
}
