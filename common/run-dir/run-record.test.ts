/**
 * run.json fields added for the jobs' readers: a data-quality metric that is not a number (the
 * job server turns a NaN — Deequ's mean of an empty column — into null, JSON having no NaN:
 * harness/python/stedi_glue/deequ_dqdl.py) must not stop run.json from being written, and the
 * per-input figures and lost records validate (and are refused when malformed).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRunRecord, writeRunRecordFile, type RunRecord } from './run-record';
import { sampleRunRecord } from './testing/samples';

function withReaderFigures(): RunRecord {
  const record = sampleRunRecord() as RunRecord;
  const job = record.jobs[0]!;
  job.dataQuality = [{ ruleset: 'empty', outcomes: [{ Rule: 'Mean "age" > 0', Outcome: 'Failed', FailureReason: 'no rows', EvaluatedMetrics: { 'Column.age.Mean': null } }] }];
  job.inputs = [
    {
      database: 'stedi',
      table: 'customer_landing',
      location: 's3://stedi-lakehouse/landing/customer/',
      format: 'json',
      recordsRead: 957,
      recordsInFrame: 956,
      errorRecords: 1,
      errorSamples: [{ file: 's3://stedi-lakehouse/landing/customer/big.json', line: 4, reason: 'record of 20000001 characters' }],
    },
  ];
  record.tables.customer_landing!.lost = { count: 1, byJob: { customer_trusted: 1 }, located: ['big.json:4 lost by customer_trusted: record of 20000001 characters'] };
  return record;
}

describe('run.json: job reader figures', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-run-record-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes and reads back a run whose job metric is null, with its inputs and lost records', () => {
    const record = withReaderFigures();
    writeRunRecordFile(dir, record);
    const back = readRunRecord(dir);
    expect(back.jobs[0]?.dataQuality?.[0]?.outcomes[0]?.EvaluatedMetrics).toEqual({ 'Column.age.Mean': null });
    expect(back.jobs[0]?.inputs?.[0]?.errorSamples[0]?.line).toBe(4);
    expect(back.tables.customer_landing?.lost?.count).toBe(1);
  });

  it('refuses a negative lost count and a non-integer line, naming the key path', () => {
    const lost = withReaderFigures();
    lost.tables.customer_landing!.lost!.count = -1;
    expect(() => writeRunRecordFile(dir, lost)).toThrow(/tables\.customer_landing\.lost\.count/);
    const line = withReaderFigures();
    line.jobs[0]!.inputs![0]!.errorSamples[0]!.line = 1.5;
    expect(() => writeRunRecordFile(dir, line)).toThrow(/jobs\[0\]\.inputs\[0\]\.errorSamples\[0\]\.line/);
  });
});
