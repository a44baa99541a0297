import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';

const t = tableFromRows(
  [
    { n: 1, s: 'US', d: '2023-01-10', ts: Date.UTC(2023, 0, 10, 12) },
    { n: 5, s: 'CA', d: '2023-02-01', ts: Date.UTC(2023, 1, 1) },
    { n: 10, s: '', d: null, ts: null },
    { n: null, s: null, d: '2023-03-01', ts: Date.UTC(2023, 2, 1) },
  ],
  { n: 'int', s: 'string', d: 'date', ts: 'timestamp' },
);

async function compliance(rule: string): Promise<number | undefined> {
  const metric = / matches /.test(rule) ? 'PatternMatch' : 'ColumnValues.Compliance';
  return (await evaluateOne(rule, { t })).evaluatedMetrics['Column.' + /"(\w+)"/.exec(rule)![1] + '.' + metric];
}

describe('ColumnValues', () => {
  it('passes when every value satisfies the condition', async () => {
    expect(await evaluateOne(`ColumnValues "n" >= 1 where "n is not null"`, { t })).toMatchObject({
      outcome: 'Passed',
      evaluatedMetrics: { 'Column.n.ColumnValues.Compliance': 1, 'Column.n.Minimum': 1 },
    });
  });

  it('fails with the failing fraction and examples; NULL fails a comparison', async () => {
    expect(await evaluateOne('ColumnValues "n" > 1', { t })).toMatchObject({
      outcome: 'Failed',
      failureReason: 'Value: 0.5 does not meet the constraint requirement: 2 of 4 rows (50.00%) have a n that fails "> 1", e.g. 1, NULL',
      evaluatedMetrics: { 'Column.n.ColumnValues.Compliance': 0.5, 'Column.n.Minimum': 1 },
    });
  });

  it('treats between as exclusive and not between as its complement (NULL fails both)', async () => {
    expect(await compliance('ColumnValues "n" between 1 and 10')).toBe(0.25);
    expect(await compliance('ColumnValues "n" not between 1 and 10')).toBe(0.5);
  });

  it('lets NULL pass != and not in, unless NULL is listed', async () => {
    expect(await compliance('ColumnValues "s" != "US"')).toBe(0.75);
    expect(await compliance('ColumnValues "s" not in ["US", "CA"]')).toBe(0.5);
    expect(await compliance('ColumnValues "s" not in ["US", NULL]')).toBe(0.5);
    expect(await compliance('ColumnValues "s" in ["US", "CA", NULL]')).toBe(0.75);
    expect(await compliance('ColumnValues "s" = EMPTY')).toBe(0.25);
    expect(await compliance('ColumnValues "s" != EMPTY')).toBe(0.5);
  });

  it('matches a whole value against a regular expression', async () => {
    expect(await compliance('ColumnValues "s" matches "[A-Z]{2}"')).toBe(0.5);
    expect(await compliance('ColumnValues "s" matches "U"')).toBe(0);
    // Deequ's DQDL evaluator checks a pattern and names the fraction PatternMatch.
    expect((await evaluateOne('ColumnValues "s" matches "[A-Z]{2}"', { t })).evaluatedMetrics).toEqual({ 'Column.s.PatternMatch': 0.5 });
  });

  it('compares dates and timestamps by day', async () => {
    expect(await compliance('ColumnValues "d" > "2023-01-31"')).toBe(0.5);
    expect(await compliance('ColumnValues "ts" <= "2023-01-10"')).toBe(0.25);
    expect(await compliance('ColumnValues "d" > (now() - 36500 days)')).toBe(0.75);
  });

  it('judges the compliant fraction against with threshold', async () => {
    expect((await evaluateOne('ColumnValues "n" > 1 with threshold >= 0.5', { t })).outcome).toBe('Passed');
    expect(await evaluateOne('ColumnValues "n" > 1 with threshold > 0.5', { t })).toMatchObject({
      outcome: 'Failed',
      failureReason: expect.stringMatching(/^Value: 0.5 does not meet the constraint requirement \(> 0.5\): 2 of 4 rows/),
    });
  });

  it('is an error to compare a string column with a number', async () => {
    expect((await evaluateOne('ColumnValues "s" > 3', { t })).outcome).toBe('Error');
  });
});
