/**
 * The report's charts as inline SVG written here (no library, no network): rows per table by
 * zone, expected vs actual counts, rule outcomes by table. Each chart is an image with a title
 * and a description in words, and every bar carries its number as text, so nothing depends on
 * colour alone or on seeing the picture.
 */
import { escapeHtml } from './escape-html';
import type { QualityOutcome } from './report-model';

export interface ChartTable {
  /** `db.table` */
  name: string;
  zone: string;
  /** Rows the table has (Athena's count); null when it could not be counted or is missing. */
  rows: number | null;
  expected: number | null;
  missing: boolean;
}

const WIDTH = 960;
const LABEL_WIDTH = 300;
const VALUE_WIDTH = 230;
const BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
const ROW = 22;
const fmt = (n: number): string => n.toLocaleString('en-US');

function svg(id: string, title: string, description: string, height: number, body: string[]): string {
  return (
    `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-t ${id}-d" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">` +
    `<title id="${id}-t">${escapeHtml(title)}</title><desc id="${id}-d">${escapeHtml(description)}</desc>\n${body.join('\n')}\n</svg></figure>`
  );
}

const text = (x: number, y: number, content: string, attrs = ''): string => `<text x="${x}" y="${y}" ${attrs}>${escapeHtml(content)}</text>`;

/** A bar's width on a linear scale; a non-zero value stays visible. */
function barWidth(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.max(2, Math.round((value / max) * BAR_AREA));
}

function truncate(label: string, max = 42): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** Rows per table, grouped under each zone label in the order the tables come. */
export function rowsByZoneChart(tables: readonly ChartTable[]): string {
  if (tables.length === 0) return '';
  const zones = [...new Set(tables.map((t) => t.zone))];
  const max = Math.max(0, ...tables.map((t) => t.rows ?? 0));
  const body: string[] = [];
  let y = 8;
  zones.forEach((zone, zoneIndex) => {
    y += ROW;
    body.push(text(4, y - 6, `${zone} zone`, 'font-weight="bold" font-size="13"'));
    for (const table of tables.filter((t) => t.zone === zone)) {
      const width = table.rows === null ? 0 : barWidth(table.rows, max);
      body.push(text(LABEL_WIDTH - 8, y + 14, truncate(table.name), 'text-anchor="end"'));
      if (width > 0) body.push(`<rect class="zone-${zoneIndex % 6}" x="${LABEL_WIDTH}" y="${y + 3}" width="${width}" height="${ROW - 6}"><title>${escapeHtml(`${table.name}: ${fmt(table.rows!)} rows`)}</title></rect>`);
      const value = table.missing ? 'MISSING (not in the catalog)' : table.rows === null ? 'not counted' : `${fmt(table.rows)} rows`;
      body.push(text(LABEL_WIDTH + width + 6, y + 14, value, table.missing || table.rows === null ? 'class="bad-text" font-weight="bold"' : ''));
      y += ROW;
    }
  });
  const description = zones
    .map((zone) => `${zone}: ${tables.filter((t) => t.zone === zone).map((t) => `${t.name} ${t.missing ? 'missing' : t.rows === null ? 'not counted' : fmt(t.rows)}`).join(', ')}`)
    .join('. ');
  return svg('chart-rows', 'Rows per table, by zone', `Rows each table holds, grouped by zone. ${description}.`, y + 10, body);
}

/** Expected against actual rows for every table that has an expectation. */
export function expectedVsActualChart(tables: readonly ChartTable[]): string {
  const compared = tables.filter((t) => t.expected !== null);
  if (compared.length === 0) return '';
  const max = Math.max(0, ...compared.flatMap((t) => [t.expected ?? 0, t.rows ?? 0]));
  const body: string[] = [];
  const PAIR = 2 * ROW + 8;
  let y = 10;
  body.push(`<rect class="expected" x="${LABEL_WIDTH}" y="${y}" width="14" height="10"/>`, text(LABEL_WIDTH + 20, y + 9, 'expected'));
  body.push(`<rect class="ok" x="${LABEL_WIDTH + 100}" y="${y}" width="14" height="10"/>`, text(LABEL_WIDTH + 120, y + 9, 'actual = expected'));
  body.push(`<rect class="bad" x="${LABEL_WIDTH + 250}" y="${y}" width="14" height="10"/>`, text(LABEL_WIDTH + 270, y + 9, 'actual differs'));
  y += 22;
  const words: string[] = [];
  for (const table of compared) {
    const matches = table.rows === table.expected;
    body.push(text(LABEL_WIDTH - 8, y + 24, truncate(table.name), 'text-anchor="end"'));
    const expectedWidth = barWidth(table.expected!, max);
    body.push(`<rect class="expected" x="${LABEL_WIDTH}" y="${y + 2}" width="${expectedWidth}" height="${ROW - 6}"/>`);
    body.push(text(LABEL_WIDTH + expectedWidth + 6, y + 14, `expected ${fmt(table.expected!)}`));
    const actualWidth = table.rows === null ? 0 : barWidth(table.rows, max);
    const verdict = table.missing ? 'MISSING' : table.rows === null ? 'not counted' : matches ? `${fmt(table.rows)} ✓ matches` : `${fmt(table.rows)} ✗ differs by ${table.rows - table.expected! > 0 ? '+' : ''}${fmt(table.rows - table.expected!)}`;
    if (actualWidth > 0) body.push(`<rect class="${matches ? 'ok' : 'bad'}" x="${LABEL_WIDTH}" y="${y + ROW}" width="${actualWidth}" height="${ROW - 6}"/>`);
    body.push(text(LABEL_WIDTH + actualWidth + 6, y + ROW + 12, `actual ${verdict}`, matches ? '' : 'class="bad-text" font-weight="bold"'));
    words.push(`${table.name}: expected ${fmt(table.expected!)}, actual ${verdict}`);
    y += PAIR;
  }
  return svg('chart-counts', 'Expected vs actual rows', `Expected and actual row counts per table. ${words.join('; ')}.`, y + 4, body);
}

interface OutcomeTally {
  passed: number;
  failedError: number;
  failedWarning: number;
  inError: number;
}

const SEGMENTS: { key: keyof OutcomeTally; className: string; word: string }[] = [
  { key: 'failedError', className: 'bad', word: 'failed (error)' },
  { key: 'inError', className: 'broken', word: 'could not evaluate' },
  { key: 'failedWarning', className: 'warnfill', word: 'failed (warning)' },
  { key: 'passed', className: 'ok', word: 'passed' },
];

/** Rule outcomes per table as stacked bars: failures first, so they lead the bar. */
export function ruleOutcomesChart(outcomes: readonly QualityOutcome[]): string {
  if (outcomes.length === 0) return '';
  const byTable = new Map<string, OutcomeTally>();
  for (const o of outcomes) {
    const tally = byTable.get(o.table) ?? { passed: 0, failedError: 0, failedWarning: 0, inError: 0 };
    if (o.outcome === 'Passed') tally.passed++;
    else if (o.outcome === 'Failed') o.level === 'warning' ? tally.failedWarning++ : tally.failedError++;
    else tally.inError++;
    byTable.set(o.table, tally);
  }
  const max = Math.max(...[...byTable.values()].map((t) => t.passed + t.failedError + t.failedWarning + t.inError));
  const body: string[] = [];
  let y = 10;
  let legendX = LABEL_WIDTH;
  for (const segment of SEGMENTS) {
    body.push(`<rect class="${segment.className}" x="${legendX}" y="${y}" width="14" height="10"/>`, text(legendX + 20, y + 9, segment.word));
    legendX += 40 + segment.word.length * 7;
  }
  y += 22;
  const words: string[] = [];
  for (const [table, tally] of byTable) {
    body.push(text(LABEL_WIDTH - 8, y + 14, truncate(table), 'text-anchor="end"'));
    let x = LABEL_WIDTH;
    const parts: string[] = [];
    for (const segment of SEGMENTS) {
      const n = tally[segment.key];
      if (n === 0) continue;
      const width = Math.max(2, Math.round((n / max) * BAR_AREA));
      body.push(`<rect class="${segment.className}" x="${x}" y="${y + 3}" width="${width}" height="${ROW - 6}"><title>${escapeHtml(`${table}: ${n} ${segment.word}`)}</title></rect>`);
      if (width >= 18) body.push(text(x + width / 2, y + 15, String(n), 'text-anchor="middle" class="on-bar"'));
      x += width;
      parts.push(`${n} ${segment.word}`);
    }
    const failed = tally.failedError + tally.inError > 0;
    body.push(text(x + 6, y + 14, parts.join(' · '), failed ? 'class="bad-text" font-weight="bold"' : ''));
    words.push(`${table}: ${parts.join(', ')}`);
    y += ROW;
  }
  return svg('chart-rules', 'Rule outcomes by table', `Quality rule outcomes per table. ${words.join('; ')}.`, y + 8, body);
}

/** Colours of the chart classes (the text beside each bar carries the meaning). */
export const CHART_CSS = `
figure.chart { margin: 10px 0 18px; } figure.chart figcaption { font-size: 15px; font-weight: 600; margin-bottom: 4px; }
.chart rect.ok { fill: #1d8102; } .chart rect.bad { fill: #d13212; } .chart rect.warnfill { fill: #c08a00; } .chart rect.broken { fill: #6b2fa0; }
.chart rect.expected { fill: #aab7b8; } .chart .bad-text { fill: #b0281a; } .chart .on-bar { fill: #fff; font-weight: bold; }
.chart rect.zone-0 { fill: #0073bb; } .chart rect.zone-1 { fill: #2e8b57; } .chart rect.zone-2 { fill: #34568b; }
.chart rect.zone-3 { fill: #b35c00; } .chart rect.zone-4 { fill: #00838f; } .chart rect.zone-5 { fill: #5f6b7a; }
`;
