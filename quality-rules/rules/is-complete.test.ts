import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';

const t = tableFromRows([{ a: 'x', b: 1 }, { a: null, b: 2 }, { a: 'z', b: 3 }, { b: 4 }], { a: 'string', b: 'int' });

describe('IsComplete', () => {
  it('passes for a column without NULL', async () => {
    expect(await evaluateOne('IsComplete "b"', { t })).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Column.b.Completeness': 1 } });
  });

  it('fails with the number of NULLs (an absent key is NULL)', async () => {
    expect(await evaluateOne('IsComplete "a"', { t })).toMatchObject({
      outcome: 'Failed',
      failureReason: 'Value: 0.5 does not meet the constraint requirement: 2 of 4 rows (50.00%) have NULL in a',
      evaluatedMetrics: { 'Column.a.Completeness': 0.5 },
    });
  });

  it('checks only the rows of a where clause', async () => {
    expect(await evaluateOne(`IsComplete "a" where "b in (1, 3)"`, { t })).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Column.a.Completeness': 1 } });
  });

  it('is an error for an unknown column', async () => {
    expect(await evaluateOne('IsComplete "nope"', { t })).toMatchObject({ outcome: 'Error', failureReason: 'column "nope" does not exist in table t (columns: a, b)' });
  });
});
