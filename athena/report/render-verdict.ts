/**
 * The top of the report, in the order a reviewer needs it: the verdict banner, the rules that
 * failed (error level above warnings) with what was observed, then the jobs and tables that did
 * not make it (tracebacks, log tails), then every table's ledger figures.
 */
import { escapeHtml } from './escape-html';
import { MissingTable, QualityOutcome, ReportModel, TableEvidence, countStatus } from './report-model';
import { verdictLines } from './verdict';

const STATE_MARK = { PASSED: '✔', 'PASSED WITH WARNINGS': '⚠', FAILED: '✖' } as const;

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toLocaleString('en-US');
}

export function renderBanner(model: ReportModel): string {
  const { verdict } = model;
  const stateClass = verdict.state === 'FAILED' ? 'failed' : verdict.state === 'PASSED' ? 'ok' : 'warning';
  const detail = verdict.headline.replace(/^[A-Z ]+: /, '');
  const lines = verdictLines(verdict)
    .map((line) => `<tr class="line-${line.state}"><th scope="row">${escapeHtml(line.label)}</th><td class="mark">${escapeHtml(line.mark)}</td><td>${escapeHtml(line.text)}</td></tr>`)
    .join('\n');
  return [
    `<header class="verdict verdict-${stateClass}" role="status" aria-label="${escapeHtml(`Verdict: ${verdict.headline}`)}">`,
    `<div class="verdict-pipeline">pipeline <strong>${escapeHtml(model.pipelineName)}</strong> · run ${escapeHtml(model.runId)} · ${escapeHtml(model.finishedAt)}</div>`,
    `<div class="verdict-word" data-verdict="${escapeHtml(verdict.state)}">${STATE_MARK[verdict.state]} ${escapeHtml(verdict.state)}</div>`,
    `<div class="verdict-headline">${escapeHtml(detail)}</div>`,
    `<table class="verdict-lines">\n${lines}\n</table>`,
    `<div class="verdict-exit">stedi report exits <strong data-exit-code="${verdict.exitCode}">${verdict.exitCode}</strong> — 0 passed · 1 a count or an error-level rule failed · 2 the run failed or the rules could not be evaluated</div>`,
    '</header>',
  ].join('\n');
}

function metricsText(outcome: QualityOutcome): string {
  const entries = Object.entries(outcome.evaluatedMetrics ?? {});
  if (entries.length === 0) return '<span class="meta">none</span>';
  return entries.map(([k, v]) => `${escapeHtml(k)} = <strong>${escapeHtml(v === null ? 'null' : String(v))}</strong>`).join('<br>');
}

/** Errors first (a failed error-level rule blocks the gate), then rules that could not run, then warnings. */
function failureRank(o: QualityOutcome): number {
  if (o.level !== 'warning') return o.outcome === 'Failed' ? 0 : 1;
  return o.outcome === 'Failed' ? 2 : 3;
}

export function renderFailedRules(model: ReportModel): string {
  const gate = model.verdict.gate;
  if (!gate) return '';
  const failed = model.outcomes
    .map((o, index) => ({ o, index }))
    .filter(({ o }) => o.outcome !== 'Passed')
    .sort((a, b) => failureRank(a.o) - failureRank(b.o) || a.index - b.index)
    .map(({ o }) => o);
  const parts = [`<h2 id="failed-rules">Failed rules (${failed.length} of ${gate.rules})</h2>`];
  for (const problem of gate.cannotEvaluate) parts.push(`<div class="err">✖ could not evaluate: ${escapeHtml(problem)}</div>`);
  if (failed.length === 0) {
    parts.push(`<p class="okline">✔ No rule failed: all ${gate.rules} rules passed.</p>`);
    return parts.join('\n');
  }
  const rows = failed.map((o) => {
    const level = o.level === 'warning' ? '<span class="badge warning-failed">WARNING</span>' : '<span class="badge error">ERROR</span>';
    const source = o.source ? `<div class="meta">${escapeHtml(o.source)}</div>` : '';
    const description = o.description ? `<div class="meta">${escapeHtml(o.description)}</div>` : '';
    return `<tr class="rule-${o.level === 'warning' ? 'warning' : 'error'}"><td>${level}</td><td>${escapeHtml(o.table)}</td><td><code>${escapeHtml(o.rule)}</code>${source}${description}</td>` +
      `<td>${escapeHtml(o.outcome)}</td><td class="observed">${metricsText(o)}</td><td>${escapeHtml(o.failureReason ?? '')}</td></tr>`;
  });
  parts.push(`<table class="grid failed-rules"><thead><tr><th>level</th><th>table</th><th>rule</th><th>outcome</th><th>observed</th><th>reason</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`);
  return parts.join('\n');
}

function renderMissingTables(missing: readonly MissingTable[], unreadable: readonly TableEvidence[]): string {
  if (missing.length + unreadable.length === 0) return '';
  const rows = [
    ...missing.map((t) => `<tr><td>${escapeHtml(t.zone)}</td><td>${escapeHtml(`${t.database}.${t.name}`)}</td><td><span class="badge error">MISSING</span></td><td class="num">${formatNumber(t.expected)}</td><td>${escapeHtml(t.error ?? 'not in the catalog')}</td></tr>`),
    ...unreadable.map((t) => `<tr><td>${escapeHtml(t.zone)}</td><td>${escapeHtml(`${t.database}.${t.name}`)}</td><td><span class="badge error">QUERY FAILED</span></td><td class="num">${formatNumber(t.expected)}</td><td>${escapeHtml(t.error ?? '')}</td></tr>`),
  ];
  return `<h3>Tables missing or unreadable (${rows.length})</h3><table class="grid problem-tables"><thead><tr><th>zone</th><th>table</th><th>state</th><th>expected</th><th>why</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function renderProblemJobs(model: ReportModel): string {
  if (model.problemJobs.length === 0) return '';
  const parts = [`<h3>Jobs that did not succeed (${model.problemJobs.length} of ${model.jobs.length})</h3>`];
  for (const { job, logFile, logTail } of model.problemJobs) {
    const why = job.error ? `${job.error.type}: ${job.error.message}` : job.skippedBecause ? `skipped: ${job.skippedBecause.join(', ')} did not succeed` : '';
    parts.push(`<div class="job-problem job-${escapeHtml(job.state)}" id="job-${escapeHtml(job.name)}"><div><strong>${escapeHtml(job.name)}</strong> <span class="badge ${escapeHtml(job.state)}">${escapeHtml(job.state)}</span> <span class="meta">${job.seconds.toFixed(1)} s</span></div>`);
    if (why) parts.push(`<div class="err">${escapeHtml(why)}</div>`);
    if (job.error?.traceback) parts.push(`<pre class="traceback">${escapeHtml(job.error.traceback.trimEnd())}</pre>`);
    if (logTail) {
      // The traceback is usually the log's tail too: the log stays folded when the traceback is shown.
      parts.push(`<details${job.error?.traceback ? '' : ' open'}><summary>last lines of ${escapeHtml(logFile ?? 'the job log')}</summary><pre class="log">${escapeHtml(logTail)}</pre></details>`);
    }
    parts.push('</div>');
  }
  return parts.join('\n');
}

export function renderProblems(model: ReportModel): string {
  const unreadable = model.tables.filter((t) => countStatus(t) === 'error');
  const body = [renderProblemJobs(model), renderMissingTables(model.missingTables, unreadable)].filter(Boolean);
  const fault = model.verdict.run.fault ? `<div class="err">run fault: ${escapeHtml(model.verdict.run.fault)}</div>` : '';
  if (body.length === 0 && !fault) return '';
  return [`<h2 id="problems">What did not run or could not be read</h2>`, fault, ...body].filter(Boolean).join('\n');
}

const STATUS_WORDS = { match: 'matches', mismatch: 'DIFFERS', 'no-expectation': 'no expectation', error: 'QUERY FAILED' } as const;

/** Staged → counted → Athena count → expected per table, with the lines that had issues or were lost. */
export function renderLedgerFigures(model: ReportModel): string {
  const rows = model.tables.map((t) => {
    const status = countStatus(t);
    const issues = t.ledger ? t.ledger.acceptedWithIssues : null;
    const rejected = t.ledger ? t.ledger.rejected : null;
    return `<tr><td>${escapeHtml(t.zone)}</td><td><a href="#${escapeHtml(`${t.database}.${t.name}`)}">${escapeHtml(t.database)}.${escapeHtml(t.name)}</a></td>` +
      `<td class="num">${formatNumber(t.staged)}</td><td class="num">${formatNumber(t.ledger?.rows ?? t.runCount)}</td><td class="num">${formatNumber(t.count)}</td><td class="num">${formatNumber(t.expected)}</td>` +
      `<td class="num">${formatNumber(issues)}</td><td class="num">${formatNumber(rejected)}</td><td class="num${t.lost ? ' bad-cell' : ''}">${formatNumber(t.lost?.count ?? (t.ledger ? 0 : null))}</td>` +
      `<td><span class="badge ${status}">${STATUS_WORDS[status]}</span></td></tr>`;
  });
  for (const m of model.missingTables) {
    rows.push(`<tr><td>${escapeHtml(m.zone)}</td><td>${escapeHtml(`${m.database}.${m.name}`)}</td><td class="num">—</td><td class="num">—</td><td class="num">—</td><td class="num">${formatNumber(m.expected)}</td><td class="num">—</td><td class="num">—</td><td class="num">—</td><td><span class="badge error">MISSING</span></td></tr>`);
  }
  return (
    '<h2 id="tables">Tables: every line accounted for</h2>' +
    '<p class="meta">staged: landing records uploaded · counted: rows the table layer read back (Athena\'s SerDe rules) · Athena count: the local Athena\'s <code>COUNT(*)</code> · issues: lines accepted with issues · rejected: lines Athena refuses · lost: records a job\'s reader dropped</p>' +
    `<table class="grid ledger-figures"><thead><tr><th>zone</th><th>table</th><th>staged</th><th>counted</th><th>Athena count</th><th>expected</th><th>issues</th><th>rejected</th><th>lost</th><th>count</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`
  );
}

export const VERDICT_CSS = `
header.verdict { border-radius: 8px; padding: 16px 20px; margin: 0 0 18px; border: 3px solid; }
header.verdict-failed { background: #fde8e6; border-color: #d13212; } header.verdict-ok { background: #e9f6e5; border-color: #1d8102; }
header.verdict-warning { background: #fff4d6; border-color: #c08a00; }
.verdict-pipeline { font-size: 14px; color: #37414d; } .verdict-pipeline strong { font-size: 16px; color: #16191f; }
.verdict-word { font-size: 40px; font-weight: 800; letter-spacing: 1px; margin: 4px 0 2px; }
.verdict-failed .verdict-word { color: #b0281a; } .verdict-ok .verdict-word { color: #1d6b02; } .verdict-warning .verdict-word { color: #8d6605; }
.verdict-headline { font-size: 17px; font-weight: 600; margin-bottom: 10px; }
table.verdict-lines { border-collapse: collapse; font-size: 14px; } table.verdict-lines th { text-align: left; padding: 3px 14px 3px 0; white-space: nowrap; }
table.verdict-lines td { padding: 3px 10px 3px 0; vertical-align: top; } td.mark { font-weight: 800; white-space: nowrap; }
tr.line-failed td.mark { color: #b0281a; } tr.line-ok td.mark { color: #1d6b02; } tr.line-warning td.mark { color: #8d6605; } tr.line-none td.mark { color: #545b64; }
.verdict-exit { font-size: 13px; margin-top: 8px; color: #37414d; }
table.failed-rules td.observed { white-space: nowrap; } table.failed-rules code { display: inline-block; min-width: 180px; } .badge { white-space: nowrap; }
tr.rule-error td { background: #fff3f1; } tr.rule-warning td { background: #fffaeb; } .okline { color: #1d6b02; font-weight: 600; }
pre.traceback, pre.log { background: #1e2329; color: #f2f3f3; padding: 8px 10px; font-size: 12px; overflow-x: auto; white-space: pre-wrap; margin: 6px 0; }
.job-problem { border-left: 4px solid #d13212; padding: 4px 10px; margin: 10px 0; } .job-problem.job-SKIPPED { border-left-color: #c08a00; } td.bad-cell { color: #b0281a; font-weight: 700; }
`;
