import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';

const t = tableFromRows([{ s: 'a' }, { s: 'b' }, { s: 'c' }, { s: 'c' }], { s: 'string' });

describe('Uniqueness', () => {
  it('judges the fraction of values that occur once', async () => {
    expect(await evaluateOne('Uniqueness "s" = 0.5', { t })).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Column.s.Uniqueness': 0.5 } });
    expect(await evaluateOne('Uniqueness "s" > 0.9', { t })).toMatchObject({
      outcome: 'Failed',
      failureReason: 'Value: 0.5 does not meet the constraint requirement (> 0.9): 2 of 4 non-NULL rows share a value of s with another row, e.g. "c" ×2',
    });
  });

  it('fails, as Deequ does, when there is no non-NULL value to measure', async () => {
    const empty = tableFromRows([{ s: null }], { s: 'string' });
    expect(await evaluateOne('Uniqueness "s" > 0.5', { empty })).toMatchObject({ outcome: 'Failed', failureReason: 'no non-NULL values of s to check' });
  });
});
