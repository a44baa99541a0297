/**
 * The run summary names records a job's reader lost, by file and line (issue 10: "a record lost
 * by the job is reported as lost"), and `--json` carries them.
 */
import type { RunRecord } from '../common/run-dir';
import { sampleRunRecord } from '../common/run-dir/testing/samples';
import type { PipelineRun } from '../pipeline';
import { progressPrinter, renderRunSummary, runJsonDocument } from './run-output';

function runWithLost(located: string[], count: number): PipelineRun {
  const record = sampleRunRecord() as RunRecord;
  record.status = 'COUNT_MISMATCH';
  record.jobs = [record.jobs[0]!];
  delete record.tables.customer_trusted;
  record.tables.customer_landing!.lost = { count, byJob: { customer_trusted: count }, located };
  return { runDir: '/tmp/run', record, rejectedLanding: { count: 0, lines: [] } };
}

describe('run summary: records lost by a job', () => {
  const line = 'big.json:4 lost by customer_trusted: record of 20000001 characters';

  it('prints the count, the job and each located line, and marks the table LOST', () => {
    const text = renderRunSummary(runWithLost([line], 1));
    expect(text).toContain("1 record(s) of customer_landing counted by the table layer were LOST by a job's reader (customer_trusted: 1):");
    expect(text).toContain(`  ${line}`);
    expect(text).toMatch(/customer_landing\s+landing\s+956\s+956\s+1 LOST/);
  });

  it('says how many lost records are not located', () => {
    expect(renderRunSummary(runWithLost([line], 3))).toContain('... and 2 more not located');
  });

  it('carries lost records in the --json document', () => {
    const doc = runJsonDocument(runWithLost([line], 1)) as { tables: Record<string, { lost?: unknown }> };
    expect(doc.tables.customer_landing?.lost).toEqual({ count: 1, byJob: { customer_trusted: 1 }, located: [line] });
  });
});

describe('progress of the jobs', () => {
  it('a running job is an activity (spinner / plain lines) that stops before its finished line', () => {
    const log: string[] = [];
    const printer = progressPrinter(
      (line) => log.push(`line ${line}`),
      (label) => {
        log.push(`begin ${label}`);
        return { stop: () => (log.push('stop'), 1) };
      },
    );
    printer({ type: 'job-started', job: 'clean_orders', index: 0, total: 2 });
    printer({ type: 'job-finished', index: 0, total: 2, job: { name: 'clean_orders', jobRunId: 'jr', state: 'SUCCEEDED', seconds: 4.2 } } as Parameters<typeof printer>[0]);
    expect(log).toEqual(['begin [1/2] clean_orders running', 'stop', 'line [1/2] clean_orders SUCCEEDED 4.2s']);
  });
});
