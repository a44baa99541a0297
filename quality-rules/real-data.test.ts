/**
 * The STEDI ruleset over the real 2023 starter data: a run directory built by the DuckDB SQL
 * reference of DESIGN.md §2 (test-support/real-run-dir.ts, no Spark), gated as `stedi check`
 * would. Skipped, saying so, when the data is not on this machine.
 */
import * as fs from 'node:fs';
import './jest-matchers';
import { runQualityGate, type GateResult } from './gate/run-gate';
import { buildRealDataRunDir, hasRealData, realDataDir } from './test-support/real-run-dir';
import { STEDI_2023_CROSS_CUSTOMER_PAIRS, STEDI_2023_EXPECTED_ROWS, STEDI_2023_PRE_CONSENT_READINGS } from './test-support/stedi-schemas';

const DATA = realDataDir();
const available = hasRealData(DATA);
const describeReal = available ? describe : describe.skip;

if (!available) {
  test.skip(`real-data quality gate skipped: no STEDI starter data at ${DATA} (set STEDI_REAL_DATA to its directory)`, () => undefined);
}

describeReal('the STEDI ruleset on the real 2023 data', () => {
  let runDir: string;
  let gate: GateResult;

  beforeAll(async () => {
    runDir = await buildRealDataRunDir(DATA);
    gate = await runQualityGate({ runDir });
  }, 300_000);

  afterAll(() => {
    if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
  });

  it('passes every error-level rule (exit 0)', () => {
    expect(gate.outcomes.filter((o) => o.level === 'error')).toPassDataQuality();
    expect(gate.exitCode).toBe(0);
  });

  it('checks the exact row count of all eight tables of DESIGN.md §2', () => {
    const counts = Object.fromEntries(gate.outcomes.filter((o) => o.rule.startsWith('RowCount = ')).map((o) => [o.table, o.evaluatedMetrics['Dataset.*.RowCount']]));
    expect(counts).toEqual(STEDI_2023_EXPECTED_ROWS);
    expect(gate.tables.every((t) => t.rejectedRecords === 0 && t.invalidValues === 0)).toBe(true);
  });

  it('reports the cross-customer timestamp pairs of machine_learning_curated as a warning: 2,700', () => {
    const warning = gate.outcomes.find((o) => o.table === 'machine_learning_curated' && o.rule.includes('not exists (select 1 from customers_curated'));
    expect(warning).toMatchObject({ level: 'warning', outcome: 'Failed', evaluatedMetrics: { 'Dataset.*.CustomSQL': STEDI_2023_CROSS_CUSTOMER_PAIRS } });
  });

  it('reports the readings taken before research consent as a warning: 8,956', () => {
    const warning = gate.outcomes.find((o) => o.table === 'accelerometer_trusted' && o.rule.includes('a.timestamp < c.sharewithresearchasofdate'));
    expect(warning).toMatchObject({ level: 'warning', outcome: 'Failed', evaluatedMetrics: { 'Dataset.*.CustomSQL': STEDI_2023_PRE_CONSENT_READINGS } });
  });

  it('fails no other warning', () => {
    expect(gate.outcomes.filter((o) => o.outcome !== 'Passed').map((o) => o.table)).toEqual(['accelerometer_trusted', 'machine_learning_curated']);
  });
});
