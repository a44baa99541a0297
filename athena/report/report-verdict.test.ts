/**
 * The report leads with the verdict (issue 11, deliverable 6): a run whose gate FAILED must say
 * so on its first screen, a FAILED run must show its traceback and its missing tables, and the
 * pipeline is called by its own name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildReport } from './build-report';
import { findChromium } from './chromium';
import { EPOCH_MS, PIPELINE_NAME, failedGateRun, failedJobRun } from './testing/report-runs';

/** Width and height from a PNG's IHDR chunk (bytes 16-23), read without the code under test. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const bodyOf = (html: string): string => html.slice(html.indexOf('<body>') + '<body>'.length).trimStart();

describe('report of a run whose quality gate failed', () => {
  let runDir: string;
  let html: string;
  let result: Awaited<ReturnType<typeof buildReport>>;

  beforeAll(async () => {
    runDir = failedGateRun();
    result = await buildReport({ runDir, chromium: false });
    html = fs.readFileSync(result.htmlPath, 'utf8');
  });
  afterAll(() => fs.rmSync(runDir, { recursive: true, force: true }));

  it('opens with a FAILED banner that names the pipeline, the run status and the gate figures', () => {
    const body = bodyOf(html);
    expect(body.startsWith('<header class="verdict verdict-failed"')).toBe(true);
    const banner = body.slice(0, body.indexOf('</header>'));
    expect(banner).toContain('data-verdict="FAILED"');
    expect(banner).toContain(`<strong>${PIPELINE_NAME}</strong>`);
    // Words, not colour alone: each line has its label and its state in text.
    expect(banner).toMatch(/<th scope="row">Run<\/th><td class="mark">✔ OK<\/td><td>SUCCEEDED — 1 of 1 job succeeded<\/td>/);
    expect(banner).toMatch(/<th scope="row">Quality gate<\/th><td class="mark">✖ FAILED<\/td><td>FAILED \(exit 1\) — 2 error-level rules failed, 1 warning rule failed, 2 of 5 rules passed<\/td>/);
    expect(banner).toContain('data-exit-code="1"');
    expect(html).toContain(`<title>${PIPELINE_NAME} — FAILED — run `);
    // A custom pipeline is never titled after the bundled example.
    expect(html).not.toMatch(/STEDI/);
  });

  it('lists the failed rules before any table evidence, error level above warnings, with observed metrics and reasons', () => {
    const failedAt = html.indexOf('<h2 id="failed-rules">Failed rules (3 of 5)</h2>');
    expect(failedAt).toBeGreaterThan(html.indexOf('</header>'));
    expect(failedAt).toBeLessThan(html.indexOf('<section class="table"'));
    const table = html.slice(failedAt, html.indexOf('</table>', failedAt));
    const order = ['IsUnique &quot;orderid&quot;', 'ColumnValues &quot;status&quot; = &quot;PAID&quot;', 'Completeness &quot;customeremail&quot; &gt;= 0.95'].map((rule) => table.indexOf(rule));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(table).toContain('Column.orderid.Uniqueness = <strong>0.5</strong>');
    expect(table).toContain('Value: 0.5 does not meet the constraint requirement!');
    expect(table).toContain('rules/orders_trusted.dqdl:4');
    // Passed rules are not in the failures table.
    expect(table).not.toContain('IsComplete');
  });

  it('shows each table\'s ledger figures and three accessible SVG charts, with no external resource', () => {
    expect(html).toContain('<h2 id="tables">Tables: every line accounted for</h2>');
    const svgs = html.match(/<svg [^>]*role="img"[^>]*>/g) ?? [];
    expect(svgs).toHaveLength(3);
    for (const title of ['Rows per table, by zone', 'Expected vs actual rows', 'Rule outcomes by table']) expect(html).toContain(`>${title}</title>`);
    // Zones are the definition's labels, each a group of the rows chart.
    expect(html).toContain('>bronze zone</text>');
    expect(html).toContain('>silver zone</text>');
    expect(html).toContain('>4 rows</text>');
    expect(html).toContain('>actual 2 ✓ matches</text>');
    expect(html).toContain('>2 failed (error) · 1 passed</text>');
    expect(html).not.toMatch(/<script|<link|src=|href="http/);
  });

  it('shows epoch-millisecond columns also as dates in the sample rows', () => {
    // Athena prints a timestamp with time zone as `2020-11-19 21:40:27.184 UTC`
    // (https://qiita.com/yoshiyama_hana/items/98360d34227cfcdd00b2, `SELECT current_timestamp`).
    expect(html).toContain(`${EPOCH_MS}<br><span class="epoch-date">2022-06-18 15:00:44.103 UTC</span>`);
    expect(html).toContain('bigint · epoch ms');
    expect(html).not.toMatch(/varchar · epoch ms/);
  });

  it('returns the verdict for `report --json`', () => {
    expect(result.verdict).toMatchObject({
      state: 'FAILED',
      exitCode: 1,
      headline: 'FAILED: quality gate FAILED (2 error-level rules failed)',
      run: { status: 'SUCCEEDED', failedJobs: [], skippedJobs: [], tableProblems: [] },
      gate: { exitCode: 1, rules: 5, passed: 2, errorRulesFailed: 2, warningRulesFailed: 1, rulesInError: 0 },
      counts: { counted: 2, compared: 2, mismatched: [], unreadable: [], missing: [] },
    });
  });
});

describe('report of a FAILED run', () => {
  let runDir: string;
  let html: string;
  let result: Awaited<ReturnType<typeof buildReport>>;

  beforeAll(async () => {
    runDir = failedJobRun();
    result = await buildReport({ runDir, chromium: false });
    html = fs.readFileSync(result.htmlPath, 'utf8');
  });
  afterAll(() => fs.rmSync(runDir, { recursive: true, force: true }));

  it('says FAILED with the failed and skipped jobs and the missing tables, and exits 2', () => {
    const banner = bodyOf(html).slice(0, html.indexOf('</header>'));
    expect(banner).toContain('data-verdict="FAILED"');
    expect(banner).toContain('run FAILED; 2 tables missing');
    expect(banner).toContain('FAILED — 0 of 2 jobs succeeded; 1 FAILED (clean_orders); 1 SKIPPED (daily_rollup)');
    expect(banner).toContain('– NOT RUN');
    expect(banner).toContain('2 tables missing (acme.orders_clean, acme.orders_daily)');
    expect(result.verdict.exitCode).toBe(2);
    expect(result.verdict.counts.missing).toEqual(['acme.orders_clean', 'acme.orders_daily']);
    expect(result.tables.filter((t) => t.status === 'missing')).toEqual([
      { table: 'acme.orders_clean', count: null, expected: 2, status: 'missing' },
      { table: 'acme.orders_daily', count: null, expected: 2, status: 'missing' },
    ]);
  });

  it('shows the traceback from run.json and the tail of the job log', () => {
    const problems = html.slice(html.indexOf('<h2 id="problems">'), html.indexOf('<h2 id="tables">'));
    expect(problems).toContain('<pre class="traceback">Traceback (most recent call last):');
    expect(problems).toContain('orders = Filter.apply(frame=source, f=lambda row: row[&quot;orderId&quot;] != &quot;&quot;)');
    expect(problems).toContain('KeyError: &#39;orderId&#39;');
    expect(problems).toContain('last lines of jobs/clean_orders.log');
    // 66 lines written, the last 40 kept: progress lines 27..60 are in, 1..26 are not.
    expect(problems).toContain('… 26 earlier line(s) in the file');
    expect(problems).toMatch(/\nprogress line 27\n/);
    expect(problems).not.toMatch(/progress line 26\n/);
    expect(problems).toContain('skipped: clean_orders did not succeed');
  });

  it('lists the missing tables with why, in the problems and in the ledger figures', () => {
    const problems = html.slice(html.indexOf('<h2 id="problems">'), html.indexOf('<h2 id="tables">'));
    for (const name of ['orders_clean', 'orders_daily']) {
      expect(problems).toContain(`<td>acme.${name}</td><td><span class="badge error">MISSING</span></td>`);
      expect(problems).toContain(`${name} is not in the catalog: the job writing it did not register it`);
    }
    const figures = html.slice(html.indexOf('<h2 id="tables">'), html.indexOf('<h2 id="charts">'));
    expect(figures.match(/MISSING/g)).toHaveLength(2);
    expect(html).toContain('>MISSING (not in the catalog)</text>');
  });
});

describe('the first screen, as a person sees it', () => {
  const chromium = findChromium();
  if (!chromium) {
    // eslint-disable-next-line no-console
    console.warn('SKIPPED: no Chromium installed (Debian: apt-get install -y chromium); the report screenshots were not checked');
  }
  (chromium ? it : it.skip).each([
    ['a failed gate', failedGateRun],
    ['a FAILED run', failedJobRun],
  ])('%s: Chromium renders the verdict screen to report/overview.png in the run directory', async (_name, makeRun) => {
    const runDir = makeRun();
    try {
      const result = await buildReport({ runDir });
      expect(result.overviewPng).toBe(path.join(runDir, 'report', 'overview.png'));
      expect(pngSize(result.overviewPng!)).toEqual({ width: 1400, height: 900 });
      expect(result.notes).toEqual([]);
    } finally {
      fs.rmSync(runDir, { recursive: true, force: true });
    }
  });
});
