import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import '../jest-matchers';
import { writeFixtureRunDir } from '../test-support/fixture-run-dir';
import { ALICE, BOB } from '../test-support/stedi-fixture';
import { formatGateResult } from './print';
import { STEDI_RULES_DIR } from '../ruleset/stedi-rules';
import { readRunRecord, writeRunRecordFile } from '../../common/run-dir';
import { readRunTable, summariseLedger } from '../../table';
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

  it('reports a rejected line as a lost record (error level), located by the ledger', async () => {
    const runDir = tmp(writeFixtureRunDir());
    // A truncated line starting with '{': Athena fails the query over it (HIVE_CURSOR_ERROR), so it is in no count.
    fs.appendFileSync(path.join(runDir, 'data', 'stedi', 'customer_landing', 'part-00000.json'), '{"email": "broken\n');
    const result = await runQualityGate({ runDir, rulesPath: path.join(STEDI_RULES_DIR, 'customer_trusted.dqdl') });
    expect(result.tables.find((t) => t.table === 'customer_landing')).toMatchObject({ rows: 3, rejectedRecords: 1, problems: [expect.stringMatching(/^part-00000\.json:4: malformed-json: HIVE_CURSOR_ERROR/)] });
    expect(formatGateResult(result)).toContain('customer_landing (3 rows, 1 rejected records)');
    expect(result.outcomes.find((o) => o.table === 'customer_landing' && o.rule === 'LedgerIssues = 0')).toMatchObject({
      outcome: 'Failed',
      level: 'error',
      source: 'ledger',
      evaluatedMetrics: { 'Dataset.*.LedgerIssues': 1, 'Dataset.*.RecordsWithIssues': 0, 'Dataset.*.RejectedRecords': 1, 'Dataset.*.LostRecords': 1 },
      failureReason: expect.stringMatching(/^customer_landing: 1 line rejected \(in no count\) \(1 malformed-json\); Athena refuses the table: HIVE_CURSOR_ERROR at part-00000\.json:4; first at part-00000\.json:4 malformed-json$/),
    });
    expect(result.exitCode).toBe(1);
  });

  it("fails (exit 1) on records a job's reader lost, as run.json's reconciliation records them, naming file and line", async () => {
    const runDir = tmp(writeFixtureRunDir());
    const record = readRunRecord(runDir);
    const located = ['part-00000.json:2 lost by customer_trusted: record of 20000001 characters'];
    record.tables.customer_landing!.lost = { count: 1, byJob: { customer_trusted: 1 }, located };
    writeRunRecordFile(runDir, record);
    const result = await runQualityGate({ runDir, rulesPath: path.join(STEDI_RULES_DIR, 'customer_trusted.dqdl') });
    expect(result.outcomes.find((o) => o.table === 'customer_landing' && o.rule === 'LedgerIssues = 0')).toMatchObject({
      outcome: 'Failed',
      level: 'error',
      evaluatedMetrics: { 'Dataset.*.LostRecords': 1 },
      failureReason: `customer_landing: 1 record lost by a job's reader; lost: ${located[0]}`,
    });
    expect(result.exitCode).toBe(1);
  });

  it('checks the ledger of a table Athena refuses (no count in run.json) and fails at error level at its line', async () => {
    const runDir = tmp(writeFixtureRunDir(undefined, { accelerometer_landing: null }));
    fs.appendFileSync(path.join(runDir, 'data', 'stedi', 'accelerometer_landing', 'part-00000.json'), '{"user": "cut\n');
    const record = readRunRecord(runDir);
    const { ledger } = await readRunTable(runDir, 'stedi', 'accelerometer_landing');
    record.tables.accelerometer_landing = { ...record.tables.accelerometer_landing!, rows: null, ledger: summariseLedger(ledger) };
    writeRunRecordFile(runDir, record);
    const result = await runQualityGate({ runDir, rulesPath: path.join(STEDI_RULES_DIR, 'customer_trusted.dqdl') });
    expect(result.outcomes.find((o) => o.table === 'accelerometer_landing' && o.rule === 'LedgerIssues = 0')).toMatchObject({
      outcome: 'Failed',
      level: 'error',
      failureReason: expect.stringContaining('Athena refuses the table: HIVE_CURSOR_ERROR at part-00000.json:5'),
    });
    expect(result.exitCode).toBe(1);
  });

  it('warns about a line read with issues: it is counted, so nothing is lost', async () => {
    const runDir = tmp(writeFixtureRunDir());
    const file = path.join(runDir, 'data', 'stedi', 'customer_landing', 'part-00000.json');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[0] = `${lines[0]},`;
    fs.writeFileSync(file, lines.join('\n'));
    const result = await runQualityGate({ runDir, rulesPath: path.join(STEDI_RULES_DIR, 'customer_trusted.dqdl') });
    expect(result.tables.find((t) => t.table === 'customer_landing')).toMatchObject({ rows: 3, rejectedRecords: 0 });
    expect(result.outcomes.find((o) => o.table === 'customer_landing' && o.rule === 'LedgerIssues = 0')).toMatchObject({
      outcome: 'Failed',
      level: 'warning',
      evaluatedMetrics: { 'Dataset.*.LedgerIssues': 1, 'Dataset.*.RecordsWithIssues': 1, 'Dataset.*.RejectedRecords': 0, 'Dataset.*.LostRecords': 0 },
      failureReason: 'customer_landing: 1 line read with issues (1 trailing-content); first at part-00000.json:1 trailing-content',
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

/** Rewrites run.json of a fixture run (the writer records the STEDI ruleset, as a STEDI run does). */
function editRunRecord(runDir: string, edit: (record: Record<string, unknown>) => void): void {
  const file = path.join(runDir, 'run.json');
  const record = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(record);
  fs.writeFileSync(file, JSON.stringify(record, null, 2));
}

describe('runQualityGate: the rules are the run\'s own', () => {
  const GENERATED = /^(RowCount = \d+|RejectedRecords = 0|SchemaDrift = 0|Ledger.*)$/;

  it('evaluates no DQDL rule when the definition declares none: counts and harness warnings only', async () => {
    const runDir = tmp(writeFixtureRunDir());
    editRunRecord(runDir, (r) => (r.rules = []));
    const result = await runQualityGate({ runDir });
    expect(result.ruleFiles).toEqual([]);
    expect(result.rulesPath).toMatch(/^none: .* declares no rules$/);
    expect(result.outcomes.filter((o) => !GENERATED.test(o.rule))).toEqual([]);
    // Every counted table still gets its count and the harness's warnings.
    expect(new Set(result.outcomes.filter((o) => o.rule === 'SchemaDrift = 0').map((o) => o.table))).toEqual(new Set(Object.keys(JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8')).tables)));
    expect(result.exitCode).toBe(0);
  });

  it('treats a run.json without rules (older runs) like a definition without rules, never as STEDI', async () => {
    const runDir = tmp(writeFixtureRunDir());
    editRunRecord(runDir, (r) => delete r.rules);
    const result = await runQualityGate({ runDir });
    expect(result.outcomes.filter((o) => !GENERATED.test(o.rule))).toEqual([]);
  });

  it('evaluates exactly the files run.json records, each for the table recorded with it', async () => {
    const runDir = tmp(writeFixtureRunDir((f) => (f.rows.customers_curated!.find((c) => c.email === BOB)!.serialnumber = 'S-A')));
    const rules = tmp(fs.mkdtempSync(path.join(os.tmpdir(), 'rules-')));
    // A per-table rules file may have any name: the table comes from run.json, not from the file name.
    fs.writeFileSync(path.join(rules, 'uniqueness checks.dqdl'), 'Rules = [\n    IsUnique "serialnumber",\n    IsComplete "email"\n]\n');
    const ruleFiles = [{ table: 'customers_curated', file: path.join(rules, 'uniqueness checks.dqdl') }];
    editRunRecord(runDir, (r) => (r.rules = ruleFiles));
    const result = await runQualityGate({ runDir });
    expect(result.ruleFiles).toEqual(ruleFiles);
    expect(result.outcomes.filter((o) => !GENERATED.test(o.rule)).map((o) => `${o.table}: ${o.rule} ${o.outcome}`)).toEqual([
      'customers_curated: IsUnique "serialnumber" Failed',
      'customers_curated: IsComplete "email" Passed',
    ]);
    expect(result.exitCode).toBe(1);
  });

  it('--rules replaces the run\'s own rules', async () => {
    const runDir = tmp(writeFixtureRunDir());
    const result = await runQualityGate({ runDir, rulesPath: path.join(STEDI_RULES_DIR, 'customer_trusted.dqdl') });
    expect(new Set(result.outcomes.filter((o) => !GENERATED.test(o.rule)).map((o) => o.table))).toEqual(new Set(['customer_trusted']));
    expect(result.rulesPath).toBe(path.join(STEDI_RULES_DIR, 'customer_trusted.dqdl'));
  });

  it('cannot evaluate (exit 2 via a thrown error) when a recorded rules file is gone', async () => {
    const runDir = tmp(writeFixtureRunDir());
    editRunRecord(runDir, (r) => (r.rules = [{ table: 'customer_trusted', file: '/nonexistent/customer_trusted.dqdl' }]));
    await expect(runQualityGate({ runDir })).rejects.toThrow(/rules file \/nonexistent\/customer_trusted\.dqdl \(for table customer_trusted\) cannot be read/);
  });
});

describe('runQualityGate: data quality a job evaluated itself (EvaluateDataQuality)', () => {
  // The ruleset as the script passed it; the outcomes as Glue returns them, one per rule in order.
  const RULESET = 'Rules = [\n    # level: warning\n    RowCount > 5,\n    IsComplete "email"\n]';
  function runWithJobOutcomes(outcomes: Array<{ Rule: string; Outcome: string; FailureReason?: string | null; EvaluatedMetrics?: Record<string, number> }>): string {
    const runDir = tmp(writeFixtureRunDir());
    editRunRecord(runDir, (r) => {
      r.rules = [];
      r.jobs = [
        { name: 'other_job', jobRunId: 'jr_0', state: 'SUCCEEDED', seconds: 1 },
        { name: 'clean_orders', jobRunId: 'jr_1', state: 'SUCCEEDED', seconds: 1, dataQuality: [{ ruleset: RULESET, outcomes }] },
      ];
    });
    return runDir;
  }

  it('are gate outcomes marked with the job, at the level the ruleset gives each rule', async () => {
    const result = await runQualityGate({
      runDir: runWithJobOutcomes([
        { Rule: 'RowCount > 5', Outcome: 'Failed', FailureReason: 'Value: 3 does not meet the constraint requirement!', EvaluatedMetrics: { 'Dataset.*.RowCount': 3 } },
        { Rule: 'IsComplete "email"', Outcome: 'Passed', FailureReason: null, EvaluatedMetrics: { 'Column.email.Completeness': 1 } },
      ]),
    });
    const inJob = result.outcomes.filter((o) => o.table === 'job clean_orders');
    expect(inJob).toEqual([
      {
        rule: 'RowCount > 5',
        outcome: 'Failed',
        level: 'warning',
        table: 'job clean_orders',
        failureReason: 'Value: 3 does not meet the constraint requirement!',
        evaluatedMetrics: { 'Dataset.*.RowCount': 3 },
        source: 'run.json jobs[1].dataQuality[0] (EvaluateDataQuality in job clean_orders)',
      },
      {
        rule: 'IsComplete "email"',
        outcome: 'Passed',
        level: 'error',
        table: 'job clean_orders',
        evaluatedMetrics: { 'Column.email.Completeness': 1 },
        source: 'run.json jobs[1].dataQuality[0] (EvaluateDataQuality in job clean_orders)',
      },
    ]);
    expect(result.exitCode).toBe(0); // only a warning failed
    expect(formatGateResult(result)).toMatch(/^job clean_orders \(not loaded\)$/m);
  });

  it('fail the gate (exit 1) when an error-level rule of the job failed', async () => {
    const result = await runQualityGate({
      runDir: runWithJobOutcomes([
        { Rule: 'RowCount > 5', Outcome: 'Passed', EvaluatedMetrics: { 'Dataset.*.RowCount': 9 } },
        { Rule: 'IsComplete "email"', Outcome: 'Failed', FailureReason: 'Value: 0.5 does not meet the constraint requirement!', EvaluatedMetrics: { 'Column.email.Completeness': 0.5 } },
      ]),
    });
    expect(result.outcomes.find((o) => o.table === 'job clean_orders' && o.outcome === 'Failed')).toMatchObject({ rule: 'IsComplete "email"', level: 'error' });
    expect(result.exitCode).toBe(1);
  });
});
