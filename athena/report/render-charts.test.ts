import { expectedVsActualChart, ruleOutcomesChart, rowsByZoneChart, type ChartTable } from './render-charts';

const tables: ChartTable[] = [
  { name: 'db.raw_events', zone: 'bronze', rows: 1000, expected: 1000, missing: false },
  { name: 'db.clean_events', zone: 'silver', rows: 500, expected: 498, missing: false },
  { name: 'db.daily', zone: 'gold', rows: null, expected: 7, missing: true },
];

const widths = (svg: string): number[] => [...svg.matchAll(/<rect class="zone-\d" x="\d+" y="\d+" width="(\d+)"/g)].map((m) => Number(m[1]));

describe('SVG charts', () => {
  it('rows by zone: one group per zone label, bars to scale, every value written as text', () => {
    const svg = rowsByZoneChart(tables);
    expect(svg).toMatch(/<svg [^>]*role="img" aria-labelledby="chart-rows-t chart-rows-d"/);
    expect(svg).toContain('<title id="chart-rows-t">Rows per table, by zone</title>');
    expect(svg).toContain('bronze: db.raw_events 1,000. silver: db.clean_events 500. gold: db.daily missing.');
    for (const label of ['>bronze zone<', '>silver zone<', '>gold zone<', '>1,000 rows<', '>500 rows<', '>MISSING (not in the catalog)<']) expect(svg).toContain(label);
    const [big, half] = widths(svg);
    expect(big).toBeGreaterThan(0);
    expect(half! * 2).toBe(big);
    // The missing table has no bar, only its word.
    expect(widths(svg)).toHaveLength(2);
  });

  it('expected vs actual: says which counts match and by how much the others differ', () => {
    const svg = expectedVsActualChart(tables);
    expect(svg).toContain('>actual 1,000 ✓ matches<');
    expect(svg).toContain('>actual 500 ✗ differs by +2<');
    expect(svg).toContain('>actual MISSING<');
    expect(svg).toContain('>expected 498<');
    expect(expectedVsActualChart([{ ...tables[0]!, expected: null }])).toBe('');
  });

  it('rule outcomes: a stacked bar per table, failures first, counts in words', () => {
    const outcomes = [
      { table: 'a', rule: 'r1', outcome: 'Passed', level: 'error' },
      { table: 'a', rule: 'r2', outcome: 'Failed', level: 'warning' },
      { table: 'b', rule: 'r3', outcome: 'Failed', level: 'error' },
      { table: 'b', rule: 'r4', outcome: 'Error', level: 'error' },
      { table: 'b', rule: 'r5', outcome: 'Passed', level: 'warning' },
    ];
    const svg = ruleOutcomesChart(outcomes);
    expect(svg).toContain('>1 failed (warning) · 1 passed<');
    expect(svg).toContain('>1 failed (error) · 1 could not evaluate · 1 passed<');
    expect(svg).toContain('Quality rule outcomes per table. a: 1 failed (warning), 1 passed; b: 1 failed (error), 1 could not evaluate, 1 passed.');
    expect(ruleOutcomesChart([])).toBe('');
  });

  it('escapes names and refers to nothing outside the page', () => {
    const svg = rowsByZoneChart([{ name: 'db.<script>', zone: 'a&b', rows: 1, expected: null, missing: false }]);
    expect(svg).toContain('db.&lt;script&gt;');
    expect(svg).toContain('a&amp;b zone');
    expect(svg).not.toMatch(/<script|href=|src=/);
  });
});
