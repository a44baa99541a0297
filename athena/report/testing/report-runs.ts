/**
 * Run directories a report test needs, built on athena/test-support's writer: a custom pipeline
 * (never STEDI) whose gate failed while the run succeeded, and one whose job FAILED and left
 * tables missing. The figures are chosen here, so tests know them without the code under test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunRecord, runRecordPath, writeQualityResult, type RuleOutcomeRecord } from '../../../common/run-dir';
import { JSON_SERDE, makeRunDir } from '../../test-support/run-fixture';

export const PIPELINE_NAME = 'acme-orders';
/** 2022-06-18 15:00:44.103 UTC (worked by hand: day 19161 since 1970-01-01, 54,044 s into it). */
export const EPOCH_MS = 1655564444103;

const ddl = (name: string, columns: string): string =>
  `CREATE EXTERNAL TABLE acme.${name} (${columns}) ${JSON_SERDE} LOCATION 's3://acme-lake/${name}/' TBLPROPERTIES ('classification'='json')`;

const orders = (n: number): string =>
  `${Array.from({ length: n }, (_, i) => JSON.stringify({ orderId: `o-${i}`, status: 'PAID', createdAt: EPOCH_MS + i * 1000 })).join('\n')}\n`;

function patchRunRecord(runDir: string, patch: (record: RunRecord) => void): void {
  const file = runRecordPath(runDir);
  const record = JSON.parse(fs.readFileSync(file, 'utf8')) as RunRecord;
  patch(record);
  fs.writeFileSync(file, JSON.stringify(record, null, 2));
}

/** Outcomes of a failed gate, listed warning first so a test sees the report put errors above it. */
export const FAILED_GATE_OUTCOMES: RuleOutcomeRecord[] = [
  { table: 'orders_landing', rule: 'Completeness "customeremail" >= 0.95', outcome: 'Failed', level: 'warning', evaluatedMetrics: { 'Column.customeremail.Completeness': 0.9 }, failureReason: 'Value: 0.9 does not meet the constraint requirement!', source: 'rules/orders_landing.dqdl:9' },
  { table: 'orders_landing', rule: 'RowCount = 4', outcome: 'Passed', level: 'error', evaluatedMetrics: { 'Dataset.*.RowCount': 4 } },
  { table: 'orders_trusted', rule: 'IsUnique "orderid"', outcome: 'Failed', level: 'error', evaluatedMetrics: { 'Column.orderid.Uniqueness': 0.5 }, failureReason: 'Value: 0.5 does not meet the constraint requirement!', source: 'rules/orders_trusted.dqdl:4' },
  { table: 'orders_trusted', rule: 'ColumnValues "status" = "PAID"', outcome: 'Failed', level: 'error', evaluatedMetrics: { 'Column.status.ColumnValues.Compliance': 0.75 }, failureReason: 'Value: 0.75 does not meet the constraint requirement!' },
  { table: 'orders_trusted', rule: 'IsComplete "orderid"', outcome: 'Passed', level: 'error', evaluatedMetrics: { 'Column.orderid.Completeness': 1 } },
];

/** The run SUCCEEDED and every count matches, but two error-level rules failed: the gate exits 1. */
export function failedGateRun(): string {
  const runDir = makeRunDir(
    [
      { ddl: ddl('orders_landing', 'orderid string, status string, createdat bigint'), files: { 'o.json': orders(4) }, record: { zone: 'bronze', expected: 4, rows: 4 } },
      { ddl: ddl('orders_trusted', 'orderid string, status string, createdat bigint'), files: { 'part-0.json': orders(2) }, record: { zone: 'silver', expected: 2, rows: 2 } },
    ],
    'stedi-report-gate-',
  );
  patchRunRecord(runDir, (record) => {
    record.pipeline = '/projects/acme/acme.pipeline.yaml';
    record.pipelineName = PIPELINE_NAME;
    record.jobs = [{ name: 'clean_orders', jobRunId: 'jr_1', state: 'SUCCEEDED', seconds: 3.2 }];
  });
  const outcomes = FAILED_GATE_OUTCOMES;
  writeQualityResult(runDir, {
    schemaVersion: 1,
    runDir,
    rulesPath: 'the rules of /projects/acme/acme.pipeline.yaml',
    exitCode: 1,
    errors: [],
    tables: [],
    outcomes,
    summary: { rules: 5, passed: 2, failed: 3, errors: 0, warningsFailed: 1 },
  });
  return runDir;
}

export const TRACEBACK = `Traceback (most recent call last):
  File "/projects/acme/glue/clean_orders.py", line 21, in <module>
    orders = Filter.apply(frame=source, f=lambda row: row["orderId"] != "")
KeyError: 'orderId'
`;

/** A job FAILED with a traceback, its dependant was SKIPPED, and the two tables they write are missing. */
export function failedJobRun(): string {
  const runDir = makeRunDir([{ ddl: ddl('orders_landing', 'orderid string, status string, createdat bigint'), files: { 'o.json': orders(3) }, record: { zone: 'bronze', expected: 3, rows: 3 } }], 'stedi-report-failed-');
  patchRunRecord(runDir, (record) => {
    record.pipeline = '/projects/acme/acme.pipeline.yaml';
    record.pipelineName = PIPELINE_NAME;
    record.status = 'FAILED';
    record.jobs = [
      { name: 'clean_orders', jobRunId: 'jr_1', state: 'FAILED', seconds: 4.5, error: { type: 'KeyError', message: "'orderId'", traceback: TRACEBACK } },
      { name: 'daily_rollup', jobRunId: null, state: 'SKIPPED', seconds: 0, skippedBecause: ['clean_orders'] },
    ];
    for (const [name, zone] of [['orders_clean', 'silver'], ['orders_daily', 'gold']] as const) {
      record.tables[name] = {
        database: 'acme', zone, location: `s3://acme-lake/${name}/`, format: 'json', rows: null, expected: 2, rejectedRecords: 0,
        error: `${name} is not in the catalog: the job writing it did not register it`,
      };
    }
  });
  fs.mkdirSync(path.join(runDir, 'jobs'), { recursive: true });
  const earlier = Array.from({ length: 60 }, (_, i) => `progress line ${i + 1}`).join('\n');
  fs.writeFileSync(path.join(runDir, 'jobs', 'clean_orders.log'), `${earlier}\nreading acme.orders_landing\n\n${TRACEBACK}`);
  return runDir;
}
