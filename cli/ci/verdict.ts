/**
 * The combined verdict of a command: the run (jobs, counts) and the quality gate in one line,
 * with the exit code the process returns. It is the last line a person (or a CI log) reads, so
 * it never contradicts the exit code: the gate may pass on a run whose job failed (exit 2).
 */
import type { RunRecord } from '../../common/run-dir';
import type { GateResult } from '../../quality-rules';
import { EXIT_CANNOT_RUN, EXIT_CHECK_FAILED, EXIT_OK } from '../exit';

export interface Verdict {
  exitCode: number;
  /** PASSED, FAILED (a check failed: exit 1) or ERROR (could not run or evaluate: exit 2+). */
  status: 'PASSED' | 'FAILED' | 'ERROR';
  /** What decided it, most serious first. */
  reasons: string[];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The run's part: its fault, the jobs that did not succeed, the tables whose count is wrong. */
export function runReasons(record: RunRecord): string[] {
  const reasons: string[] = [];
  if (record.error) reasons.push(`run fault: ${record.error}`);
  for (const job of record.jobs) {
    if (job.state === 'FAILED' || job.state === 'TIMEOUT') reasons.push(`job ${job.name} ${job.state}`);
  }
  const skipped = record.jobs.filter((job) => job.state === 'SKIPPED').length;
  if (skipped > 0) reasons.push(`${plural(skipped, 'job')} skipped`);
  const tables = Object.entries(record.tables);
  const uncounted = tables.filter(([, t]) => t.error !== undefined || t.rows === null).length;
  if (uncounted > 0) reasons.push(`${plural(uncounted, 'table')} not counted`);
  for (const [name, t] of tables) {
    if (t.error !== undefined || t.rows === null) continue;
    if (t.rejectedRecords > 0) reasons.push(`${name}: ${plural(t.rejectedRecords, 'record')} rejected`);
    else if (t.lost) reasons.push(`${name}: ${plural(t.lost.count, 'record')} lost`);
    else if (t.expected !== null && t.rows !== t.expected) reasons.push(`${name}: ${t.rows} rows, expected ${t.expected}`);
  }
  if (reasons.length === 0) reasons.push(`${plural(record.jobs.length, 'job')} succeeded, ${plural(tables.length, 'table')} counted as expected`);
  return reasons;
}

/** The gate's part. */
export function gateReason(gate: GateResult | undefined): string {
  if (!gate) return 'quality gate not run (--no-check)';
  const s = gate.summary;
  const errorFailed = gate.outcomes.filter((o) => o.level === 'error' && o.outcome === 'Failed').length;
  if (gate.exitCode === 2) return `quality gate could not evaluate the rules${gate.errors.length > 0 ? `: ${gate.errors[0]}` : ''}`;
  if (gate.exitCode === 1) return `quality gate FAILED: ${plural(errorFailed, 'error-level rule')} failed of ${s.rules}`;
  return `quality gate passed: ${s.passed} of ${plural(s.rules, 'rule')}${s.warningsFailed > 0 ? `, ${plural(s.warningsFailed, 'warning')}` : ''}`;
}

export function verdictOf(exitCode: number, reasons: string[]): Verdict {
  const status = exitCode === EXIT_OK ? 'PASSED' : exitCode === EXIT_CHECK_FAILED ? 'FAILED' : 'ERROR';
  return { exitCode, status, reasons };
}

/** The verdict of `stedi run`: the run's exit code and the gate's combined (2 wins, then 1). */
export function runVerdict(runExit: number, record: RunRecord, gate: GateResult | undefined): Verdict {
  const gateExit = gate?.exitCode ?? EXIT_OK;
  const exitCode = runExit === EXIT_CANNOT_RUN || gateExit === EXIT_CANNOT_RUN ? EXIT_CANNOT_RUN : Math.max(runExit, gateExit);
  return verdictOf(exitCode, [...runReasons(record), gateReason(gate)]);
}

/** `stedi run: FAILED — job x FAILED; quality gate passed: 9 of 9 rules — exit 2` */
export function verdictLine(command: string, verdict: Verdict): string {
  return `stedi ${command}: ${verdict.status} — ${verdict.reasons.join('; ')} — exit ${verdict.exitCode}`;
}
