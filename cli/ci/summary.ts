/**
 * A markdown summary for a CI step summary page (GitHub's $GITHUB_STEP_SUMMARY, GitLab/Azure
 * markdown reports): the verdict first, then what failed — error-level rules before warnings,
 * jobs that did not succeed with their error — then the counts. Appended to the file, as
 * GitHub's step summary expects (several commands of one step each add their part).
 */
import type { RunRecord } from '../../common/run-dir';
import { observedText, type GateResult, type RuleOutcome } from '../../quality-rules';
import type { Verdict } from './verdict';

const ICON: Record<Verdict['status'], string> = { PASSED: '✅', FAILED: '❌', ERROR: '⛔' };

/** A table cell: one line, pipes escaped. */
function cell(text: string | number | null | undefined): string {
  return String(text ?? '-').replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function table(headers: string[], rows: (string | number | null | undefined)[][]): string[] {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)];
}

/** Failed (or unevaluated) rules, error level first: what a reader must act on. */
export function failedRules(gate: GateResult): RuleOutcome[] {
  const rank = (o: RuleOutcome): number => (o.level === 'error' ? 0 : 2) + (o.outcome === 'Error' ? 0 : 1);
  return gate.outcomes.filter((o) => o.outcome !== 'Passed').sort((a, b) => rank(a) - rank(b));
}

export interface SummaryInput {
  command: 'run' | 'check';
  verdict: Verdict;
  record?: RunRecord;
  gate?: GateResult;
  runDir: string;
}

export function renderSummary(input: SummaryInput): string {
  const { verdict, record, gate } = input;
  const title = record?.pipelineName ?? record?.pipeline ?? 'pipeline';
  const lines = [`## ${ICON[verdict.status]} ${title}: ${verdict.status} (exit ${verdict.exitCode})`, '', ...verdict.reasons.map((reason) => `- ${reason}`), ''];

  if (gate && gate.errors.length > 0) lines.push('### Rules that could not be evaluated', '', ...gate.errors.map((e) => `- ${e.replace(/\r?\n/g, ' ')}`), '');
  const failed = gate ? failedRules(gate) : [];
  if (failed.length > 0) {
    lines.push(`### Failed rules (${failed.length})`, '');
    lines.push(...table(['level', 'table', 'rule', 'outcome', 'observed', 'reason'], failed.map((o) => [o.level, o.table, code(o.rule), o.outcome, observedText(o), o.failureReason ?? ''])), '');
  }
  if (record) {
    const problems = record.jobs.filter((job) => job.state !== 'SUCCEEDED');
    if (problems.length > 0) {
      lines.push('### Jobs that did not succeed', '');
      lines.push(...table(['job', 'state', 'error'], problems.map((job) => [job.name, job.state, job.error ? `${job.error.type}: ${job.error.message}` : job.skippedBecause ? `after ${job.skippedBecause.join(', ')}` : ''])), '');
    }
    lines.push('### Tables', '');
    lines.push(
      ...table(
        ['table', 'zone', 'rows', 'expected', ''],
        Object.entries(record.tables).map(([name, t]) => [
          name,
          t.zone,
          t.rows,
          t.expected,
          t.error ? `not counted: ${t.error}` : t.rejectedRecords > 0 ? `${t.rejectedRecords} rejected` : t.lost ? `${t.lost.count} lost` : t.expected === null ? '' : t.rows === t.expected ? 'ok' : 'MISMATCH',
        ]),
      ),
      '',
    );
  }
  if (gate) lines.push(`Quality gate: ${gate.summary.rules} rules, ${gate.summary.passed} passed, ${gate.summary.failed} failed (${gate.summary.warningsFailed} warnings), ${gate.summary.errors} not evaluated.`, '');
  lines.push(`<sub>stedi ${input.command}${record ? ` · run ${code(record.runId)} · landing ${code(record.landing)}` : ''} · ${code(input.runDir)}</sub>`, '');
  return `${lines.join('\n')}\n`;
}
