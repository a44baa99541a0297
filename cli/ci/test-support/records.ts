/**
 * A hand-built run record and gate result whose every outcome is known here, independent of
 * the code under test: 3 jobs (one FAILED, one SKIPPED), 4 tables (one of each count problem),
 * 4 rule outcomes of each level and kind, and one ruleset the gate could not evaluate.
 */
import type { RunRecord, TableRecord } from '../../../common/run-dir';
import type { GateResult, RuleOutcome } from '../../../quality-rules';

function table(rows: number | null, expected: number | null, extra: Partial<TableRecord> = {}): TableRecord {
  return { database: 'shop', zone: 'trusted', location: 's3://lake/t/', format: 'json', rows, expected, rejectedRecords: 0, ...extra };
}

export function brokenRun(): RunRecord {
  return {
    schemaVersion: 1,
    runId: '20260101-000000-abcd',
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:01:00Z',
    pipeline: '/p/pipeline.yaml',
    pipelineName: 'shop & co',
    landing: 'data/sample',
    databases: ['shop'],
    tables: {
      orders_landing: table(10, 10, { zone: 'landing' }),
      orders_trusted: table(7, 8),
      orders_rejected: table(9, 10, { rejectedRecords: 1 }),
      orders_daily: table(null, 3, { error: 'table does not exist: its job was SKIPPED' }),
    },
    jobs: [
      { name: 'clean_orders', jobRunId: 'jr_1', state: 'SUCCEEDED', seconds: 12.5 },
      // A traceback with characters XML must escape, and an ANSI escape it cannot hold at all.
      { name: 'daily_orders', jobRunId: 'jr_2', state: 'FAILED', seconds: 3.25, error: { type: 'KeyError', message: "'amount' <missing> & gone", traceback: 'Traceback:\n  \u001b[31mKeyError\u001b[0m: "amount"' } },
      { name: 'publish', jobRunId: null, state: 'SKIPPED', seconds: 0, skippedBecause: ['daily_orders'] },
    ],
    status: 'FAILED',
  };
}

function outcome(rule: string, result: RuleOutcome['outcome'], level: RuleOutcome['level'], metrics: Record<string, number>, failureReason?: string): RuleOutcome {
  return { rule, outcome: result, level, table: 'orders_trusted', evaluatedMetrics: metrics, ...(failureReason ? { failureReason } : {}), source: 'rules/orders_trusted.dqdl:2' };
}

export function gateWithEveryKind(): GateResult {
  const outcomes = [
    outcome('IsPrimaryKey "orderid"', 'Passed', 'error', { 'Column.orderid.Uniqueness': 1 }),
    outcome('ColumnValues "amount" > 400', 'Failed', 'error', { 'Column.amount.Minimum': 12.5 }, 'Value: 12.5 does not meet the constraint requirement!'),
    outcome('Completeness "customeremail" >= 0.95', 'Failed', 'warning', { 'Column.customeremail.Completeness': 0.9 }, 'Value: 0.9 does not meet the constraint requirement!'),
    outcome('ColumnExists "discount"', 'Error', 'error', {}, 'column discount does not exist'),
  ];
  return {
    schemaVersion: 1,
    runDir: '/runs/20260101-000000-abcd',
    rulesPath: 'the rules of /p/pipeline.yaml',
    ruleFiles: [],
    exitCode: 2,
    errors: ['rules file rules/ghost.dqdl is for table ghost, which is not in run /runs/20260101-000000-abcd'],
    tables: [],
    outcomes,
    summary: { rules: 4, passed: 1, failed: 2, errors: 1, warningsFailed: 1 },
  };
}
