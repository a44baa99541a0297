import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildReport } from './build-report';
import { findChromium } from './chromium';
import { JSON_SERDE, makeRunDir } from '../test-support/run-fixture';

const table = (name: string): string =>
  `CREATE EXTERNAL TABLE stedi.${name} (email string, sharewithresearchasofdate bigint) ${JSON_SERDE} LOCATION 's3://b/${name}/' TBLPROPERTIES ('classification'='json')`;

const lines = (n: number, consent = true): string =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ email: `user${i}@x.test`, ...(consent ? { shareWithResearchAsOfDate: 1650000000000 + i } : {}) })).join('\n');

describe('buildReport', () => {
  let runDir: string;

  beforeAll(() => {
    runDir = makeRunDir([
      { ddl: table('customer_landing'), files: { 'a.json': `${lines(7, false)}\n${lines(5)}\n` }, record: { zone: 'landing', expected: 12, rows: 12 } },
      { ddl: table('customer_trusted'), files: { 'part-0.json': lines(5) }, record: { zone: 'trusted', expected: 6, rows: 5 } },
      { ddl: table('customers_curated'), files: {}, record: { zone: 'curated', expected: null } },
    ]);
  });

  afterAll(() => fs.rmSync(runDir, { recursive: true, force: true }));

  it('writes one self-contained HTML page with every table, its validation query, count and expected count', async () => {
    const gate = [
      { table: 'customer_trusted', rule: 'IsComplete "sharewithresearchasofdate"', outcome: 'Passed', level: 'error', evaluatedMetrics: { 'Column.sharewithresearchasofdate.Completeness': 1 } },
      { table: 'customer_trusted', rule: 'RowCount = 6', outcome: 'Failed', level: 'error', failureReason: 'Value: 5 does not meet the constraint requirement!', evaluatedMetrics: { 'Dataset.*.RowCount': 5 } },
      { table: 'gone_table', rule: 'RowCount > 0', outcome: 'Failed', level: 'warning' },
    ];
    const result = await buildReport({ runDir, outFile: path.join(runDir, 'out', 'evidence.html'), gate, chromium: false });
    expect(result.htmlPath).toBe(path.join(runDir, 'out', 'evidence.html'));
    const html = fs.readFileSync(result.htmlPath, 'utf8');

    for (const [name, count] of [['customer_landing', 12], ['customer_trusted', 5], ['customers_curated', 0]] as const) {
      expect(html).toContain(`SELECT COUNT(*) FROM &quot;stedi&quot;.&quot;${name}&quot;`);
      expect(html).toContain(`SELECT * FROM &quot;stedi&quot;.&quot;${name}&quot; LIMIT 10`);
      const section = html.slice(html.indexOf(`<section class="table" id="stedi.${name}">`));
      expect(section).toContain(`data-count="${count}"`);
    }
    expect(html).toContain('landing zone');
    expect(html).toContain('trusted zone');
    expect(html).toContain('curated zone');
    // Sample rows come from the data; the camelCase consent key reads into its column.
    expect(html).toContain('user4@x.test');
    expect(html).toContain('1650000000004');
    // Quality outcomes, including one for a table the run lacks (shown, not dropped).
    expect(html).toContain('IsComplete &quot;sharewithresearchasofdate&quot;');
    expect(html).toContain('Value: 5 does not meet the constraint requirement!');
    expect(html).toContain('gone_table');
    // Self-contained: no external stylesheet, script or image.
    expect(html).not.toMatch(/<script|<link|src=/);

    expect(result.tables).toEqual([
      { table: 'stedi.customer_landing', count: 12, expected: 12, status: 'match' },
      { table: 'stedi.customer_trusted', count: 5, expected: 6, status: 'mismatch' },
      { table: 'stedi.customers_curated', count: 0, expected: null, status: 'no-expectation' },
    ]);
    expect(result.pngPaths).toEqual([]);
    expect(result.notes).toContain('PNG screenshots skipped (disabled)');
    expect(fs.readFileSync(path.join(runDir, 'out', 'ddl', 'customer_trusted.sql'), 'utf8')).toContain('CREATE EXTERNAL TABLE `stedi`.`customer_trusted`(');
  });

  it('notes that PNGs were skipped when no Chromium is found', async () => {
    const result = await buildReport({ runDir, outFile: path.join(runDir, 'out2', 'index.html'), chromium: path.join(runDir, 'no-such-chromium') });
    expect(result.pngPaths).toEqual([]);
    expect(result.notes.join('\n')).toContain('PNG screenshots skipped: no Chromium found');
  });

  const chromium = findChromium();
  (chromium ? it : it.skip)('renders one PNG per table with Chromium', async () => {
    const result = await buildReport({ runDir, outFile: path.join(runDir, 'out3', 'index.html') });
    expect(result.notes).toEqual([]);
    expect(result.pngPaths.map((p) => path.basename(p))).toEqual(['stedi.customer_landing.png', 'stedi.customer_trusted.png', 'stedi.customers_curated.png']);
    for (const png of result.pngPaths) expect(fs.readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });
  if (!chromium) {
    // eslint-disable-next-line no-console
    console.warn('SKIPPED: no Chromium installed; the PNG test did not run');
  }
});

describe('buildReport ledger figures', () => {
  it('shows staged and counted figures and the ledger reasons of each table', async () => {
    const { countTable, runTableSource, summariseLedger, writeLedger } = await import('../../table');
    const runDir = makeRunDir([
      // Two clean rows, one "}," row, one blank line: 3 rows, 1 trailing-content, 1 blank-line.
      { ddl: table('customer_landing'), files: { 'a.json': '{"email":"a"}\n{"email":"b"},\n\n{"email":"c"}\n' }, record: { zone: 'landing', expected: 3, rows: 3 } },
    ]);
    try {
      const ledger = await countTable(runTableSource(runDir, 'stedi', 'customer_landing'));
      writeLedger(runDir, 'stedi', 'customer_landing', ledger);
      const runFile = path.join(runDir, 'run.json');
      const record = JSON.parse(fs.readFileSync(runFile, 'utf8'));
      record.tables.customer_landing.staged = { files: 2, records: 3, rejectedFiles: ['landing/b.csv: looks like csv'], ledger: summariseLedger(ledger) };
      record.tables.customer_landing.lost = { count: 2, byJob: { copy_customers: 2 }, located: ['a.json:4 record dropped by the reader'] };
      fs.writeFileSync(runFile, JSON.stringify(record));
      const result = await buildReport({ runDir, chromium: false });
      const html = fs.readFileSync(result.htmlPath, 'utf8');
      expect(html).toContain('staged <strong>3</strong>');
      expect(html).toContain('counted <strong>3</strong>');
      expect(html).toContain('4 line(s) in 1 object(s): 2 accepted, 1 with issues, 0 rejected, 1 skipped');
      expect(html).toMatch(/<td>trailing-content<\/td><td class="num">1<\/td>/);
      expect(html).toMatch(/<td>blank-line<\/td><td class="num">1<\/td>/);
      expect(html).toContain('a.json:2 trailing-content');
      expect(html).toContain('landing file refused: landing/b.csv');
      // Records a job's reader lost: in the ledger figures and in the table's section, located.
      expect(html).toContain('<td class="num bad-cell">2</td>');
      expect(html).toContain("2 record(s) the ledger accepted were LOST by a job's reader (copy_customers: 2)");
      expect(html).toContain('located: a.json:4 record dropped by the reader');
    } finally {
      fs.rmSync(runDir, { recursive: true, force: true });
    }
  });
});
