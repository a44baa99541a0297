import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';

const t = tableFromRows([{ a: 1 }, { a: 2 }, { a: null }], { a: 'int' });

describe('RowCount', () => {
  it('passes when the row count meets the condition', async () => {
    expect(await evaluateOne('RowCount = 3', { t })).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Dataset.*.RowCount': 3 } });
    expect((await evaluateOne('RowCount between 2 and 4', { t })).outcome).toBe('Passed');
  });

  it('fails with the observed count, and between is exclusive', async () => {
    expect(await evaluateOne('RowCount > 3', { t })).toMatchObject({ outcome: 'Failed', failureReason: 'Value: 3 does not meet the constraint requirement (> 3)' });
    expect((await evaluateOne('RowCount between 3 and 4', { t })).outcome).toBe('Failed');
  });

  it('counts only the rows of a where clause', async () => {
    expect(await evaluateOne('RowCount = 1 where "a > 1"', { t })).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Dataset.*.RowCount': 1 } });
  });

  it('is an error without a condition, and for dynamic rules', async () => {
    expect(await evaluateOne('RowCount', { t })).toMatchObject({ outcome: 'Error', failureReason: expect.stringContaining('needs a condition') });
    expect(await evaluateOne('RowCount > avg(last(3))', { t })).toMatchObject({ outcome: 'Error', failureReason: expect.stringContaining('metric history') });
  });
});
