import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';

const t = tableFromRows([{ a: 'x' }, { a: null }, { a: 'y' }, { a: 'z' }], { a: 'string' });

describe('Completeness', () => {
  it('judges the fraction of non-NULL values', async () => {
    expect(await evaluateOne('Completeness "a" >= 0.75', { t })).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Column.a.Completeness': 0.75 } });
    expect(await evaluateOne('Completeness "a" > 0.9', { t })).toMatchObject({
      outcome: 'Failed',
      failureReason: 'Value: 0.75 does not meet the constraint requirement (> 0.9): 1 of 4 rows have NULL in a',
    });
  });
});
