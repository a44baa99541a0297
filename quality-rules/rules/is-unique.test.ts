import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';

const t = tableFromRows(
  [
    { email: 'a@x', n: 1 },
    { email: 'b@x', n: 2 },
    { email: 'b@x', n: 3 },
    { email: null, n: 4 },
    { email: null, n: 5 },
  ],
  { email: 'string', n: 'bigint' },
);

describe('IsUnique', () => {
  it('passes for unique values, NULLs not counted', async () => {
    expect(await evaluateOne('IsUnique "n"', { t })).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Column.n.Uniqueness': 1 } });
    expect((await evaluateOne(`IsUnique "email" where "n <> 3"`, { t })).outcome).toBe('Passed');
  });

  it('fails naming the repeated value; Uniqueness is values seen once over non-NULL rows', async () => {
    // a@x once, b@x twice: 1 of 3 non-NULL rows is unique.
    expect(await evaluateOne('IsUnique "email"', { t })).toMatchObject({
      outcome: 'Failed',
      failureReason: 'Value: 0.333333 does not meet the constraint requirement: 2 of 3 non-NULL rows share a value of email with another row, e.g. "b@x" ×2',
      evaluatedMetrics: { 'Column.email.Uniqueness': 1 / 3 },
    });
  });

  it('checks a combination of columns', async () => {
    expect(await evaluateOne('IsUnique "email" "n"', { t })).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Multicolumn.email,n.Uniqueness': 1 } });
  });

  it('finds repeated numbers too (numeric keys are compared by value)', async () => {
    const numbers = tableFromRows([{ v: 1.5 }, { v: 2 }, { v: 1.5 }, { v: -0 }, { v: 0 }], { v: 'double' });
    expect(await evaluateOne('IsUnique "v"', { numbers })).toMatchObject({ outcome: 'Failed', evaluatedMetrics: { 'Column.v.Uniqueness': 0.2 } });
  });
});
