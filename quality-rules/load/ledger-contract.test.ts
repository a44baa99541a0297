import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LEDGER_SCHEMA_VERSION, parseArtifact, TABLE_LEDGER, ledgerSummarySchema, type TableLedger } from '../../common/run-dir';
import { summariseLedger, type Ledger } from '../../table';
import { loadJsonLinesDirectory } from './run-table';

// The ledger the table layer builds is what the run-directory contract says a ledger file holds.
// Compile time: the table layer's type fits the file schema.
const fitsFile = (ledger: Ledger): Omit<TableLedger, 'schemaVersion'> => ledger;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-contract-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('a ledger with every kind of line validates against the ledger file schema, and its summary against run.json', async () => {
  fs.writeFileSync(path.join(dir, 'a.json'), ['{"a":1}', '{"a":2},', '', 'not json', '{"a":"x"}', '{"a":', '\uFEFF{"a":3}'].join('\n'));
  fs.writeFileSync(path.join(dir, '_SUCCESS'), '');
  const loaded = await loadJsonLinesDirectory('t', dir, { a: 'int' });
  const ledger = loaded.ledger!;
  // Every kind present, so the schema is exercised on each: issues, a rejection, a skip, a skipped object.
  expect([ledger.acceptedWithIssues > 0, ledger.rejected, ledger.skipped, ledger.skippedObjects.length]).toEqual([true, 1, 1, 1]);
  const file = parseArtifact(TABLE_LEDGER, JSON.parse(JSON.stringify({ schemaVersion: LEDGER_SCHEMA_VERSION, ...fitsFile(ledger) })), 'ledger');
  expect(file.records).toBe(loaded.table.numRows);
  expect(ledgerSummarySchema.safeParse(JSON.parse(JSON.stringify(summariseLedger(ledger)))).success).toBe(true);
});
