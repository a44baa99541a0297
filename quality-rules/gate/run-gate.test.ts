import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import '../jest-matchers';
import { writeFixtureRunDir } from '../test-support/fixture-run-dir';
import { ALICE, BOB } from '../test-support/stedi-fixture';
import { formatGateResult } from './print';
import { STEDI_RULES_DIR } from '../ruleset/stedi-rules';
import { runQualityGate } from './run-gate';

const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function tmp(dir: string): string {
  cleanup.push(dir);
  return dir;
}

describe('runQualityGate', () => {
  it('passes (exit 0) on a consistent run, with the generated exact row counts', async () => {
    const result = await runQualityGate({ runDir: tmp(writeFixtureRunDir()) });
    expect(result.exitCode).toBe(0);
    expect(result).toPassDataQuality({ includeWarnings: true });
    const counts = result.outcomes.filter((o) => o.source?.startsWith('run.json'));
    expect(counts.map((o) => `${o.table}: ${o.rule}`).sort()).toEqual([
      'accelerometer_landing: RowCount = 4',
      'accelerometer_trusted: RowCount = 3',
      'customer_landing: RowCount = 3',
      'customer_trusted: RowCount = 2',
      'customers_curated: RowCount = 2',
      'machine_learning_curated: RowCount = 3',
      'step_trainer_landing: RowCount = 4',
      'step_trainer_trusted: RowCount = 3',
    ]);
    expect(result.tables.find((t) => t.table === 'customer_trusted')).toMatchObject({ rows: 2, rejectedRecords: 0 });
    const drift = result.outcomes.filter((o) => o.rule === 'SchemaDrift = 0');
    expect(drift.map((o) => `${o.table}: ${o.outcome} ${o.evaluatedMetrics['Dataset.*.SchemaDrift']}`).sort()).toEqual(counts.map((o) => `${o.table}: Passed 0`).sort());
  });

  it('fails (exit 1) when an error-level rule fails, and says which table, rule and value', async () => {
    const runDir = tmp(writeFixtureRunDir((f) => (f.rows.customers_curated!.find((c) => c.email === BOB)!.serialnumber = 'S-A')));
    const result = await runQualityGate({ runDir });
    expect(result.exitCode).toBe(1);
    expect(result).toHaveDataQualityOutcome('IsUnique "serialnumber"', 'Failed');
    const text = formatGateResult(result);
    expect(text).toMatch(/customers_curated \(2 rows\)/);
    expect(text).toMatch(/FAIL {3}error {3}Uniqueness=0 +IsUnique "serialnumber"/);
    expect(text).toMatch(/gate FAILED: an error-level rule failed \(exit 1\)/);
  });

  it('passes (exit 0) when only a warning fails', async () => {
    const runDir = tmp(writeFixtureRunDir((f) => f.rows.accelerometer_trusted!.push({ user: ALICE, timestamp: 900, x: 0, y: 0, z: 0 }), { accelerometer_trusted: 4 }));
    const result = await runQualityGate({ runDir });
    expect(result.exitCode).toBe(0);
    expect(result.summary).toMatchObject({ failed: 1, warningsFailed: 1, errors: 0 });
    expect(result).toPassDataQuality();
    expect(result).not.toPassDataQuality({ includeWarnings: true });
  });

  it('fails (exit 1) when a table does not have its expected row count', async () => {
    const result = await runQualityGate({ runDir: tmp(writeFixtureRunDir(undefined, { customer_landing: 956 })) });
    expect(result.exitCode).toBe(1);
    expect(result.outcomes.find((o) => o.table === 'customer_landing' && o.rule.startsWith('RowCount'))).toMatchObject({
      outcome: 'Failed',
      rule: 'RowCount = 956',
      failureReason: 'Value: 3 does not meet the constraint requirement (= 956)',
      source: 'run.json tables.customer_landing.expected',
    });
  });

  it('cannot evaluate (exit 2) a ruleset with syntax errors, and reports them all', async () => {
    const rules = tmp(fs.mkdtempSync(path.join(os.tmpdir(), 'rules-')));
    fs.writeFileSync(path.join(rules, 'customer_trusted.dqdl'), 'Rules = [\n    IsComplete "email" >,\n    RowCount between 1\n]\n');
    fs.writeFileSync(path.join(rules, 'customers_curated.dqdl'), 'Rules = [\n    IsUnique "email"\n    IsComplete "email"\n]\n');
    const result = await runQualityGate({ runDir: tmp(writeFixtureRunDir()), rulesPath: rules });
    expect(result.exitCode).toBe(2);
    expect(result.outcomes).toEqual([]);
    expect(result.errors.join('\n')).toMatch(/customer_trusted\.dqdl:2:25:[^]*customer_trusted\.dqdl:4:1:[^]*customers_curated\.dqdl:3:5:/);
  });

  it('cannot evaluate (exit 2) rules for a table that is not in the run', async () => {
    const rules = tmp(fs.mkdtempSync(path.join(os.tmpdir(), 'rules-')));
    fs.writeFileSync(path.join(rules, 'ghost_table.dqdl'), 'Rules = [\n    # level: warning\n    RowCount > 0\n]\n');
    const result = await runQualityGate({ runDir: tmp(writeFixtureRunDir()), rulesPath: rules });
    expect(result.exitCode).toBe(2);
    expect(result.errors[0]).toMatch(/ghost_table\.dqdl is for table ghost_table, which is not in run/);
    expect(result.outcomes.find((o) => o.table === 'ghost_table')).toMatchObject({ outcome: 'Error' });
  });

  it('reports rejected records of a table', async () => {
    const runDir = tmp(writeFixtureRunDir());
    fs.appendFileSync(path.join(runDir, 'data', 'stedi', 'customer_landing', 'part-00000.json'), '{"email": "broken\n');
    const result = await runQualityGate({ runDir, rulesPath: path.join(STEDI_RULES_DIR, 'customer_trusted.dqdl') });
    expect(result.tables.find((t) => t.table === 'customer_landing')).toMatchObject({ rows: 3, rejectedRecords: 1, problems: [expect.stringMatching(/^part-00000\.json:4: malformed JSON/)] });
    expect(formatGateResult(result)).toContain('customer_landing (3 rows, 1 rejected records)');
    expect(result.outcomes.find((o) => o.table === 'customer_landing' && o.rule === 'RejectedRecords = 0')).toMatchObject({
      outcome: 'Failed',
      level: 'warning',
      evaluatedMetrics: { 'Dataset.*.RejectedRecords': 1 },
      failureReason: expect.stringMatching(/^1 record\(s\) of customer_landing are not JSON objects and were left out, e\.g\. part-00000\.json:4: malformed JSON/),
    });
    expect(result.exitCode).toBe(0);
  });

  it('warns about schema drift the loader read past: renamed keys and numbers written as strings', async () => {
    const runDir = tmp(writeFixtureRunDir());
    const file = path.join(runDir, 'data', 'stedi', 'accelerometer_landing', 'part-00000.json');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('"timestamp":', '"timeStamp":');
    lines[2] = lines[2]!.replace(/"x":(-?\d+)/, '"x":"$1"');
    fs.writeFileSync(file, lines.join('\n'));
    const result = await runQualityGate({ runDir });
    // Read as Athena would: every other rule still passes, only the drift warning sees it.
    expect(result.exitCode).toBe(0);
    expect(result.outcomes.filter((o) => o.outcome !== 'Passed').map((o) => `${o.table}: ${o.rule}`)).toEqual(['accelerometer_landing: SchemaDrift = 0']);
    expect(result.outcomes.find((o) => o.table === 'accelerometer_landing' && o.rule === 'SchemaDrift = 0')).toEqual({
      rule: 'SchemaDrift = 0',
      outcome: 'Failed',
      level: 'warning',
      table: 'accelerometer_landing',
      source: 'loader',
      evaluatedMetrics: { 'Dataset.*.SchemaDrift': 2 },
      failureReason:
        '2 record(s) of accelerometer_landing drift from its schema (read as Athena would, so other rules do not see it): ' +
        'key "timeStamp" for column timestamp (usually "timestamp") in 1 record(s) (first at part-00000.json:2); ' +
        'string values in double column x in 1 record(s) (first at part-00000.json:3)',
    });
  });
});
