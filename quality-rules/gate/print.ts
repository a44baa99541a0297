/**
 * The gate as text a person reads at a glance: one block per table, one line per rule
 * (outcome, level, observed value, rule), the failure reason under each failed rule, and a
 * summary line that ends with the exit code.
 */
import { formatMetric } from '../engine/conditions';
import type { RuleOutcome } from '../engine/types';
import type { GateResult } from './run-gate';

const RULE_WIDTH = 64;

const MARK: Record<RuleOutcome['outcome'], string> = { Passed: 'PASS', Failed: 'FAIL', Error: 'ERROR' };

/** `Completeness=1`, `RowCount=482`: each metric's last name segment and its value. */
export function observedText(outcome: RuleOutcome): string {
  const entries = Object.entries(outcome.evaluatedMetrics);
  if (entries.length === 0) return '-';
  // IsPrimaryKey "a" "b" "c" reports one Completeness per column: show each distinct text once.
  const texts = entries.map(([name, value]) => `${name.split('.').pop()}=${formatMetric(value)}`);
  return [...new Set(texts)].join(' ');
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 3)}...`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/**
 * `showExitCode: false` leaves the exit code off the summary line: `stedi run` ends with its own
 * verdict line, whose exit code combines the run's and the gate's.
 */
export function formatGateResult(result: GateResult, options: { showExitCode?: boolean } = {}): string {
  const lines: string[] = [`Quality gate: run ${result.runDir}`, `Rules: ${result.rulesPath}`, ''];
  for (const error of result.errors) lines.push(`ERROR ${error}`);
  if (result.errors.length > 0) lines.push('');
  for (const table of result.tables) {
    const facts = [table.rows === null ? 'not loaded' : `${table.rows} rows`];
    if (table.rejectedRecords > 0) facts.push(`${table.rejectedRecords} rejected records`);
    if (table.invalidValues > 0) facts.push(`${table.invalidValues} invalid values read as NULL`);
    lines.push(`${table.table} (${facts.join(', ')})`);
    for (const problem of table.problems.slice(0, 5)) lines.push(`    ! ${problem}`);
    const observedWidth = Math.min(28, Math.max(8, ...table.outcomes.map((o) => observedText(o).length)));
    lines.push(`  ${pad('RESULT', 6)} ${pad('LEVEL', 7)} ${pad('OBSERVED', observedWidth)}  RULE`);
    for (const outcome of table.outcomes) {
      lines.push(
        `  ${pad(MARK[outcome.outcome], 6)} ${pad(outcome.level, 7)} ${pad(truncate(observedText(outcome), observedWidth), observedWidth)}  ${truncate(outcome.rule, RULE_WIDTH)}`,
      );
      if (outcome.outcome !== 'Passed') {
        if (outcome.failureReason) lines.push(`         -> ${outcome.failureReason}`);
        if (outcome.description) lines.push(`            (${outcome.description})`);
      }
    }
    lines.push('');
  }
  const s = result.summary;
  const verdict = result.exitCode === 0 ? 'gate passed' : result.exitCode === 1 ? 'gate FAILED: an error-level rule failed' : 'gate could not evaluate the rules';
  lines.push(
    `${s.rules} rules: ${s.passed} passed, ${s.failed} failed (${s.warningsFailed} of them warnings), ${s.errors} errors; ${verdict}${options.showExitCode === false ? '' : ` (exit ${result.exitCode})`}`,
  );
  return `${lines.join('\n')}\n`;
}

export function printGateResult(result: GateResult, stream: NodeJS.WritableStream = process.stdout): void {
  stream.write(formatGateResult(result));
}
