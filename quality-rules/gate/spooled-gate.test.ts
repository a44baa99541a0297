/**
 * The gate with a zero memory budget: every record batch of every table is spooled to disk and
 * read back one at a time, and DuckDB works at its smallest buffer pool. The verdicts must be the
 * ones the test derives from how it built the data, and no spool file may outlive the gate.
 */
process.env.STEDI_GATE_MEMORY_MB = '0';

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sharedSpool } from '../load/batch-spool';
import { loadRunTable } from '../load/run-table';
import { BATCH_ROWS } from '../load/run-table';
import { TEST_DATABASE, writeRowsRunDir } from '../test-support/run-dir-writer';
import { runQualityGate } from './run-gate';

const READINGS = 2 * BATCH_ROWS + 1_000; // three batches
const DEVICES = 500;
const REPEATED = [7, BATCH_ROWS + 11, 2 * BATCH_ROWS + 5]; // one reading repeated in each batch's range
const NO_EMAIL_EVERY = 1_000;
const START = 1_690_000_000_000;

function readings(): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < READINGS; i++) {
    rows.push({ device: `SN-${i % DEVICES}`, ts: START + i, email: i % NO_EMAIL_EVERY === 0 ? null : `u${i % DEVICES}@x.example` });
  }
  // The repeats go at the end, in the last batch: the first occurrence is in an earlier one.
  for (const i of REPEATED) rows.push({ ...rows[i]! });
  return rows;
}

const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spooled-gate-'));
afterAll(() => {
  fs.rmSync(runDir, { recursive: true, force: true });
  sharedSpool().dispose();
});

beforeAll(() => {
  // Devices known to the reference table: all but SN-0.
  const devices = Array.from({ length: DEVICES - 1 }, (_, d) => ({ serial: `SN-${d + 1}` }));
  writeRowsRunDir(runDir, {
    readings: { zone: 'trusted', columns: { device: 'string', ts: 'bigint', email: 'string' }, rows: readings() },
    devices: { zone: 'trusted', columns: { serial: 'string' }, rows: devices },
  });
  const rules = path.join(runDir, 'rules');
  fs.mkdirSync(rules);
  fs.writeFileSync(
    path.join(rules, 'readings.dqdl'),
    `Rules = [
    IsPrimaryKey "device" "ts",
    IsComplete "email",
    DistinctValuesCount "device" = ${DEVICES},
    ReferentialIntegrity "device" "devices.serial" = 1.0,
    CustomSql "select count(*) from primary where ts < ${START + 100}" = ${100 + REPEATED.filter((i) => i < 100).length},
    IsUnique "ts" where "device = 'SN-1'",
    Completeness "email" > 0.5 where "ts >= ${START + 1_000}"
]
`,
  );
});

describe('the gate over spooled tables (STEDI_GATE_MEMORY_MB=0)', () => {
  it('spools a table beyond the budget, in batches', async () => {
    const loaded = await loadRunTable(runDir, TEST_DATABASE, 'readings');
    try {
      expect([...loaded.table.batches].map((b) => b.numRows)).toEqual([BATCH_ROWS, BATCH_ROWS, 1_000 + REPEATED.length]);
      expect(fs.readdirSync(sharedSpool().folder()).filter((f) => f.endsWith('.arrows'))).toHaveLength(1);
    } finally {
      loaded.table.release();
    }
  });

  it('gives the verdicts the data was built to give, and leaves no spool file behind', async () => {
    const result = await runQualityGate({ runDir, rulesPath: path.join(runDir, 'rules') });
    const rule = (start: string) => result.outcomes.find((o) => o.table === 'readings' && o.rule.startsWith(start));
    const rows = READINGS + REPEATED.length;

    const key = rule('IsPrimaryKey')!;
    expect(key.outcome).toBe('Failed');
    // Each repeated reading makes one key of two rows: (rows - 2 × repeats) singletons.
    expect(key.evaluatedMetrics['Multicolumn.device,ts.Uniqueness']).toBeCloseTo((rows - 2 * REPEATED.length) / rows, 12);
    // The first repeated key met in table order is reading 7, read back from a spooled batch.
    expect(key.failureReason).toContain(`"SN-7, ${START + 7}" ×2`);

    const nullEmails = REPEATED.filter((i) => i % NO_EMAIL_EVERY === 0).length + Math.ceil(READINGS / NO_EMAIL_EVERY);
    expect(rule('IsComplete')!.evaluatedMetrics['Column.email.Completeness']).toBeCloseTo((rows - nullEmails) / rows, 12);
    expect(rule('DistinctValuesCount')!).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Column.device.DistinctValuesCount': DEVICES } });

    const sn0 = Math.ceil(READINGS / DEVICES) + REPEATED.filter((i) => i % DEVICES === 0).length;
    expect(rule('ReferentialIntegrity')!.evaluatedMetrics['Column.devices.ReferentialIntegrity']).toBeCloseTo((rows - sn0) / rows, 12);
    // The first 100 readings, and the repeat of reading 7.
    expect(rule('CustomSql')!).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Dataset.*.CustomSQL': 100 + REPEATED.filter((i) => i < 100).length } });
    expect(rule('IsUnique "ts" where')!).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Column.ts.Uniqueness': 1 } });

    // The where mask over spooled batches, against the rows as written.
    const late = readings().filter((r) => (r.ts as number) >= START + 1_000);
    const lateWithEmail = late.filter((r) => r.email !== null).length;
    expect(rule('Completeness "email" > 0.5 where')!.evaluatedMetrics['Column.email.Completeness']).toBeCloseTo(lateWithEmail / late.length, 12);

    expect(fs.readdirSync(sharedSpool().folder()).filter((f) => f.endsWith('.arrows'))).toEqual([]);
  });
});
