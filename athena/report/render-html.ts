/**
 * The evidence report as one self-contained HTML page (inline CSS, no scripts, no external
 * resources), and one page per table for the PNG screenshots.
 */
import { QueryResult, QueryValue, formatQueryValue } from '../engine/result';
import { epochMillisColumns, formatEpochMillis } from './epoch-dates';
import { escapeHtml } from './escape-html';
import { CHART_CSS, ChartTable, expectedVsActualChart, ruleOutcomesChart, rowsByZoneChart } from './render-charts';
import { VERDICT_CSS, formatNumber, renderBanner, renderFailedRules, renderLedgerFigures, renderProblems } from './render-verdict';
import { QualityOutcome, ReportModel, TableEvidence, ZONE_ORDER, countStatus } from './report-model';

export { escapeHtml };

const CSS = `
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 24px; color: #16191f; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 2px solid #232f3e; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0 0 8px; } .meta { color: #545b64; font-size: 13px; }
section.table { border: 1px solid #d5dbdb; border-radius: 6px; padding: 14px 16px; margin: 14px 0; }
pre.sql { background: #f2f3f3; border-left: 4px solid #0073bb; padding: 8px 10px; font-size: 13px; overflow-x: auto; margin: 6px 0; white-space: pre-wrap; }
table.grid { border-collapse: collapse; font-size: 12px; margin: 6px 0; }
table.grid th, table.grid td { border: 1px solid #d5dbdb; padding: 3px 7px; text-align: left; vertical-align: top; }
table.grid th { background: #fafafa; } table.grid td.num { text-align: right; font-variant-numeric: tabular-nums; } table.grid td.null { color: #879596; font-style: italic; }
.scroll { overflow-x: auto; } .count { font-size: 15px; margin: 6px 0; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; }
.match, .Passed, .SUCCEEDED { background: #1d8102; } .mismatch, .Failed, .FAILED, .error, .Error { background: #d13212; }
.no-expectation, .SKIPPED, .warning-failed { background: #8d6605; } .TIMEOUT { background: #d13212; }
.warn { color: #8d6605; font-size: 13px; } .err { color: #d13212; font-size: 13px; white-space: pre-wrap; }
.epoch-date { color: #545b64; font-size: 11px; white-space: nowrap; }
details { margin-top: 6px; } summary { cursor: pointer; font-size: 13px; color: #0073bb; }
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n<style>${CSS}${VERDICT_CSS}${CHART_CSS}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

function cell(value: QueryValue, type: string, epochMillis: boolean): string {
  if (value === null) return '<td class="null">NULL</td>';
  const text = formatQueryValue(value, type);
  const numeric = /^(tinyint|smallint|integer|bigint|real|double|decimal)/.test(type);
  const date = epochMillis ? formatEpochMillis(value) : null;
  return `<td${numeric ? ' class="num"' : ''}>${escapeHtml(text)}${date ? `<br><span class="epoch-date">${escapeHtml(date)}</span>` : ''}</td>`;
}

/** A sample's rows; bigint columns holding epoch milliseconds also show the date they encode. */
export function renderResultGrid(result: QueryResult): string {
  const epoch = epochMillisColumns(result);
  const header = result.columns
    .map((c, i) => `<th>${escapeHtml(c.name)}<br><span class="meta">${escapeHtml(c.type)}${epoch.has(i) ? ' · epoch ms' : ''}</span></th>`)
    .join('');
  const rows = result.rows.map((row) => `<tr>${row.map((v, i) => cell(v, result.columns[i].type, epoch.has(i))).join('')}</tr>`).join('\n');
  return `<div class="scroll"><table class="grid"><thead><tr>${header}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function renderOutcomes(outcomes: QualityOutcome[], showTable = false): string {
  if (outcomes.length === 0) return '';
  const rows = outcomes
    .map((o) => {
      const metrics = Object.entries(o.evaluatedMetrics ?? {}).map(([k, v]) => `${k} = ${String(v)}`).join('<br>');
      const badge = o.level === 'warning' && o.outcome === 'Failed' ? 'warning-failed' : o.outcome;
      return `<tr>${showTable ? `<td>${escapeHtml(o.table)}</td>` : ''}<td><code>${escapeHtml(o.rule)}</code></td><td><span class="badge ${escapeHtml(badge)}">${escapeHtml(o.outcome)}</span></td>` +
        `<td>${escapeHtml(o.level)}</td><td>${escapeHtml(o.failureReason ?? '')}</td><td>${metrics}</td></tr>`;
    })
    .join('\n');
  return `<h3>Quality rules</h3><table class="grid"><thead><tr>${showTable ? '<th>table</th>' : ''}<th>rule</th><th>outcome</th><th>level</th><th>failure reason</th><th>evaluated metrics</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** Staged / counted figures and the ledger's reasons: every line accounted for. */
function renderLedger(table: TableEvidence): string {
  const ledger = table.ledger;
  const figures: string[] = [];
  if (table.staged !== null) figures.push(`staged <strong>${formatNumber(table.staged)}</strong>`);
  if (ledger) {
    figures.push(`counted <strong>${formatNumber(ledger.rows)}</strong>`);
    figures.push(`${formatNumber(ledger.lines)} line(s) in ${formatNumber(ledger.objects)} object(s): ${formatNumber(ledger.accepted)} accepted, ${formatNumber(ledger.acceptedWithIssues)} with issues, ${formatNumber(ledger.rejected)} rejected, ${formatNumber(ledger.skipped)} skipped`);
  }
  if (figures.length === 0) return '';
  const parts = [`<div class="ledger">${figures.join(' · ')}</div>`];
  if (ledger?.athenaRefuses) parts.push(`<div class="err">Athena would refuse this table: ${escapeHtml(ledger.athenaRefuses.code)} at ${escapeHtml(ledger.athenaRefuses.key)}:${ledger.athenaRefuses.line}</div>`);
  const reasons = Object.entries(ledger?.reasons ?? {});
  if (reasons.length > 0) {
    const rows = reasons.map(([reason, n]) => `<tr><td>${escapeHtml(reason)}</td><td class="num">${formatNumber(n as number)}</td></tr>`).join('');
    parts.push(`<table class="grid ledger-reasons"><thead><tr><th>ledger reason</th><th>lines</th></tr></thead><tbody>${rows}</tbody></table>`);
    if (ledger && ledger.located.length > 0) parts.push(`<div class="meta">first located: ${ledger.located.map(escapeHtml).join('; ')}</div>`);
  }
  if (table.lost) {
    const jobs = Object.entries(table.lost.byJob).map(([job, n]) => `${job}: ${formatNumber(n)}`).join(', ');
    parts.push(`<div class="err">✖ ${formatNumber(table.lost.count)} record(s) the ledger accepted were LOST by a job's reader (${escapeHtml(jobs)})</div>`);
    if (table.lost.located.length > 0) parts.push(`<div class="meta">located: ${table.lost.located.map(escapeHtml).join('; ')}</div>`);
  }
  for (const file of table.stagedRejectedFiles) parts.push(`<div class="warn">⚠ landing file refused: ${escapeHtml(file)}</div>`);
  return parts.join('\n');
}

export function renderTableSection(table: TableEvidence): string {
  const status = countStatus(table);
  const statusText = { match: 'matches expected', mismatch: 'differs from expected', 'no-expectation': 'no expected count', error: 'query failed' }[status];
  const parts: string[] = [];
  parts.push(`<section class="table" id="${escapeHtml(`${table.database}.${table.name}`)}">`);
  parts.push(`<h3>${escapeHtml(table.database)}.${escapeHtml(table.name)} <span class="meta">${escapeHtml(table.zone)} · ${escapeHtml(table.format)} · ${escapeHtml(table.location)}</span></h3>`);
  parts.push(`<pre class="sql">${escapeHtml(table.countSql)}</pre>`);
  parts.push(
    `<div class="count">count <strong data-count="${table.count ?? ''}">${formatNumber(table.count)}</strong> · expected <strong>${formatNumber(table.expected)}</strong> ` +
      `<span class="badge ${status}">${statusText}</span>` +
      (table.runCount !== null && table.runCount !== table.count ? ` <span class="warn">(stedi run counted ${formatNumber(table.runCount)})</span>` : '') +
      '</div>',
  );
  parts.push(renderLedger(table));
  if (table.error) parts.push(`<div class="err">${escapeHtml(table.error)}</div>`);
  for (const warning of table.warnings) parts.push(`<div class="warn">⚠ ${escapeHtml(warning)}</div>`);
  if (table.sample) {
    parts.push(`<pre class="sql">${escapeHtml(table.sampleSql)}</pre>`);
    parts.push(renderResultGrid(table.sample));
  }
  parts.push(renderOutcomes(table.outcomes));
  parts.push(`<details><summary>DDL</summary><pre class="sql">${escapeHtml(table.ddl)}</pre></details>`);
  parts.push('</section>');
  return parts.filter(Boolean).join('\n');
}

function renderJobs(model: ReportModel): string {
  if (model.jobs.length === 0) return '';
  const jobs = model.jobs
    .map((j) => `<tr><td>${escapeHtml(j.name)}</td><td><span class="badge ${escapeHtml(j.state)}">${escapeHtml(j.state)}</span></td><td class="num">${j.seconds.toFixed(1)}</td><td>${escapeHtml(j.error ? `${j.error.type}: ${j.error.message}` : j.skippedBecause ? `skipped: ${j.skippedBecause.join(', ')} did not succeed` : '')}</td></tr>`)
    .join('\n');
  return `<h2 id="jobs">Glue jobs</h2><table class="grid"><thead><tr><th>job</th><th>state</th><th>seconds</th><th>error</th></tr></thead><tbody>\n${jobs}\n</tbody></table>`;
}

function renderCharts(model: ReportModel): string {
  const tables: ChartTable[] = [
    ...model.tables.map((t) => ({ name: `${t.database}.${t.name}`, zone: t.zone, rows: t.count, expected: t.expected, missing: false })),
    ...model.missingTables.map((t) => ({ name: `${t.database}.${t.name}`, zone: t.zone, rows: null, expected: t.expected, missing: true })),
  ];
  // Zones in the order the usual ones come, then every other label as the run lists it.
  const zones = orderedZones(tables.map((t) => t.zone));
  tables.sort((a, b) => zones.indexOf(a.zone) - zones.indexOf(b.zone));
  const charts = [rowsByZoneChart(tables), expectedVsActualChart(tables), ruleOutcomesChart(model.outcomes)].filter(Boolean);
  return charts.length > 0 ? `<h2 id="charts">Charts</h2>\n${charts.join('\n')}` : '';
}

function orderedZones(zones: readonly string[]): string[] {
  return [...new Set([...ZONE_ORDER.filter((z) => z !== 'other' && zones.includes(z)), ...zones, 'other'])];
}

export function renderReportHtml(model: ReportModel): string {
  const parts: string[] = [];
  parts.push(renderBanner(model));
  parts.push(
    `<div class="meta">${escapeHtml(model.pipelineName)} · definition ${escapeHtml(model.pipeline)} · landing ${escapeHtml(model.landing)} · ` +
      `${escapeHtml(model.startedAt)} → ${escapeHtml(model.finishedAt)} · report generated ${escapeHtml(model.generatedAt)} by the local Athena (DuckDB)</div>`,
  );
  parts.push(renderFailedRules(model));
  parts.push(renderProblems(model));
  parts.push(renderLedgerFigures(model));
  parts.push(renderCharts(model));
  parts.push(renderJobs(model));
  for (const zone of orderedZones(model.tables.map((t) => t.zone))) {
    const tables = model.tables.filter((t) => t.zone === zone);
    if (tables.length === 0) continue;
    parts.push(`<h2>${escapeHtml(zone)} zone</h2>`);
    for (const table of tables) parts.push(renderTableSection(table));
  }
  if (model.unmatchedOutcomes.length > 0) {
    parts.push('<h2>Quality outcomes for tables not in this run</h2>');
    parts.push(renderOutcomes(model.unmatchedOutcomes, true));
  }
  return page(`${model.pipelineName} — ${model.verdict.state} — run ${model.runId}`, parts.filter(Boolean).join('\n'));
}

/** One table alone, for its PNG. */
export function renderTablePage(model: ReportModel, table: TableEvidence): string {
  return page(`${table.database}.${table.name} — run ${model.runId}`, `<div class="meta">${escapeHtml(model.pipelineName)} · run ${escapeHtml(model.runId)} · ${escapeHtml(model.verdict.state)}</div>\n${renderTableSection(table)}`);
}
