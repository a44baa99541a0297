import { renderSummary } from './summary';
import { brokenRun, gateWithEveryKind } from './test-support/records';
import { runVerdict, verdictLine } from './verdict';
import type { RunRecord } from '../../common/run-dir';
import type { GateResult } from '../../quality-rules';

function passingGate(): GateResult {
  const gate = gateWithEveryKind();
  return { ...gate, exitCode: 0, errors: [], outcomes: [gate.outcomes[0]], summary: { rules: 1, passed: 1, failed: 0, errors: 0, warningsFailed: 0 } };
}

describe('the combined verdict states the exit code the process returns', () => {
  it('a run whose job FAILED exits 2 even when the gate passed, and says both', () => {
    const verdict = runVerdict(2, brokenRun(), passingGate());
    expect(verdict.exitCode).toBe(2);
    const line = verdictLine('run', verdict);
    expect(line).toMatch(/^stedi run: ERROR — job daily_orders FAILED; 1 job skipped; 1 table not counted; /);
    expect(line).toContain('quality gate passed: 1 of 1 rule');
    expect(line).toMatch(/— exit 2$/);
    expect(line).not.toMatch(/exit 0/);
  });

  it('a clean run with a failed error-level rule exits 1', () => {
    const record: RunRecord = { ...brokenRun(), status: 'SUCCEEDED', jobs: [brokenRun().jobs[0]], tables: { orders_landing: brokenRun().tables.orders_landing } };
    const gate = { ...gateWithEveryKind(), exitCode: 1 as const, errors: [], outcomes: gateWithEveryKind().outcomes.slice(0, 3) };
    expect(verdictLine('run', runVerdict(0, record, gate))).toBe(
      'stedi run: FAILED — 1 job succeeded, 1 table counted as expected; quality gate FAILED: 1 error-level rule failed of 4 — exit 1',
    );
  });

  it('a count mismatch (exit 1) is not hidden by a passing gate; --no-check says the gate did not run', () => {
    const record: RunRecord = { ...brokenRun(), status: 'COUNT_MISMATCH', jobs: [brokenRun().jobs[0]], tables: { orders_trusted: brokenRun().tables.orders_trusted } };
    expect(verdictLine('run', runVerdict(1, record, undefined))).toBe('stedi run: FAILED — orders_trusted: 7 rows, expected 8; quality gate not run (--no-check) — exit 1');
    expect(runVerdict(1, record, passingGate()).exitCode).toBe(1);
  });
});

describe('the markdown summary for a CI step', () => {
  const markdown = renderSummary({ command: 'run', verdict: runVerdict(2, brokenRun(), gateWithEveryKind()), record: brokenRun(), gate: gateWithEveryKind(), runDir: '/runs/x' });
  const lines = markdown.split('\n');

  it('leads with the verdict and the exit code', () => {
    expect(lines[0]).toBe('## ⛔ shop & co: ERROR (exit 2)');
    expect(lines.slice(2, 4)).toEqual(['- job daily_orders FAILED', '- 1 job skipped']);
  });

  it('lists failed rules error level first, then warnings, before the tables', () => {
    const rows = lines.filter((line) => /^\| (error|warning) \| orders_trusted/.test(line));
    expect(rows.map((row) => row.split(' | ')[0].slice(2) + ' ' + row.split(' | ')[3])).toEqual(['error Error', 'error Failed', 'warning Failed']);
    expect(markdown.indexOf('### Failed rules')).toBeLessThan(markdown.indexOf('### Tables'));
    expect(markdown.indexOf('### Rules that could not be evaluated')).toBeLessThan(markdown.indexOf('### Failed rules'));
    // The observed metric and the reason are in the row; the rule's `>` and quotes survive as code.
    expect(rows[1]).toContain('`ColumnValues "amount" > 400`');
    expect(rows[1]).toContain('Minimum=12.5');
  });

  it('keeps table cells on one line with pipes escaped', () => {
    const record = brokenRun();
    record.jobs[1].error!.message = 'a | b\nc';
    const text = renderSummary({ command: 'run', verdict: runVerdict(2, record, undefined), record, runDir: '/r' });
    expect(text).toContain('| daily_orders | FAILED | KeyError: a \\| b c |');
  });
});
