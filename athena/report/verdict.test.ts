/**
 * The verdict's exit code follows the CLI's convention (cli/exit.ts, DESIGN.md §3): 0 ok · 1 a
 * count or an error-level rule failed · 2 the run could not complete (a job failed) or the rules
 * could not be evaluated. Warnings never fail the verdict.
 */
import type { JobRunRecord, TableRecord } from '../../common/run-dir';
import type { QualityOutcome } from './report-model';
import { combineVerdict, gateVerdict, runVerdict, verdictLines, type CountVerdict } from './verdict';

const job = (name: string, state: JobRunRecord['state']): JobRunRecord => ({ name, jobRunId: null, state, seconds: 1 });
const table = (over: Partial<TableRecord> = {}): TableRecord => ({ database: 'db', zone: 'silver', location: 's3://b/t/', format: 'json', rows: 5, expected: 5, rejectedRecords: 0, ...over });
const rule = (outcome: string, level: string, table = 't'): QualityOutcome => ({ table, rule: `R${outcome}${level}`, outcome, level });
const cleanCounts: CountVerdict = { counted: 1, compared: 1, mismatched: [], unreadable: [], missing: [] };
const cleanRun = runVerdict('SUCCEEDED', [job('a', 'SUCCEEDED')], { t: table() }, new Set());

describe('gateVerdict', () => {
  it('counts failed rules by level and derives the exit code when the document has none', () => {
    const gate = gateVerdict({ source: 'given', errors: [], outcomes: [rule('Passed', 'error'), rule('Failed', 'warning'), rule('Failed', 'error'), rule('Failed', 'error')] });
    expect(gate).toEqual({ source: 'given', exitCode: 1, rules: 4, passed: 1, errorRulesFailed: 2, warningRulesFailed: 1, rulesInError: 0, cannotEvaluate: [] });
    expect(gateVerdict({ source: 'given', errors: [], outcomes: [rule('Failed', 'warning')] }).exitCode).toBe(0);
    expect(gateVerdict({ source: 'given', errors: [], outcomes: [rule('Error', 'error')] }).exitCode).toBe(2);
    expect(gateVerdict({ source: 'given', errors: ['rules/x.dqdl:3:1 syntax error'], outcomes: [] }).exitCode).toBe(2);
  });

  it('never reports a better gate than its outcomes show (a stated exit 0 with a failed error rule is 1)', () => {
    expect(gateVerdict({ source: 'f', exitCode: 0, errors: [], outcomes: [rule('Failed', 'error')] }).exitCode).toBe(1);
    expect(gateVerdict({ source: 'f', exitCode: 2, errors: [], outcomes: [rule('Passed', 'error')] }).exitCode).toBe(2);
  });
});

describe('runVerdict', () => {
  it('names jobs by state and the tables whose counts are not clean, leaving missing tables to the counts', () => {
    const run = runVerdict(
      'FAILED',
      [job('a', 'SUCCEEDED'), job('b', 'FAILED'), job('c', 'TIMEOUT'), job('d', 'SKIPPED')],
      {
        ok: table(),
        short: table({ rows: 4, expected: 5 }),
        bad: table({ rejectedRecords: 2, lost: { count: 3, byJob: { b: 3 }, located: [] } }),
        gone: table({ rows: null, error: 'gone is not in the catalog' }),
      },
      new Set(['gone']),
    );
    expect(run).toEqual({ status: 'FAILED', jobs: 4, failedJobs: ['b'], timedOutJobs: ['c'], skippedJobs: ['d'], tableProblems: ['short: 4 rows, expected 5', 'bad: 2 rejected, 3 lost by a job'] });
  });
});

describe('combineVerdict', () => {
  const gate = (outcomes: QualityOutcome[], errors: string[] = []) => gateVerdict({ source: 'f', outcomes, errors });

  it.each([
    ['a clean run without a gate', cleanRun, null, cleanCounts, 0, 'PASSED'],
    ['a clean run with a passed gate', cleanRun, gate([rule('Passed', 'error')]), cleanCounts, 0, 'PASSED'],
    ['a failed warning only', cleanRun, gate([rule('Failed', 'warning')]), cleanCounts, 0, 'PASSED WITH WARNINGS'],
    ['a failed error-level rule', cleanRun, gate([rule('Failed', 'error')]), cleanCounts, 1, 'FAILED'],
    ['a count that differs', cleanRun, null, { ...cleanCounts, mismatched: ['db.t'] }, 1, 'FAILED'],
    ['a missing table', cleanRun, null, { ...cleanCounts, missing: ['db.t'] }, 1, 'FAILED'],
    ['a COUNT_MISMATCH run', { ...cleanRun, status: 'COUNT_MISMATCH' as const }, gate([rule('Passed', 'error')]), cleanCounts, 1, 'FAILED'],
    ['a gate that could not evaluate', cleanRun, gate([], ['x.dqdl: syntax']), cleanCounts, 2, 'FAILED'],
    ['a FAILED run with a failed gate', { ...cleanRun, status: 'FAILED' as const }, gate([rule('Failed', 'error')]), cleanCounts, 2, 'FAILED'],
  ])('%s: exit %#', (_name, run, gateResult, counts, exitCode, state) => {
    const verdict = combineVerdict(run, gateResult, counts);
    expect(verdict.exitCode).toBe(exitCode);
    expect(verdict.state).toBe(state);
    expect(verdict.headline.startsWith(`${state}: `)).toBe(true);
  });

  it('states each line in words: the gate line says NOT RUN without a gate and names the figures with one', () => {
    const without = verdictLines(combineVerdict(cleanRun, null, cleanCounts));
    expect(without.map((l) => [l.label, l.state, l.mark])).toEqual([['Run', 'ok', '✔ OK'], ['Quality gate', 'none', '– NOT RUN'], ['Counts', 'ok', '✔ OK']]);
    expect(without[1]!.text).toMatch(/^not run/);
    const failed = verdictLines(combineVerdict(cleanRun, gate([rule('Failed', 'error'), rule('Failed', 'warning'), rule('Passed', 'error')]), cleanCounts));
    expect(failed[1]).toEqual({ label: 'Quality gate', state: 'failed', mark: '✖ FAILED', text: 'FAILED (exit 1) — 1 error-level rule failed, 1 warning rule failed, 1 of 3 rules passed' });
  });

  it('says so when no table has an expected count, rather than claiming the counts match', () => {
    const lines = verdictLines(combineVerdict(cleanRun, null, { ...cleanCounts, counted: 8, compared: 0 }));
    expect(lines[2]).toEqual({ label: 'Counts', state: 'none', mark: '– NO EXPECTATIONS', text: '8 tables counted; no expected counts to compare' });
    expect(verdictLines(combineVerdict(cleanRun, null, { ...cleanCounts, counted: 3, compared: 2 }))[2]!.text).toBe('2 of 3 tables compared: every count matches its expected count');
  });
});
