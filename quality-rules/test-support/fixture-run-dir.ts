/** The hand-built STEDI fixture written as a run directory (JSON lines), for gate and CLI tests. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deriveStedi, stediLanding, stediSchemas, type StediRows } from './stedi-fixture';
import { writeRowsRunDir } from './run-dir-writer';
import { STEDI_TABLES } from './stedi-schemas';

/**
 * Writes the fixture (after `mutate`) to a new temporary run directory. `expected` row counts
 * default to the clean fixture's counts, so a mutation that adds or drops rows also fails
 * the generated RowCount rule of that table, as a real run would.
 */
export function writeFixtureRunDir(mutate?: (f: StediRows) => void, expected?: Record<string, number | null>): string {
  const clean = deriveStedi(stediLanding());
  const fixture: StediRows = { rows: deriveStedi(stediLanding()), schemas: stediSchemas() };
  mutate?.(fixture);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-fixture-run-'));
  writeRowsRunDir(
    runDir,
    Object.fromEntries(
      Object.entries(fixture.rows).map(([name, rows]) => [
        name,
        { zone: STEDI_TABLES[name]!.zone, columns: fixture.schemas[name]!, rows, expected: expected?.[name] !== undefined ? expected[name]! : clean[name]!.length },
      ]),
    ),
  );
  return runDir;
}
