import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';

const clean = tableFromRows([{ id: 1, x: 1.5 }], { id: 'int', x: 'double' });
const leaky = tableFromRows([{ id: 1, email: 'a', phone: '1' }], { id: 'int', email: 'string', phone: 'string' });
const NO_PII = 'ColumnNamesMatchPattern "^(?!(email|phone)$).*$"';

describe('ColumnNamesMatchPattern', () => {
  it('passes when every column name matches', async () => {
    expect(await evaluateOne(NO_PII, { clean })).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Dataset.*.ColumnNamesPatternMatchRatio': 1 } });
  });

  it('fails naming the columns that do not match, with the matching ratio', async () => {
    const outcome = await evaluateOne(NO_PII, { leaky });
    expect(outcome).toMatchObject({ outcome: 'Failed', failureReason: 'Columns that do not match the pattern: email, phone' });
    expect(outcome.evaluatedMetrics['Dataset.*.ColumnNamesPatternMatchRatio']).toBeCloseTo(1 / 3);
  });

  it('is an error for an invalid pattern', async () => {
    expect((await evaluateOne('ColumnNamesMatchPattern "(["', { clean })).outcome).toBe('Error');
  });
});
