/**
 * `stedi report` exits with the run's verdict, as `stedi run` does (cli/exit.ts): 1 when a count
 * or an error-level rule failed, 2 when the run FAILED or its rules could not be evaluated.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { reportCommand } from './report';
import { runRecordPath, qualityResultPath } from '../../common/run-dir';
import { JSON_SERDE, makeRunDir } from '../../athena/test-support/run-fixture';
import { failedGateRun, failedJobRun } from '../../athena/report/testing/report-runs';

async function report(runDir: string): Promise<{ stdout: string; exitCode: number | undefined }> {
  const out: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await reportCommand().exitOverride().parseAsync(['--run', runDir, '--no-png'], { from: 'user' });
    return { stdout: out.join(''), exitCode: process.exitCode as number | undefined };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = before;
  }
}

describe('stedi report exit codes', () => {
  const made: string[] = [];
  const keep = (dir: string): string => (made.push(dir), dir);
  afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('exits 1 when the gate failed on a run that succeeded, and prints the verdict', async () => {
    const { stdout, exitCode } = await report(keep(failedGateRun()));
    expect(exitCode).toBe(1);
    expect(stdout).toContain('FAILED: quality gate FAILED (2 error-level rules failed) (exit 1)\n');
  });

  it('exits 2 for a FAILED run', async () => {
    const { stdout, exitCode } = await report(keep(failedJobRun()));
    expect(exitCode).toBe(2);
    expect(stdout).toContain('FAILED: run FAILED; 2 tables missing (exit 2)\n');
  });

  it('exits 2 when the gate could not evaluate its rules, or its quality.json is unreadable', async () => {
    const cannot = keep(failedGateRun());
    const document = JSON.parse(fs.readFileSync(qualityResultPath(cannot), 'utf8'));
    fs.writeFileSync(qualityResultPath(cannot), JSON.stringify({ ...document, exitCode: 2, errors: ['rules/orders_trusted.dqdl:7:1: unknown rule type "IsUniq"'] }));
    expect((await report(cannot)).exitCode).toBe(2);

    const broken = keep(failedGateRun());
    fs.writeFileSync(qualityResultPath(broken), '{"schemaVersion": 1, "outcomes": "oops"');
    const { exitCode } = await report(broken);
    expect(exitCode).toBe(2);
    expect(fs.readFileSync(path.join(broken, 'report', 'index.html'), 'utf8')).toContain('quality.json is unreadable');
  });

  it('exits 1 for a COUNT_MISMATCH run, even when the local Athena count matches', async () => {
    const runDir = keep(
      makeRunDir([{ ddl: `CREATE EXTERNAL TABLE acme.t (id bigint) ${JSON_SERDE} LOCATION 's3://b/t/'`, files: { 'a.json': '{"id":1}\n' }, record: { zone: 'raw', expected: 1, rows: 1, rejectedRecords: 1 } }]),
    );
    const record = JSON.parse(fs.readFileSync(runRecordPath(runDir), 'utf8'));
    fs.writeFileSync(runRecordPath(runDir), JSON.stringify({ ...record, status: 'COUNT_MISMATCH' }));
    const { stdout, exitCode } = await report(runDir);
    expect(exitCode).toBe(1);
    expect(stdout).toContain('FAILED: run COUNT_MISMATCH (exit 1)\n');
  });
});
