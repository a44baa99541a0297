import { tableFromRows } from '../load/rows';
import { evaluateOne } from '../test-support/evaluate-one';

const t = tableFromRows([{ email: 'a' }], { email: 'string' });

describe('ColumnExists', () => {
  it('passes for an existing column, matching names case-insensitively', async () => {
    expect(await evaluateOne('ColumnExists "Email"', { t })).toMatchObject({ outcome: 'Passed', evaluatedMetrics: { 'Dataset.Email.ColumnExists': 1 } });
  });

  it('fails for a missing column and lists the columns', async () => {
    expect(await evaluateOne('ColumnExists "phone"', { t })).toMatchObject({
      outcome: 'Failed',
      failureReason: 'column "phone" does not exist (columns: email)',
      evaluatedMetrics: { 'Dataset.phone.ColumnExists': 0 },
    });
  });
});
