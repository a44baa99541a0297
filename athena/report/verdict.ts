/**
 * The verdict a report leads with, and the exit code `stedi report` returns: the run's status
 * (run.json), the quality gate (quality.json) and the counts the local Athena made, combined the
 * way `stedi run` combines them (cli/exit.ts: 1 a count or an error-level rule failed, 2 the run
 * failed or the rules could not be evaluated).
 */
import type { JobRunRecord, RunStatus, TableRecord } from '../../common/run-dir';
import type { QualityOutcome } from './report-model';

/** The gate as the report read it: quality.json, `stedi check --json` output, or bare outcomes. */
export interface LoadedGate {
  /** Where the outcomes came from (a file path, or `given` when passed in memory). */
  source: string;
  outcomes: QualityOutcome[];
  /** The gate's own exit code when the document carries one. */
  exitCode?: number;
  /** Why rules could not be evaluated at all (the gate's `errors`), or why the file is unreadable. */
  errors: string[];
}

export interface GateVerdict {
  source: string;
  exitCode: 0 | 1 | 2;
  rules: number;
  passed: number;
  errorRulesFailed: number;
  warningRulesFailed: number;
  /** Rules whose evaluation raised an error (outcome `Error`), any level. */
  rulesInError: number;
  cannotEvaluate: string[];
}

export interface RunVerdict {
  status: RunStatus;
  jobs: number;
  failedJobs: string[];
  timedOutJobs: string[];
  skippedJobs: string[];
  /** Why run.json's counts are not clean, per table: rejected or lost records, a count that differs or failed. */
  tableProblems: string[];
  fault?: string;
}

export interface CountVerdict {
  /** Tables the local Athena counted. */
  counted: number;
  /** Tables whose Athena count was compared with an expected count. */
  compared: number;
  /** `db.table`: count differs from expected. */
  mismatched: string[];
  /** `db.table`: the count query failed. */
  unreadable: string[];
  /** Tables run.json lists that are not in the catalog (the job did not write them). */
  missing: string[];
}

export type VerdictState = 'PASSED' | 'PASSED WITH WARNINGS' | 'FAILED';

export interface ReportVerdict {
  state: VerdictState;
  /** 0 passed (warnings allowed) · 1 a count or an error-level rule failed · 2 the run FAILED or the gate could not evaluate. */
  exitCode: 0 | 1 | 2;
  /** One sentence, words not colour: what a reader must know first. */
  headline: string;
  run: RunVerdict;
  /** null when the run has no quality.json and no gate was given. */
  gate: GateVerdict | null;
  counts: CountVerdict;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The gate's exit code as quality-rules/gate computes it, for outcomes given without one. */
function derivedGateExit(outcomes: readonly QualityOutcome[], errors: readonly string[]): 0 | 1 | 2 {
  if (errors.length > 0 || outcomes.some((o) => o.level === 'error' && o.outcome === 'Error')) return 2;
  if (outcomes.some((o) => o.level === 'error' && o.outcome === 'Failed')) return 1;
  return 0;
}

export function gateVerdict(gate: LoadedGate): GateVerdict {
  const { outcomes, errors } = gate;
  const derived = derivedGateExit(outcomes, errors);
  // A document's own exit code wins unless the outcomes show worse (a hand-edited file must not hide a failure).
  const stated = gate.exitCode === 0 || gate.exitCode === 1 || gate.exitCode === 2 ? gate.exitCode : derived;
  return {
    source: gate.source,
    exitCode: Math.max(stated, derived) as 0 | 1 | 2,
    rules: outcomes.length,
    passed: outcomes.filter((o) => o.outcome === 'Passed').length,
    errorRulesFailed: outcomes.filter((o) => o.level !== 'warning' && o.outcome === 'Failed').length,
    warningRulesFailed: outcomes.filter((o) => o.level === 'warning' && o.outcome === 'Failed').length,
    rulesInError: outcomes.filter((o) => o.outcome === 'Error').length,
    cannotEvaluate: [...errors],
  };
}

/** What run.json says is wrong with a table's count (its own reasons for COUNT_MISMATCH); empty when clean. */
function tableProblem(name: string, t: TableRecord): string {
  const parts: string[] = [];
  if (t.error) parts.push(t.ledger?.athenaRefuses ? `Athena refuses it (${t.ledger.athenaRefuses.code} at ${t.ledger.athenaRefuses.key}:${t.ledger.athenaRefuses.line})` : 'not counted');
  if (t.rejectedRecords > 0) parts.push(`${t.rejectedRecords} rejected`);
  if (t.lost) parts.push(`${t.lost.count} lost by a job`);
  if (!t.error && t.expected !== null && t.rows !== t.expected) parts.push(`${t.rows ?? '—'} rows, expected ${t.expected}`);
  return parts.length > 0 ? `${name}: ${parts.join(', ')}` : '';
}

/**
 * The run as run.json records it. `missing` tables (not in the catalog) are left to the counts
 * line, so each problem is named once.
 */
export function runVerdict(status: RunStatus, jobs: readonly JobRunRecord[], tables: Readonly<Record<string, TableRecord>>, missing: ReadonlySet<string>, fault?: string): RunVerdict {
  const named = (state: JobRunRecord['state']): string[] => jobs.filter((j) => j.state === state).map((j) => j.name);
  const tableProblems = Object.entries(tables)
    .filter(([name, t]) => !missing.has(name) && !missing.has(`${t.database}.${name}`))
    .map(([name, t]) => tableProblem(name, t))
    .filter(Boolean);
  return { status, jobs: jobs.length, failedJobs: named('FAILED'), timedOutJobs: named('TIMEOUT'), skippedJobs: named('SKIPPED'), tableProblems, ...(fault ? { fault } : {}) };
}

export function combineVerdict(run: RunVerdict, gate: GateVerdict | null, counts: CountVerdict): ReportVerdict {
  const countsFailed = counts.mismatched.length + counts.unreadable.length + counts.missing.length > 0;
  let exitCode: 0 | 1 | 2 = 0;
  if (run.status === 'FAILED' || gate?.exitCode === 2) exitCode = 2;
  else if (run.status === 'COUNT_MISMATCH' || gate?.exitCode === 1 || countsFailed) exitCode = 1;
  const state: VerdictState = exitCode > 0 ? 'FAILED' : (gate?.warningRulesFailed ?? 0) > 0 ? 'PASSED WITH WARNINGS' : 'PASSED';
  return { state, exitCode, headline: headline(state, run, gate, counts), run, gate, counts };
}

function headline(state: VerdictState, run: RunVerdict, gate: GateVerdict | null, counts: CountVerdict): string {
  const why: string[] = [];
  if (run.status !== 'SUCCEEDED') why.push(`run ${run.status}`);
  if (gate && gate.exitCode === 2) why.push('quality gate could not evaluate its rules');
  else if (gate && gate.exitCode === 1) why.push(`quality gate FAILED (${plural(gate.errorRulesFailed, 'error-level rule')} failed)`);
  if (counts.missing.length > 0) why.push(`${plural(counts.missing.length, 'table')} missing`);
  if (counts.mismatched.length > 0) why.push(`${plural(counts.mismatched.length, 'count')} differ from expected`);
  if (state === 'FAILED') return `FAILED: ${why.join('; ') || 'see below'}`;
  const gateText = gate ? `quality gate passed (${plural(gate.rules, 'rule')})` : 'no quality gate in this run';
  const warnings = gate && gate.warningRulesFailed > 0 ? `, ${plural(gate.warningRulesFailed, 'warning')}` : '';
  return `${state}: run SUCCEEDED, ${gateText}${warnings}`;
}

/** The banner's lines under the headline: run, gate, counts, each in words. */
export type LineState = 'ok' | 'warning' | 'failed' | 'none';

const MARK: Record<Exclude<LineState, 'none'>, string> = { ok: '✔ OK', warning: '⚠ WARNINGS', failed: '✖ FAILED' };

export interface VerdictLine {
  label: string;
  state: LineState;
  /** The state in words with a symbol: `✖ FAILED`, `– NOT RUN`. */
  mark: string;
  text: string;
}

export function verdictLines(verdict: ReportVerdict): VerdictLine[] {
  const { run, gate, counts } = verdict;
  const jobParts = [
    run.failedJobs.length > 0 ? `${run.failedJobs.length} FAILED (${run.failedJobs.join(', ')})` : '',
    run.timedOutJobs.length > 0 ? `${run.timedOutJobs.length} TIMEOUT (${run.timedOutJobs.join(', ')})` : '',
    run.skippedJobs.length > 0 ? `${run.skippedJobs.length} SKIPPED (${run.skippedJobs.join(', ')})` : '',
  ].filter(Boolean);
  const succeeded = run.jobs - run.failedJobs.length - run.timedOutJobs.length - run.skippedJobs.length;
  const shown = run.tableProblems.slice(0, 3);
  const more = run.tableProblems.length - shown.length;
  const tableText = shown.length > 0 ? `; ${shown.join('; ')}${more > 0 ? `; and ${more} more table(s)` : ''}` : '';
  const runText = `${run.status} — ${succeeded} of ${plural(run.jobs, 'job')} succeeded${jobParts.length > 0 ? `; ${jobParts.join('; ')}` : ''}${tableText}${run.fault ? `; fault: ${run.fault}` : ''}`;
  let gateText = 'not run: this run has no quality.json (run `stedi check` to evaluate the rules)';
  if (gate) {
    const word = gate.exitCode === 0 ? 'PASSED' : gate.exitCode === 1 ? 'FAILED' : 'COULD NOT EVALUATE';
    const figures = `${plural(gate.errorRulesFailed, 'error-level rule')} failed, ${plural(gate.warningRulesFailed, 'warning rule')} failed, ${gate.passed} of ${plural(gate.rules, 'rule')} passed`;
    const inError = gate.rulesInError > 0 ? `, ${gate.rulesInError} could not be evaluated` : '';
    const cannot = gate.cannotEvaluate.length > 0 ? `; ${gate.cannotEvaluate.length} problem(s): ${gate.cannotEvaluate.slice(0, 2).join('; ')}` : '';
    gateText = `${word} (exit ${gate.exitCode}) — ${figures}${inError}${cannot}`;
  }
  const countParts = [
    counts.missing.length > 0 ? `${plural(counts.missing.length, 'table')} missing (${counts.missing.join(', ')})` : '',
    counts.mismatched.length > 0 ? `${counts.mismatched.length} differ from expected (${counts.mismatched.join(', ')})` : '',
    counts.unreadable.length > 0 ? `${counts.unreadable.length} could not be queried (${counts.unreadable.join(', ')})` : '',
  ].filter(Boolean);
  const countText =
    countParts.length > 0
      ? countParts.join('; ')
      : counts.compared > 0
        ? `${counts.compared} of ${plural(counts.counted, 'table')} compared: every count matches its expected count`
        : `${plural(counts.counted, 'table')} counted; no expected counts to compare`;
  const line = (label: string, state: LineState, text: string, none = ''): VerdictLine => ({ label, state, mark: state === 'none' ? none : MARK[state], text });
  return [
    line('Run', run.status === 'SUCCEEDED' ? 'ok' : 'failed', runText),
    line('Quality gate', !gate ? 'none' : gate.exitCode > 0 ? 'failed' : gate.warningRulesFailed > 0 ? 'warning' : 'ok', gateText, '– NOT RUN'),
    line('Counts', countParts.length > 0 ? 'failed' : counts.compared > 0 ? 'ok' : 'none', countText, '– NO EXPECTATIONS'),
  ];
}
